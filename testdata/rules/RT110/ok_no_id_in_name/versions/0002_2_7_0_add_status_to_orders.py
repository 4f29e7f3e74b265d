"""add status to orders

Revision ID: 0c2a9cd9f840
Revises: 11cd5f63428a
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c2a9cd9f840'
down_revision = '11cd5f63428a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
