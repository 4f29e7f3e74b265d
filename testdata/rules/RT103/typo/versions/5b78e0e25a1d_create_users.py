"""create users

Revision ID: 5b78e0e25a1d
Revises: 2f8391c972af
Create Date: 2024-06-25 15:49:50.324202

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b78e0e25a1d'
down_revision = '2f8391c972af'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('users')
