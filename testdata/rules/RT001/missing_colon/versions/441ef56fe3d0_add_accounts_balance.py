"""add accounts balance

Revision ID: 441ef56fe3d0
Revises: 70feffa5a5bc
Create Date: 2024-03-12 22:23:15.923765

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '441ef56fe3d0'
down_revision = '70feffa5a5bc'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('accounts', sa.Column('balance', sa.Numeric(12, 2), nullable=True))


def downgrade() -> None
    op.drop_column('accounts', 'balance')
