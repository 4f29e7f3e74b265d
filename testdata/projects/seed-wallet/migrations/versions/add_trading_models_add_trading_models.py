"""add trading models

Revision ID: add_trading_models
Revises: 3d91640ec9e0
Create Date: 2025-07-02 14:26:45.113970

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'add_trading_models'
down_revision: Union[str, Sequence[str], None] = '3d91640ec9e0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Trading needs a switch per user and funds held back for open orders.
    op.add_column('users', sa.Column('trading_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('wallets', sa.Column('locked_balance', sa.Numeric(precision=18, scale=8), server_default='0', nullable=False))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('wallets', 'locked_balance')
    op.drop_column('users', 'trading_enabled')
