"""Her deadlines (a stay's and a beneficiary's dated items with their reminders) and the follow-up
after she leaves: consent at discharge or exit, and each attempt to reach her with its outcome

Revision ID: 9b50ac40ca1a
Revises: e8c4f1a2b3d6
Create Date: 2026-12-03 06:21:37.849382

"""
from alembic import op
import sqlalchemy as sa

import housing.core.types


# revision identifiers, used by Alembic.
revision = '9b50ac40ca1a'
down_revision = 'e8c4f1a2b3d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stay_deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stay_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('responsible', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_stay_deadline_done_by_id_user_account')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_stay_deadline_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['stay_id'], ['stay.id'], name=op.f('fk_stay_deadline_stay_id_stay')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stay_deadline'))
    )
    with op.batch_alter_table('stay_deadline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stay_deadline_stay_id'), ['stay_id'], unique=False)

    op.create_table('stay_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stay_id', sa.Integer(), nullable=False),
    sa.Column('consents', sa.Boolean(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=120), nullable=False),
    sa.Column('service', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_stay_follow_up_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['stay_id'], ['stay.id'], name=op.f('fk_stay_follow_up_stay_id_stay')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stay_follow_up')),
    sa.UniqueConstraint('stay_id', name=op.f('uq_stay_follow_up_stay_id'))
    )
    op.create_table('beneficiary_deadline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('responsible', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], name=op.f('fk_beneficiary_deadline_beneficiary_id_beneficiary')),
    sa.ForeignKeyConstraint(['done_by_id'], ['user_account.id'], name=op.f('fk_beneficiary_deadline_done_by_id_user_account')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_beneficiary_deadline_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beneficiary_deadline'))
    )
    with op.batch_alter_table('beneficiary_deadline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_beneficiary_deadline_beneficiary_id'), ['beneficiary_id'], unique=False)

    op.create_table('beneficiary_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('consents', sa.Boolean(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=120), nullable=False),
    sa.Column('service', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], name=op.f('fk_beneficiary_follow_up_beneficiary_id_beneficiary')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_beneficiary_follow_up_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beneficiary_follow_up')),
    sa.UniqueConstraint('beneficiary_id', name=op.f('uq_beneficiary_follow_up_beneficiary_id'))
    )
    op.create_table('stay_follow_up_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('attempted_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('reached', sa.Boolean(), nullable=False),
    sa.Column('housing_outcome', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['follow_up_id'], ['stay_follow_up.id'], name=op.f('fk_stay_follow_up_attempt_follow_up_id_stay_follow_up')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_stay_follow_up_attempt_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stay_follow_up_attempt'))
    )
    with op.batch_alter_table('stay_follow_up_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stay_follow_up_attempt_follow_up_id'), ['follow_up_id'], unique=False)

    op.create_table('beneficiary_follow_up_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('attempted_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('reached', sa.Boolean(), nullable=False),
    sa.Column('housing_outcome', sa.String(length=24), nullable=False),
    sa.Column('work_outcome', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['follow_up_id'], ['beneficiary_follow_up.id'], name=op.f('fk_beneficiary_follow_up_attempt_follow_up_id_beneficiary_follow_up')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_beneficiary_follow_up_attempt_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_beneficiary_follow_up_attempt'))
    )
    with op.batch_alter_table('beneficiary_follow_up_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_beneficiary_follow_up_attempt_follow_up_id'), ['follow_up_id'], unique=False)



def downgrade():
    with op.batch_alter_table('beneficiary_follow_up_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_beneficiary_follow_up_attempt_follow_up_id'))

    op.drop_table('beneficiary_follow_up_attempt')
    with op.batch_alter_table('stay_follow_up_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stay_follow_up_attempt_follow_up_id'))

    op.drop_table('stay_follow_up_attempt')
    op.drop_table('beneficiary_follow_up')
    with op.batch_alter_table('beneficiary_deadline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_beneficiary_deadline_beneficiary_id'))

    op.drop_table('beneficiary_deadline')
    op.drop_table('stay_follow_up')
    with op.batch_alter_table('stay_deadline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stay_deadline_stay_id'))

    op.drop_table('stay_deadline')
