"""create tables

Revision ID: a2b69ea9611d
Revises: 
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2b69ea9611d'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("email", sa.Text(), nullable=True, index=True),
        sa.Column("login", sa.Text(), nullable=True),
    )
    op.create_index("ix_users_login_email", "users", ["login", "email"])


def downgrade() -> None:
    pass
