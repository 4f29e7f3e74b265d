"""schemas customers invoices

Revision ID: c987d738392a
Revises: 
Create Date: 2025-10-06 08:30:14.562017

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'c987d738392a'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("CREATE SCHEMA billing")
    op.execute("CREATE SCHEMA audit")
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('legacy_ref', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    schema='billing'
    )
    op.create_index(op.f('ix_billing_invoices_customer_id'), 'invoices', ['customer_id'], unique=False, schema='billing')
    op.create_table('payment_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    schema='billing'
    )
    op.create_table('refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('events',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('happened_at', sa.DateTime(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    schema='audit'
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('events', schema='audit')
    op.drop_table('refunds')
    op.drop_table('payment_drafts', schema='billing')
    op.drop_index(op.f('ix_billing_invoices_customer_id'), table_name='invoices', schema='billing')
    op.drop_table('invoices', schema='billing')
    op.drop_table('customers')
    op.execute("DROP SCHEMA audit")
    op.execute("DROP SCHEMA billing")
