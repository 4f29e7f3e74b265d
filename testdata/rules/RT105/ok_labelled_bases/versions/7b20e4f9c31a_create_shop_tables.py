"""create shop tables

Revision ID: 7b20e4f9c31a
Revises: 
Create Date: 2024-08-05 06:25:51.418249

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7b20e4f9c31a'
down_revision = None
branch_labels = ('shop',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'products',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('products')
