"""create orders

Revision ID: 27f7bf78d159
Revises: 
Create Date: 2024-03-06 12:30:11.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '27f7bf78d159'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('orders')
