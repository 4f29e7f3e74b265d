"""create invoices

Revision ID: aaccfab99ea2
Revises: 785dcc9543fd
Create Date: 2024-04-18 06:23:54.797386

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'aaccfab99ea2'
down_revision: Union[str, Sequence[str], None] = '785dcc9543fd'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = ('5d022cda67c7',)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('order_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('invoices')
