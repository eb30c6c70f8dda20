"""A stored search key for the names of residents and beneficiaries

Names are searched on one indexed column folded by `housing.core.names.full_name_key` (case,
accents, either sigma, Greek in Latin letters by ELOT 743), instead of lower() applied to every
row. Existing records are keyed here; anonymised ones get an empty key.

Revision ID: e8c4b2a91f57
Revises: 9b3f6c2a1e57
Create Date: 2026-12-02 20:45:00

"""
from alembic import op
import sqlalchemy as sa

from housing.core.names import full_name_key


# revision identifiers, used by Alembic.
revision = 'e8c4b2a91f57'
down_revision = '9b3f6c2a1e57'
branch_labels = None
depends_on = None

TABLES = ("resident", "beneficiary")


def upgrade():
    # Plain ALTER TABLE (no table rebuild): the shelter's tables point at `resident`.
    connection = op.get_bind()
    for name in TABLES:
        op.add_column(name, sa.Column("search_key", sa.String(length=400), server_default=sa.text("''"), nullable=False))
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("first_name", sa.String),
                         sa.column("last_name", sa.String), sa.column("search_key", sa.String))
        rows = connection.execute(sa.select(table.c.id, table.c.first_name, table.c.last_name)).all()
        for row in rows:
            connection.execute(table.update().where(table.c.id == row.id)
                               .values(search_key=full_name_key(row.first_name or "", row.last_name or "")))
        op.create_index(op.f(f"ix_{name}_search_key"), name, ["search_key"], unique=False)


def downgrade():
    for name in TABLES:
        op.drop_index(op.f(f"ix_{name}_search_key"), table_name=name)
        op.drop_column(name, "search_key")
