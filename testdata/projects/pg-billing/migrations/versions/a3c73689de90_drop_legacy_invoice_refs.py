"""drop legacy invoice refs

Revision ID: a3c73689de90
Revises: f1b565228b37
Create Date: 2025-11-03 11:19:36.774582

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a3c73689de90'
down_revision: Union[str, Sequence[str], None] = 'f1b565228b37'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_column('invoices', 'legacy_ref', schema='billing')


def downgrade() -> None:
    """Downgrade schema."""
    op.add_column('invoices', sa.Column('legacy_ref', sa.String(length=20), nullable=True), schema='billing')
