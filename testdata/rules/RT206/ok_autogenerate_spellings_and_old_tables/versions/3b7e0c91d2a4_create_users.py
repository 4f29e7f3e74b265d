"""create users

Revision ID: 3b7e0c91d2a4
Revises:
Create Date: 2025-03-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "3b7e0c91d2a4"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("joined", sa.DateTime(), nullable=True),
        sa.Column("nickname_of_old", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # A table older than the history, replaced.
    op.drop_table("legacy_accounts")


def downgrade() -> None:
    op.create_table(
        "legacy_accounts",
        sa.Column("id", sa.INTEGER(), autoincrement=True, nullable=False),
        sa.PrimaryKeyConstraint("id", name="legacy_accounts_pkey"),
    )
    op.drop_table("users")
