"""make email nullable

Revision ID: 62e0c88c2174
Revises: b4c1c0ca9f10
Create Date: 2025-02-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '62e0c88c2174'
down_revision = 'b4c1c0ca9f10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('users', 'email', existing_type=sa.String(length=255), nullable=True)


def downgrade() -> None:
    op.alter_column('users', 'email', existing_type=sa.String(length=255), nullable=False)
