"""add customer notes

Revision ID: 1ad9c5f73e48
Revises: 
Create Date: 2024-07-31 23:50:29.197823

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1ad9c5f73e48'
down_revision = ()
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('customers', sa.Column('notes', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('customers', 'notes')
