"""Indexes for ten years of history

A stay's admission day (reports and lists by admission), a woman's stays past and present (her
file lists them), the day a referral was closed (the waiting list shows the latest), and a
beneficiary's sessions by day (the last session is read from the index, not from every session
ever held).

Revision ID: f3a7c9d2e4b1
Revises: f3a9d2c5b7e1
Create Date: 2026-12-03 07:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3a7c9d2e4b1'
down_revision = 'f3a9d2c5b7e1'
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_stay_admitted_on", "stay", ["admitted_on"]),
    ("ix_stay_resident_id", "stay", ["resident_id"]),
    ("ix_referral_closed_on", "referral", ["closed_on"]),
    ("ix_support_session_beneficiary_held_on", "support_session", ["beneficiary_id", "held_on"]),
)


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
