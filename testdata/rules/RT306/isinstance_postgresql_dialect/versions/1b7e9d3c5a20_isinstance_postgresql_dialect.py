"""type change on postgresql

Revision ID: 1b7e9d3c5a20
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql

# revision identifiers, used by Alembic.
revision = '1b7e9d3c5a20'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_context()
    if isinstance(bind.dialect, mysql.dialect):
        op.alter_column("users", "score", existing_type=sa.Integer(), type_=mysql.BIGINT())
    elif isinstance(bind.dialect, postgresql.dialect):
        op.alter_column("users", "score", existing_type=sa.Integer(), type_=sa.BigInteger())


def downgrade() -> None:
    pass
