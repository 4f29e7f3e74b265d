"""give the constraints PostgreSQL named the project's names

Revision ID: 9c3f7a1e5d62
Revises: 5b8e2d4f7a10
Create Date: 2024-02-01 09:00:00
"""
from alembic import op

revision = "9c3f7a1e5d62"
down_revision = "5b8e2d4f7a10"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_constraint("accounts_email_key", "accounts", type_="unique")
    op.create_unique_constraint("uq_accounts_email", "accounts", ["email"])
    op.drop_constraint("entries_account_id_fkey", "entries", type_="foreignkey")
    op.create_foreign_key("fk_entries_account", "entries", "accounts", ["account_id"], ["id"], ondelete="CASCADE")
    op.drop_index("ix_entries_account_id", table_name="entries")
    op.create_index("ix_entries_account", "entries", ["account_id"])


def downgrade():
    op.drop_index("ix_entries_account", table_name="entries")
    op.create_index("ix_entries_account_id", "entries", ["account_id"])
    op.drop_constraint("fk_entries_account", "entries", type_="foreignkey")
    op.create_foreign_key("entries_account_id_fkey", "entries", "accounts", ["account_id"], ["id"])
    op.drop_constraint("uq_accounts_email", "accounts", type_="unique")
    op.create_unique_constraint("accounts_email_key", "accounts", ["email"])
