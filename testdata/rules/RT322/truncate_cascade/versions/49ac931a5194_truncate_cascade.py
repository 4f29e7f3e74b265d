"""truncate cascade

Revision ID: 49ac931a5194
Revises: 182de59a3470
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '49ac931a5194'
down_revision = '182de59a3470'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("TRUNCATE orgs CASCADE")


def downgrade() -> None:
    pass
