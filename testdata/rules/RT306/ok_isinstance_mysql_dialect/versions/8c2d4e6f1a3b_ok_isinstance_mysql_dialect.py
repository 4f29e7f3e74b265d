"""mysql only type change

Revision ID: 8c2d4e6f1a3b
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.dialects.mysql.base import MySQLDialect

# revision identifiers, used by Alembic.
revision = '8c2d4e6f1a3b'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_context()
    if isinstance(bind.dialect, MySQLDialect):
        op.alter_column("users", "email", existing_type=sa.Text(), type_=mysql.LONGTEXT())


def downgrade() -> None:
    pass
