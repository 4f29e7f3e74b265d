"""ok drop schema object

Revision ID: 8f429d1a9ed8
Revises: 52a1770a8cbd
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f429d1a9ed8'
down_revision = '52a1770a8cbd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS user_emails")


def downgrade() -> None:
    pass
