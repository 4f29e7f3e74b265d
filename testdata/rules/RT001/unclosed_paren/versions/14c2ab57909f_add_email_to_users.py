"""add email to users

Revision ID: 14c2ab57909f
Revises: f94a3151d7ee
Create Date: 2024-03-08 15:47:53.703339

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '14c2ab57909f'
down_revision = 'f94a3151d7ee'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True)


def downgrade() -> None:
    op.drop_column('users', 'email')
