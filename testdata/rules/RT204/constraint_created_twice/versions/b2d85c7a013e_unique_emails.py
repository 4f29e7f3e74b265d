"""unique emails

Revision ID: b2d85c7a013e
Revises: 6e93b1d0f47a
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2d85c7a013e'
down_revision = '6e93b1d0f47a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_unique_constraint('uq_users_email', 'users', ['email'])


def downgrade() -> None:
    op.drop_constraint('uq_users_email', 'users', type_='unique')
