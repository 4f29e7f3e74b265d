"""emails may repeat

Revision ID: 9a6c3e1f08b5
Revises: 0d4f9b2c6e83
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a6c3e1f08b5'
down_revision = '0d4f9b2c6e83'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint('users_email_key', 'users', type_='unique')


def downgrade() -> None:
    op.create_unique_constraint('users_email_key', 'users', ['email'])
