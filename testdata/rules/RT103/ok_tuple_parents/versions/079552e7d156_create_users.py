"""create users

Revision ID: 079552e7d156
Revises: cc5c0a18fddc
Create Date: 2024-07-04 05:00:34.765054

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '079552e7d156'
down_revision = 'cc5c0a18fddc'
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
