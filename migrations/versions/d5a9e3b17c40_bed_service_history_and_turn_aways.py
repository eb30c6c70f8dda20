"""The history of beds out of service, and the register of requests turned away at once

A bed out of service today gets its period from `out_of_service_since` (or today, if that was
never recorded), so the reports count it from then.

Revision ID: d5a9e3b17c40
Revises: c41f0a7d2e63
Create Date: 2026-12-02 20:10:00

"""
from datetime import date

from alembic import op
import sqlalchemy as sa

import housing.core.types


# revision identifiers, used by Alembic.
revision = 'd5a9e3b17c40'
down_revision = 'c41f0a7d2e63'
branch_labels = None
depends_on = None

bed = sa.table("bed", sa.column("id", sa.Integer), sa.column("in_service", sa.Boolean),
               sa.column("out_of_service_reason", sa.String), sa.column("out_of_service_since", sa.Date))


def upgrade():
    op.create_table(
        "bed_service_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bed_id", sa.Integer(), nullable=False),
        sa.Column("out_from", sa.Date(), nullable=False),
        sa.Column("back_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["bed_id"], ["bed.id"], name=op.f("fk_bed_service_period_bed_id_bed")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_bed_service_period_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bed_service_period")),
    )
    with op.batch_alter_table("bed_service_period", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bed_service_period_bed_id"), ["bed_id"], unique=False)
    op.create_table(
        "turn_away",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.Column("oldest_child_age", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("referred_to", sa.String(length=200), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", housing.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_turn_away_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_turn_away")),
    )
    with op.batch_alter_table("turn_away", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_turn_away_occurred_on"), ["occurred_on"], unique=False)
    period = sa.table("bed_service_period", sa.column("bed_id", sa.Integer), sa.column("out_from", sa.Date),
                      sa.column("back_on", sa.Date), sa.column("reason", sa.String))
    bind = op.get_bind()
    out = bind.execute(sa.select(bed.c.id, bed.c.out_of_service_reason, bed.c.out_of_service_since)
                       .where(bed.c.in_service.is_(False))).all()
    for bed_id, reason, since in out:
        bind.execute(period.insert().values(bed_id=bed_id, out_from=since or date.today(), back_on=None,
                                            reason=reason or ""))


def downgrade():
    with op.batch_alter_table("turn_away", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_turn_away_occurred_on"))
    op.drop_table("turn_away")
    with op.batch_alter_table("bed_service_period", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bed_service_period_bed_id"))
    op.drop_table("bed_service_period")
