"""add email to users

Revision ID: c7a04e2d9b61
Revises: 1f5c9a3e7d20
Create Date: 2024-10-06 05:58:43.614426

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7a04e2d9b61'
down_revision = '1f5c9a3e7d20'
branch_labels = None
depends_on = None


def upgarde() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
