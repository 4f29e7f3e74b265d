"""ok unique using index

Revision ID: 8680fe7ec1ba
Revises: 94e77b7f9a70
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8680fe7ec1ba'
down_revision = '94e77b7f9a70'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index("uq_users_login", "users", ["login"], unique=True, postgresql_concurrently=True)
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_login UNIQUE USING INDEX uq_users_login")


def downgrade() -> None:
    pass
