"""An extension request closed by the end of its stay keeps no sentence

The discharge saved "Closed automatically: the stay ended on dd/mm/yyyy." in the language of
whoever discharged her. The status "closed" already says it; the page now writes the sentence
in the reader's language from the stay's discharge date. Downgrading writes the English
sentence back.

Revision ID: c41f0a7d2e63
Revises: b7e2c41d9a05
Create Date: 2026-12-02 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41f0a7d2e63'
down_revision = 'b7e2c41d9a05'
branch_labels = None
depends_on = None

PREFIXES = ("Closed automatically: the stay ended on ", "Έκλεισε αυτόματα: η φιλοξενία έληξε στις ")

request = sa.table("extension_request", sa.column("id", sa.Integer), sa.column("stay_id", sa.Integer),
                   sa.column("status", sa.String), sa.column("decision_note", sa.Text))
stay = sa.table("stay", sa.column("id", sa.Integer), sa.column("discharged_on", sa.Date))


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(request.c.id, request.c.decision_note).where(request.c.status == "closed")).all()
    for row_id, note in rows:
        if (note or "").startswith(PREFIXES):
            bind.execute(request.update().where(request.c.id == row_id).values(decision_note=""))


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(request.c.id, stay.c.discharged_on)
                        .select_from(request.join(stay, stay.c.id == request.c.stay_id))
                        .where(request.c.status == "closed", request.c.decision_note == "",
                               stay.c.discharged_on.is_not(None))).all()
    for row_id, day in rows:
        bind.execute(request.update().where(request.c.id == row_id)
                     .values(decision_note=f"{PREFIXES[0]}{day.strftime('%d/%m/%Y')}."))
