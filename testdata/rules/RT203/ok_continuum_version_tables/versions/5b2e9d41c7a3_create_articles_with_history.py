"""create articles with history

Revision ID: 5b2e9d41c7a3
Revises: 
Create Date: 2025-03-04 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e9d41c7a3'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('transaction',
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('remote_addr', sa.String(length=50), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('articles_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.String(length=200), autoincrement=False, nullable=True),
    sa.Column('transaction_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('end_transaction_id', sa.BigInteger(), nullable=True),
    sa.Column('operation_type', sa.SmallInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', 'transaction_id')
    )
    op.create_index(op.f('ix_articles_version_end_transaction_id'), 'articles_version', ['end_transaction_id'], unique=False)
    op.create_index(op.f('ix_articles_version_operation_type'), 'articles_version', ['operation_type'], unique=False)
    op.create_index(op.f('ix_articles_version_transaction_id'), 'articles_version', ['transaction_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_articles_version_transaction_id'), table_name='articles_version')
    op.drop_index(op.f('ix_articles_version_operation_type'), table_name='articles_version')
    op.drop_index(op.f('ix_articles_version_end_transaction_id'), table_name='articles_version')
    op.drop_table('articles_version')
    op.drop_table('transaction')
    op.drop_table('articles')
