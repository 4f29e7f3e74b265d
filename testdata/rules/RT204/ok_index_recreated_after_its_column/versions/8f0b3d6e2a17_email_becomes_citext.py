"""email becomes citext

Revision ID: 8f0b3d6e2a17
Revises: 2e7c5a0b9d84
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f0b3d6e2a17'
down_revision = '2e7c5a0b9d84'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column('users', 'email')
    op.add_column('users', sa.Column('email', sa.Text(), nullable=True))
    op.create_index('ix_users_email', 'users', ['email'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_users_email', table_name='users')
    op.drop_column('users', 'email')
    op.add_column('users', sa.Column('email', sa.String(length=255), nullable=False))
    op.create_index('ix_users_email', 'users', ['email'], unique=False)
