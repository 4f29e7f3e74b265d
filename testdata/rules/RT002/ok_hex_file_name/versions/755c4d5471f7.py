"""create users

Revision ID: 755c4d5471f7
Revises: 
Create Date: 2024-03-27 21:27:03.695256

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
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
