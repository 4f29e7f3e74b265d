"""memos; the primary key of entries gets a name of the project's and back

Revision ID: e2a6c9f3b814
Revises: 9c3f7a1e5d62
Create Date: 2024-03-01 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "e2a6c9f3b814"
down_revision = "9c3f7a1e5d62"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("entries", sa.Column("memo", sa.String(length=200), nullable=True))
    op.drop_constraint("entries_pkey", "entries", type_="primary")
    op.create_primary_key("pk_entries", "entries", ["id"])
    op.drop_constraint("pk_entries", "entries", type_="primary")
    op.create_primary_key(None, "entries", ["id"])


def downgrade():
    op.drop_column("entries", "memo")
