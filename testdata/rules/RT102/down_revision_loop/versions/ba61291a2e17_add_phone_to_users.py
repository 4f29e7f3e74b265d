"""add phone to users

Revision ID: ba61291a2e17
Revises: 84567513d37b
Create Date: 2024-05-26 17:42:14.781220

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ba61291a2e17'
down_revision = '84567513d37b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
