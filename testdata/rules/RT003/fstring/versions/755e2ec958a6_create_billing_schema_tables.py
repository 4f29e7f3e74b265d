"""create billing schema tables

Revision ID: 755e2ec958a6
Revises: f9e2957697d1
Create Date: 2024-04-11 20:30:51.466747

"""
from alembic import op
import sqlalchemy as sa

SCHEMA = 'billing'


# revision identifiers, used by Alembic.
revision = '755e2ec958a6'
down_revision = 'f9e2957697d1'
branch_labels = (f'{SCHEMA}_tables',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'billing_accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('billing_accounts')
