"""soft delete

Revision ID: d27e5a8c1b90
Revises: 3f9b27d0c4e6
Create Date: 2025-04-01 08:30:19.448120

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'd27e5a8c1b90'
down_revision: Union[str, Sequence[str], None] = '3f9b27d0c4e6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('authors') as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))
    op.add_column('books', sa.Column('deleted_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('books', 'deleted_at')
    with op.batch_alter_table('authors') as batch_op:
        batch_op.drop_column('deleted_at')
