"""drop index on mysql

Revision ID: 2a6c8e0b4d71
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2a6c8e0b4d71'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None

MYSQL_ENGINE = 'mysql'


def upgrade() -> None:
    engine = op.get_context().dialect
    if engine.name == MYSQL_ENGINE:
        op.drop_index("ix_users_email", table_name="users")


def downgrade() -> None:
    pass
