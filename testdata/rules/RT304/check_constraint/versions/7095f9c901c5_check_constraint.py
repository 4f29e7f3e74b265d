"""check constraint

Revision ID: 7095f9c901c5
Revises: e63c87eb8149
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7095f9c901c5'
down_revision = 'e63c87eb8149'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_check_constraint("ck_users_score", "users", "score > 0")


def downgrade() -> None:
    pass
