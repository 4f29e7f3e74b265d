"""create notes

Revision ID: 324d04adbc50
Revises: 
Create Date: 2024-03-15 01:40:57.033978

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '324d04adbc50'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'notes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('body', sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table('notes')
