"""check constraint written in SQL

Revision ID: 0d4f6b8a2c35
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0d4f6b8a2c35'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE app.users ADD CONSTRAINT ck_users_score CHECK (score > 0)")


def downgrade() -> None:
    pass
