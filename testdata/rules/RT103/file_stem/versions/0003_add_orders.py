"""add orders

Revision ID: c507b93811c3
Revises: 0002_add_users
Create Date: 2024-06-21 09:14:28.103776

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c507b93811c3'
down_revision = '0002_add_users'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('orders')
