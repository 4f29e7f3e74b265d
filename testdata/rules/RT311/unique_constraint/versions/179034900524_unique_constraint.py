"""unique constraint

Revision ID: 179034900524
Revises: 047ce77c2bf6
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '179034900524'
down_revision = '047ce77c2bf6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_unique_constraint("uq_users_login", "users", ["login"])


def downgrade() -> None:
    pass
