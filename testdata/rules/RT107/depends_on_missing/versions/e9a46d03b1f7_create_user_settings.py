"""create user settings

Revision ID: e9a46d03b1f7
Revises: 0c8b5e2f71a9
Create Date: 2024-09-02 01:15:45.851018

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e9a46d03b1f7'
down_revision = '0c8b5e2f71a9'
branch_labels = None
depends_on = ('4f7e1c9a2b60',)


def upgrade() -> None:
    op.create_table(
        'user_settings',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('user_settings')
