"""merge status and invoices

Revision ID: 1d1bf561888e
Revises: 5d022cda67c7, aaccfab99ea2
Create Date: 2024-04-20 09:41:35.907599

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1d1bf561888e'
down_revision: Union[str, Sequence[str], None] = ('5d022cda67c7', 'aaccfab99ea2')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
