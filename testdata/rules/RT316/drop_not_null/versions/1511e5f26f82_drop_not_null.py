"""drop not null

Revision ID: 1511e5f26f82
Revises: a663dec76502
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1511e5f26f82'
down_revision = 'a663dec76502'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "login", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    pass
