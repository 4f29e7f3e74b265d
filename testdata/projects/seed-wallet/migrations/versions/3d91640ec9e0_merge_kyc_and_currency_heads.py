"""merge kyc and currency heads

Revision ID: 3d91640ec9e0
Revises: 471e70446f5a, ad35ac018b58
Create Date: 2025-05-27 11:31:08.570329

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '3d91640ec9e0'
down_revision: Union[str, Sequence[str], None] = ('471e70446f5a', 'ad35ac018b58')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
