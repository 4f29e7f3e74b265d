"""add user email

Revision ID: add_user_email
Revises: 9d3f7b1e40ac
Create Date: 2024-11-09 10:41:41.377834

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'add_user_email'
down_revision = '9d3f7b1e40ac'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
