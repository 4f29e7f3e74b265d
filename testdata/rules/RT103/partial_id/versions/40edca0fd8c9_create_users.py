"""create users

Revision ID: 40edca0fd8c9
Revises: 66f66fb7
Create Date: 2024-06-29 22:25:12.544628

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '40edca0fd8c9'
down_revision = '66f66fb7'
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
