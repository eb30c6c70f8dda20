"""What was typed into a form sent after the session ended is kept for its author for an hour

Revision ID: e1c7a4f09b23
Revises: d5a9e3b17c40
Create Date: 2026-12-02 20:50:00

"""
from alembic import op
import sqlalchemy as sa

import housing.core.types


# revision identifiers, used by Alembic.
revision = 'e1c7a4f09b23'
down_revision = 'd5a9e3b17c40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "form_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("saved_at", housing.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_form_draft_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_draft")),
    )
    with op.batch_alter_table("form_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_form_draft_saved_at"), ["saved_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_form_draft_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("form_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_draft_user_id"))
        batch_op.drop_index(batch_op.f("ix_form_draft_saved_at"))
    op.drop_table("form_draft")
