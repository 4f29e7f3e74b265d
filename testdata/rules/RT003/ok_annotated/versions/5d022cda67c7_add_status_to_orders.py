"""add status to orders

Revision ID: 5d022cda67c7
Revises: 785dcc9543fd
Create Date: 2024-04-16 03:06:13.687173

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5d022cda67c7'
down_revision: Union[str, Sequence[str], None] = '785dcc9543fd'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('orders', 'status')
