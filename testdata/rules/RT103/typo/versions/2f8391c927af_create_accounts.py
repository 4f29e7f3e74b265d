"""create accounts

Revision ID: 2f8391c927af
Revises: 
Create Date: 2024-06-23 12:32:09.213989

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2f8391c927af'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('owner', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('accounts')
