"""add status to orders

Revision ID: 427348b6f651
Revises: 27f7bf78d159
Create Date: 2024-03-08 15:48:02.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '427348b6f651'
down_revision = '27f7bf78d159'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
