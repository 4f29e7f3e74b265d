"""start contract branch

Revision ID: 57d880394c52
Revises: 37aeb615935a
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from inventory.db.migration import cli

# revision identifiers, used by Alembic.
revision = '57d880394c52'
down_revision = '37aeb615935a'
branch_labels = (cli.CONTRACT_BRANCH,)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
