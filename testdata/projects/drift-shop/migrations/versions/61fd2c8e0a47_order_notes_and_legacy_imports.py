"""order notes and legacy imports

Revision ID: 61fd2c8e0a47
Revises: b4e9a07c35d1
Create Date: 2025-06-20 17:44:09.018305

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '61fd2c8e0a47'
down_revision: Union[str, Sequence[str], None] = 'b4e9a07c35d1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('note', sa.Text(), nullable=True))
    op.create_table('legacy_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('legacy_imports')
    op.drop_column('orders', 'note')
