"""ok not valid then validate

Revision ID: 59a4010a439f
Revises: e42a852e6297
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '59a4010a439f'
down_revision = 'e42a852e6297'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_foreign_key("fk_users_org_id", "users", "orgs", ["org_id"], ["id"], postgresql_not_valid=True)
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE users VALIDATE CONSTRAINT fk_users_org_id")


def downgrade() -> None:
    pass
