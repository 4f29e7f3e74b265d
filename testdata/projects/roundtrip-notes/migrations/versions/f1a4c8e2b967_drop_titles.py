"""drop titles

Its downgrade brings `notes.title` back nullable (a NOT NULL column cannot be added to
a table with rows without a default): after a round trip the column is not what it
was. RT206 says so.

Revision ID: f1a4c8e2b967
Revises: c5e9b3d7f148
Create Date: 2024-05-20 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "f1a4c8e2b967"
down_revision = "c5e9b3d7f148"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_column("notes", "title")


def downgrade():
    op.add_column("notes", sa.Column("title", sa.String(length=200), nullable=True))
