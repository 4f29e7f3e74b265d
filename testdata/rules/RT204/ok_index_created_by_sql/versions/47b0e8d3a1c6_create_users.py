"""create users

Revision ID: 47b0e8d3a1c6
Revises: 
Create Date: 2025-06-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '47b0e8d3a1c6'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute('CREATE INDEX ix_users_lower_email ON users (lower(email))')


def downgrade() -> None:
    op.drop_table('users')
