"""add status to orders

Revision ID: 0d7eab7f4134
Revises: 67974f51a025
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0d7eab7f4134'
down_revision = '67974f51a025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
