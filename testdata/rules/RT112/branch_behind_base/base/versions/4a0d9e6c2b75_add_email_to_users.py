"""add email to users

Revision ID: 4a0d9e6c2b75
Revises: e87b2c4f0d19
Create Date: 2024-11-13 17:17:03.598260

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4a0d9e6c2b75'
down_revision = 'e87b2c4f0d19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
