"""create accounts

Revision ID: c62a0e8d5f13
Revises: 
Create Date: 2024-09-08 11:08:49.181657

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c62a0e8d5f13'
down_revision = None
branch_labels = ('accounts',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('owner', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('accounts')
