"""create invoices

Revision ID: 3
Revises: e3af306ac663
Create Date: 2024-04-07 13:55:29.246321

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 3
down_revision = 'e3af306ac663'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invoices', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('invoices')
