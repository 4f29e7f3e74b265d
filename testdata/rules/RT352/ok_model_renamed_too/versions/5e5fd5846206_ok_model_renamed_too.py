"""ok model renamed too

Revision ID: 5e5fd5846206
Revises: 5c27fa1ca31d
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e5fd5846206'
down_revision = '5c27fa1ca31d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "name", new_column_name="full_name")


def downgrade() -> None:
    pass
