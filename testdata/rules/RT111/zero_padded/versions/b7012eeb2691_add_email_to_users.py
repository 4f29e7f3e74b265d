"""add email to users

Revision ID: b7012eeb2691
Revises: 000000000001
Create Date: 2024-11-03 00:48:38.047195

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7012eeb2691'
down_revision = '000000000001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
