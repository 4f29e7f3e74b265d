"""add email to users

Revision ID: 9c2d7e05a1f3
Revises: 4e8a1f6c3b97
Create Date: 2024-10-01 23:23:21.394000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c2d7e05a1f3'
down_revision = '4e8a1f6c3b97'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))
