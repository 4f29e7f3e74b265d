"""create users and orgs

Revision ID: 69d42dff9ba1
Revises: 
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '69d42dff9ba1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("name", sa.String(50), nullable=True),
        sa.Column("login", sa.Text(), nullable=False),
        sa.Column("org_id", sa.BigInteger(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
    )
    op.create_table(
        "orgs",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=True),
    )
    op.create_index("ix_users_email", "users", ["email"])


def downgrade() -> None:
    pass
