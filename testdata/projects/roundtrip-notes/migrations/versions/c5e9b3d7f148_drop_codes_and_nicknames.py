"""drop codes and nicknames

The downgrade is autogenerate's: it writes the types the database reports
(VARCHAR), not the project's TypeDecorators. Same DDL, so a true inverse.

Revision ID: c5e9b3d7f148
Revises: 8d2f6a0c4e13
Create Date: 2024-04-01 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "c5e9b3d7f148"
down_revision = "8d2f6a0c4e13"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("notes", "code")
    op.drop_column("authors", "nickname")


def downgrade():
    op.add_column("authors", sa.Column("nickname", sa.VARCHAR(length=40), autoincrement=False, nullable=True))
    op.add_column("notes", sa.Column("code", sa.VARCHAR(length=12), autoincrement=False, nullable=True))
