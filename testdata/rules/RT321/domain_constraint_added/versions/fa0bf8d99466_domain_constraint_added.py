"""domain constraint added

Revision ID: fa0bf8d99466
Revises: e98765d29106
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fa0bf8d99466'
down_revision = 'e98765d29106'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER DOMAIN positive_int ADD CONSTRAINT positive CHECK (VALUE > 0)")


def downgrade() -> None:
    pass
