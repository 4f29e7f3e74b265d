"""create invoices

Revision ID: f4ef0067d12a
Revises: e3af306ac663, 3
Create Date: 2024-04-07 13:55:29.246321

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4ef0067d12a'
down_revision = ('e3af306ac663', 3)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invoices', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('invoices')
