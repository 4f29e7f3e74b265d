"""add email to accounts

Revision ID: 413bf8ce9371
Revises: cb880d790d66
Create Date: 2024-05-03 05:27:42.568877

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '413bf8ce9371'
down_revision = 'cb880d790d66'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('accounts', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('accounts', 'email')
