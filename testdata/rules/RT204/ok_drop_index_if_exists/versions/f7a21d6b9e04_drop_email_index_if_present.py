"""drop email index if present

Revision ID: f7a21d6b9e04
Revises: 3c8e0f5a7d19
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7a21d6b9e04'
down_revision = '3c8e0f5a7d19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_users_email', table_name='users', if_exists=True)


def downgrade() -> None:
    pass
