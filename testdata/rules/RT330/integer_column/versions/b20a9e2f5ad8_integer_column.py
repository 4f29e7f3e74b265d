"""integer column

Revision ID: b20a9e2f5ad8
Revises: d63946b6a806
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b20a9e2f5ad8'
down_revision = 'd63946b6a806'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("visits", sa.Integer(), nullable=True))


def downgrade() -> None:
    pass
