"""add email to users

Revision ID: 4449b000265b
Revises: c9b0b4cbe6c9
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4449b000265b'
down_revision = 'c9b0b4cbe6c9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
