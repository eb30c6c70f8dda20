"""The safety plan of a stay: risk assessments, protective orders (and the children they
protect), persons who must not be told she is here or let in (the door list reads them)

Revision ID: 9b3f6c2a1e57
Revises: e1c7a4f09b23
Create Date: 2026-12-02 20:25:23

"""
from alembic import op
import sqlalchemy as sa

import housing.core.types


# revision identifiers, used by Alembic.
revision = '9b3f6c2a1e57'
down_revision = 'e1c7a4f09b23'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('barred_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stay_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('relationship_to_her', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('what_to_do', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ended_by_id'], ['user_account.id'], name=op.f('fk_barred_person_ended_by_id_user_account')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_barred_person_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['stay_id'], ['stay.id'], name=op.f('fk_barred_person_stay_id_stay')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_barred_person'))
    )
    with op.batch_alter_table('barred_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_barred_person_stay_id'), ['stay_id'], unique=False)

    op.create_table('protective_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stay_id', sa.Integer(), nullable=False),
    sa.Column('authority', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('protects_woman', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by_id', sa.Integer(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['ended_by_id'], ['user_account.id'], name=op.f('fk_protective_order_ended_by_id_user_account')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_protective_order_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['stay_id'], ['stay.id'], name=op.f('fk_protective_order_stay_id_stay')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protective_order'))
    )
    with op.batch_alter_table('protective_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protective_order_stay_id'), ['stay_id'], unique=False)

    op.create_table('risk_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stay_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['user_account.id'], name=op.f('fk_risk_assessment_assessed_by_id_user_account')),
    sa.ForeignKeyConstraint(['stay_id'], ['stay.id'], name=op.f('fk_risk_assessment_stay_id_stay')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_assessment'))
    )
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_assessment_stay_id'), ['stay_id'], unique=False)

    op.create_table('protective_order_child',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('stay_child_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['protective_order.id'], name=op.f('fk_protective_order_child_order_id_protective_order')),
    sa.ForeignKeyConstraint(['stay_child_id'], ['stay_child.id'], name=op.f('fk_protective_order_child_stay_child_id_stay_child')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protective_order_child')),
    sa.UniqueConstraint('order_id', 'stay_child_id', name='uq_protective_order_child')
    )
    with op.batch_alter_table('protective_order_child', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_protective_order_child_order_id'), ['order_id'], unique=False)



def downgrade():
    with op.batch_alter_table('protective_order_child', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protective_order_child_order_id'))

    op.drop_table('protective_order_child')
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_assessment_stay_id'))

    op.drop_table('risk_assessment')
    with op.batch_alter_table('protective_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protective_order_stay_id'))

    op.drop_table('protective_order')
    with op.batch_alter_table('barred_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_barred_person_stay_id'))

    op.drop_table('barred_person')
