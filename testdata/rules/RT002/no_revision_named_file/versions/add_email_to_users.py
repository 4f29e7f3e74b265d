"""add email to users

Revision ID: 6190c0475c9f
Revises: 1b45be971d57
Create Date: 2024-03-21 11:34:00.364617

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
down_revision = '1b45be971d57'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
