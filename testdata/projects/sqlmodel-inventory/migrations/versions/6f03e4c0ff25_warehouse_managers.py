"""warehouse managers

Revision ID: 6f03e4c0ff25
Revises: 9022df398ed1
Create Date: 2025-09-02 09:44:17.860531

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision: str = '6f03e4c0ff25'
down_revision: Union[str, Sequence[str], None] = '9022df398ed1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('warehouse', sa.Column('manager_email', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('warehouse', 'manager_email')
