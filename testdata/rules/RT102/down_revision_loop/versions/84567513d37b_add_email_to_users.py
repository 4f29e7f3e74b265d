"""add email to users

Revision ID: 84567513d37b
Revises: ba61291a2e17
Create Date: 2024-05-24 14:24:33.671007

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '84567513d37b'
down_revision = 'ba61291a2e17'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
