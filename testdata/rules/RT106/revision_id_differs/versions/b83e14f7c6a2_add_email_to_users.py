"""add email to users

Revision ID: 5c27a9e0d4b1
Revises: 6a0f9d2c8e57
Create Date: 2024-08-20 05:29:39.189740

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b83e14f7c6a2'
down_revision = '6a0f9d2c8e57'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
