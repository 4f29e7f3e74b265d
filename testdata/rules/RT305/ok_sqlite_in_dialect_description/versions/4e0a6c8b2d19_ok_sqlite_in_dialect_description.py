"""foreign key on sqlite

Revision ID: 4e0a6c8b2d19
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e0a6c8b2d19'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = op.get_context()
    if "sqlite" in inspector.dialect.dialect_description:
        with op.batch_alter_table("users") as batch_op:
            batch_op.create_foreign_key("fk_users_org_id", "orgs", ["org_id"], ["id"])


def downgrade() -> None:
    pass
