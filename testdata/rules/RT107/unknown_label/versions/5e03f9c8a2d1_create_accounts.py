"""create accounts

Revision ID: 5e03f9c8a2d1
Revises: 
Create Date: 2024-09-04 04:33:26.961231

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e03f9c8a2d1'
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
