"""ok already not null

Revision ID: 8a16051b86b3
Revises: 1727533507e9
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a16051b86b3'
down_revision = '1727533507e9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "login", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    pass
