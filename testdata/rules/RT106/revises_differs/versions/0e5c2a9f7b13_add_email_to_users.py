"""add email to users

Revision ID: 0e5c2a9f7b13
Revises: 93b6e1f0a4d7
Create Date: 2024-08-13 19:36:35.859101

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0e5c2a9f7b13'
down_revision = '93b6e1f0a4d7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
