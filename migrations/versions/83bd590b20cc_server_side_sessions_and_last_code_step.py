"""Sessions on the server (user_session) and the last accepted second-factor step

Every session now lives in user_session; cookies issued before this revision carry no
session token, so everyone logs in once more after the upgrade.

Revision ID: 83bd590b20cc
Revises: 42c7c4481889
Create Date: 2026-12-02 13:39:23.832387

"""
from alembic import op
import sqlalchemy as sa

import housing.core.types


# revision identifiers, used by Alembic.
revision = '83bd590b20cc'
down_revision = '42c7c4481889'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', housing.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', housing.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('browser', sa.String(length=80), nullable=False),
    sa.Column('second_factor_pending', sa.Boolean(), nullable=False),
    sa.Column('wrong_codes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')

    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
