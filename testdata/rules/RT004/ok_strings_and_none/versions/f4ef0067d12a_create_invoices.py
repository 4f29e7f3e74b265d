"""create invoices

Revision ID: f4ef0067d12a
Revises: e3af306ac663
Create Date: 2024-04-07 13:55:29.246321

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'f4ef0067d12a'
down_revision = 'e3af306ac663'
branch_labels = ('billing',)
depends_on = False


def upgrade() -> None:
    op.create_table('invoices', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('invoices')
