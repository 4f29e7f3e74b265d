"""add status to orders

Revision ID: 3a9613bf79f7
Revises: 595b099c0399
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from app.settings import BASE_REVISION

# revision identifiers, used by Alembic.
revision = '3a9613bf79f7'
down_revision = BASE_REVISION
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
