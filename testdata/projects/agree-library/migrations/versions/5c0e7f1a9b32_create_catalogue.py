"""create catalogue

Revision ID: 5c0e7f1a9b32
Revises: 
Create Date: 2025-03-03 09:12:44.100431

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5c0e7f1a9b32'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('authors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('books',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['authors.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('items',
    sa.Column('id', sa.Integer(), primary_key=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    )
    op.create_table('book_tags',
    sa.Column('book_id', sa.Integer(), sa.ForeignKey('books.id')),
    sa.Column('tag', sa.String(length=50)),
    sa.PrimaryKeyConstraint('book_id', 'tag')
    )


def downgrade() -> None:
    op.drop_table('book_tags')
    op.drop_table('items')
    op.drop_table('books')
    op.drop_table('authors')
