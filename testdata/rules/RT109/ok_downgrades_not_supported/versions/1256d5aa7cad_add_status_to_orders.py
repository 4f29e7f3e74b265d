"""add status to orders

Revision ID: 1256d5aa7cad
Revises: a4f7c427e9f1
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1256d5aa7cad'
down_revision = 'a4f7c427e9f1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))
