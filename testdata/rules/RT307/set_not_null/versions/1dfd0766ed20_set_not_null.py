"""set not null

Revision ID: 1dfd0766ed20
Revises: 007211a625ca
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1dfd0766ed20'
down_revision = '007211a625ca'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "email", existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    pass
