"""add user email

Revision ID: add-user-email
Revises: 788bb36720e4
Create Date: 2024-03-25 18:09:22.585043

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'add-user-email'
down_revision = '788bb36720e4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
