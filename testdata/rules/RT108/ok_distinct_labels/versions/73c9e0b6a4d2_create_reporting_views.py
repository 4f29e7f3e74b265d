"""create reporting views

Revision ID: 73c9e0b6a4d2
Revises: 0f4b7d2e9c61
Create Date: 2024-09-27 16:47:59.173574

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '73c9e0b6a4d2'
down_revision = '0f4b7d2e9c61'
branch_labels = ('reporting',)
depends_on = None


def upgrade() -> None:
    op.execute('CREATE VIEW account_owners AS SELECT owner FROM accounts')


def downgrade() -> None:
    op.execute('DROP VIEW account_owners')
