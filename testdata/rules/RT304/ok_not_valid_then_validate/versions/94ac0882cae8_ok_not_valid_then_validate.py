"""ok not valid then validate

Revision ID: 94ac0882cae8
Revises: e2165d69b5b8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '94ac0882cae8'
down_revision = 'e2165d69b5b8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_check_constraint("ck_users_score", "users", "score > 0", postgresql_not_valid=True)
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_score")


def downgrade() -> None:
    pass
