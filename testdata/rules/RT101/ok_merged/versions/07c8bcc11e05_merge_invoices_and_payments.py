"""merge invoices and payments

Revision ID: 07c8bcc11e05
Revises: caf6b21c804b, 2e32188079d1
Create Date: 2024-05-20 07:49:11.450581

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '07c8bcc11e05'
down_revision = ('caf6b21c804b', '2e32188079d1')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
