"""authors and notes

Revision ID: 3a7c1e9b5d20
Revises:
Create Date: 2024-03-02 10:00:00
"""
import sqlalchemy as sa
from alembic import op

import notes.types

revision = "3a7c1e9b5d20"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "authors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("handle", notes.types.Slug(), nullable=False),
        sa.Column("nickname", notes.types.Slug(), nullable=True),
        sa.Column("email", sa.String(length=120), unique=True),
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("authors.id"), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), index=True),
    )


def downgrade():
    op.drop_table("notes")
    op.drop_table("authors")
