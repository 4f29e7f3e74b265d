"""payments

Revision ID: f1b565228b37
Revises: c987d738392a
Create Date: 2025-10-21 15:02:48.117930

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'f1b565228b37'
down_revision: Union[str, Sequence[str], None] = 'c987d738392a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.rename_table('payment_drafts', 'payments', schema='billing')
    with op.batch_alter_table('payments', schema='billing') as batch_op:
        batch_op.alter_column('reference', existing_type=sa.String(length=40), nullable=False)
        batch_op.create_unique_constraint('uq_payments_reference', ['reference'])
        batch_op.create_foreign_key('fk_payments_invoice_id_invoices', 'invoices', ['invoice_id'], ['id'], referent_schema='billing')
    op.add_column('invoices', sa.Column('paid_at', sa.DateTime(), nullable=True), schema='billing')


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('invoices', 'paid_at', schema='billing')
    with op.batch_alter_table('payments', schema='billing') as batch_op:
        batch_op.drop_constraint('fk_payments_invoice_id_invoices', type_='foreignkey')
        batch_op.drop_constraint('uq_payments_reference', type_='unique')
        batch_op.alter_column('reference', existing_type=sa.String(length=40), nullable=True)
    op.rename_table('payments', 'payment_drafts', schema='billing')
