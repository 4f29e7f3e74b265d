"""foreign key

Revision ID: 66fc47908b2f
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '66fc47908b2f'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_foreign_key("fk_users_org_id", "users", "orgs", ["org_id"], ["id"])


def downgrade() -> None:
    pass
