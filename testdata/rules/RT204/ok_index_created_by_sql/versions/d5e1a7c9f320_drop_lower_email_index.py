"""drop lower email index

Revision ID: d5e1a7c9f320
Revises: 47b0e8d3a1c6
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5e1a7c9f320'
down_revision = '47b0e8d3a1c6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_users_lower_email', table_name='users')


def downgrade() -> None:
    op.execute('CREATE INDEX ix_users_lower_email ON users (lower(email))')
