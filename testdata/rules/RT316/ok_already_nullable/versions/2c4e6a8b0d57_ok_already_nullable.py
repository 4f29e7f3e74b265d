"""drop not null on nullable columns

Revision ID: 2c4e6a8b0d57
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2c4e6a8b0d57'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "email", existing_type=sa.Text(), nullable=True)
    op.alter_column("legacy", "note", existing_type=sa.Text(), existing_nullable=True, nullable=True)


def downgrade() -> None:
    pass
