"""create reporting views

Revision ID: f4b1f22839c4
Revises: e6f730f84e9b
Create Date: 2024-05-11 18:38:27.009729

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4b1f22839c4'
down_revision = 'e6f730f84e9b'
branch_labels = ('reporting',)
depends_on = None


def upgrade() -> None:
    op.execute('CREATE VIEW account_owners AS SELECT owner FROM accounts')


def downgrade() -> None:
    op.execute('DROP VIEW account_owners')
