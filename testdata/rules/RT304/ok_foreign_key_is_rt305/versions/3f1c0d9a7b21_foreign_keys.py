"""foreign keys

Revision ID: 3f1c0d9a7b21
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1c0d9a7b21'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_foreign_key("fk_users_org_id", "users", "orgs", ["org_id"], ["id"])
    op.add_column(
        "orgs",
        sa.Column("owner_id", sa.BigInteger(), sa.ForeignKey("users.id"), nullable=True),
    )
    op.execute(
        "ALTER TABLE orgs ADD CONSTRAINT fk_orgs_parent FOREIGN KEY (id) REFERENCES orgs (id)"
    )


def downgrade() -> None:
    pass
