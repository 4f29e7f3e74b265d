"""create reporting views

Revision ID: 3e07a519b0fd
Revises: cb880d790d66
Create Date: 2024-05-01 02:10:01.458664

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e07a519b0fd'
down_revision = 'cb880d790d66'
branch_labels = ('reporting',)
depends_on = None


def upgrade() -> None:
    op.execute('CREATE VIEW account_owners AS SELECT owner FROM accounts')


def downgrade() -> None:
    op.execute('DROP VIEW account_owners')
