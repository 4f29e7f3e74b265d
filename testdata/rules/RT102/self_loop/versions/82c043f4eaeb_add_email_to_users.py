"""add email to users

Revision ID: 82c043f4eaeb
Revises: 82c043f4eaeb
Create Date: 2024-06-06 10:10:40.332285

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '82c043f4eaeb'
down_revision = '82c043f4eaeb'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'email')
