"""foreign key in batch

Revision ID: 5c342b130c64
Revises: 5ed3757c95ae
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c342b130c64'
down_revision = '5ed3757c95ae'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.create_foreign_key("fk_users_org_id", "orgs", ["org_id"], ["id"])


def downgrade() -> None:
    pass
