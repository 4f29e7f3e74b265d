"""add email to users

Revision ID: 3b1e8f6d0a5c
Revises: d4a7c2e91f06
Create Date: 2024-08-24 12:05:01.410166

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b1e8f6d0a5c'
down_revision = 'd4a7c2e91f06'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
