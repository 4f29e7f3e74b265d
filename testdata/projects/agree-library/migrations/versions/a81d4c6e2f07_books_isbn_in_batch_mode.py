"""books isbn in batch mode

Revision ID: a81d4c6e2f07
Revises: 5c0e7f1a9b32
Create Date: 2025-03-10 15:40:02.551918

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a81d4c6e2f07'
down_revision: Union[str, Sequence[str], None] = '5c0e7f1a9b32'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('books', schema=None) as batch_op:
        batch_op.add_column(sa.Column('isbn', sa.String(length=13), nullable=True))
        batch_op.alter_column('title', existing_type=sa.String(length=300), nullable=False)
        batch_op.create_index(batch_op.f('ix_books_isbn'), ['isbn'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('books', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_books_isbn'))
        batch_op.alter_column('title', existing_type=sa.String(length=300), nullable=True)
        batch_op.drop_column('isbn')
