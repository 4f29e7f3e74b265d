"""add email to users

Revision ID: 1b947d667c26
Revises: 755c4d5471f7
Create Date: 2024-03-30 00:44:44.805469

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1b947d667c26'
down_revision = '755c4d5471f7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
