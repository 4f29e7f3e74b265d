"""create orders

Revision ID: 785dcc9543fd
Revises: 
Create Date: 2024-04-13 23:48:32.576960

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '785dcc9543fd'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('total', sa.Numeric(12, 2), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('orders')
