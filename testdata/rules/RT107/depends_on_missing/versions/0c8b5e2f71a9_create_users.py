"""create users

Revision ID: 0c8b5e2f71a9
Revises: 
Create Date: 2024-08-30 21:58:04.740805

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c8b5e2f71a9'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('users')
