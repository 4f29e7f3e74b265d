"""codes and labels on notes

Revision ID: 8d2f6a0c4e13
Revises: 3a7c1e9b5d20
Create Date: 2024-03-09 10:00:00
"""
import sqlalchemy as sa
from alembic import op

from notes.types import Code, Labels

revision = "8d2f6a0c4e13"
down_revision = "3a7c1e9b5d20"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("notes", sa.Column("code", Code(12), nullable=True))
    op.add_column("notes", sa.Column("labels", Labels(), nullable=True))


def downgrade():
    op.drop_column("notes", "labels")
    op.drop_column("notes", "code")
