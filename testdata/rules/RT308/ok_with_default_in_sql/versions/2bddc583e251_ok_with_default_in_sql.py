"""ok with default in sql

Revision ID: 2bddc583e251
Revises: cfb54beafb64
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2bddc583e251'
down_revision = 'cfb54beafb64'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD COLUMN plan text DEFAULT 'free' NOT NULL")


def downgrade() -> None:
    pass
