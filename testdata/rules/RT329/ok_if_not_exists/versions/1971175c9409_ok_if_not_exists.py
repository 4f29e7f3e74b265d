"""ok if not exists

Revision ID: 1971175c9409
Revises: 1dc112851811
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1971175c9409'
down_revision = '1dc112851811'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index("ix_users_name", "users", ["name"], postgresql_concurrently=True, if_not_exists=True)


def downgrade() -> None:
    pass
