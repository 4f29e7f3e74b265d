"""create auth tables

Revision ID: 2d9f5b73e80c
Revises: 
Create Date: 2024-08-09 13:01:13.638675

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2d9f5b73e80c'
down_revision = None
branch_labels = ('auth',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('login', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('accounts')
