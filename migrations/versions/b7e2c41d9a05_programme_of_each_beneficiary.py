"""Each beneficiary belongs to one programme; the end of a tenancy or job by a move is stored as a code

Every beneficiary so far is REINTEGRATION's. "Moved home" and "Started another job" were
saved as sentences in the language of whoever clicked; they become the codes moved_home and
another_job, read in the reader's language when shown.

Revision ID: b7e2c41d9a05
Revises: 83bd590b20cc
Create Date: 2026-12-02 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c41d9a05'
down_revision = "83bd590b20cc"
branch_labels = None
depends_on = None

SENTENCES = {
    "tenancy": ("moved_home", ("Moved home", "Μετακόμισε")),
    "job": ("another_job", ("Started another job", "Ξεκίνησε άλλη εργασία")),
}
ENGLISH = {"moved_home": "Moved home", "another_job": "Started another job"}


def upgrade():
    with op.batch_alter_table('beneficiary', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme', sa.String(length=32), nullable=False,
                                      server_default='reintegration'))
        batch_op.create_index(batch_op.f('ix_beneficiary_programme'), ['programme'], unique=False)
    with op.batch_alter_table('beneficiary', schema=None) as batch_op:
        batch_op.alter_column('programme', server_default=None)
    for table, (code, sentences) in SENTENCES.items():
        records = sa.table(table, sa.column('end_reason', sa.Text))
        op.execute(records.update().where(records.c.end_reason.in_(sentences)).values(end_reason=code))


def downgrade():
    for table, (code, _sentences) in SENTENCES.items():
        records = sa.table(table, sa.column('end_reason', sa.Text))
        op.execute(records.update().where(records.c.end_reason == code).values(end_reason=ENGLISH[code]))
    with op.batch_alter_table('beneficiary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_beneficiary_programme'))
        batch_op.drop_column('programme')
