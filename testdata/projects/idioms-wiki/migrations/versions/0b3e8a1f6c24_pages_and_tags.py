"""pages, tags and revisions

Revision ID: 0b3e8a1f6c24
Revises:
Create Date: 2025-07-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "0b3e8a1f6c24"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page")),
        sa.UniqueConstraint("slug", name=op.f("uq_page_slug")),
    )
    op.create_table(
        "page_tags",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["page.id"], name=op.f("fk_page_tags_page_id_page")),
        sa.PrimaryKeyConstraint("page_id", "tag", name=op.f("pk_page_tags")),
    )
    op.create_table(
        "page_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["page.id"], name=op.f("fk_page_revision_page_id_page")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_revision")),
    )


def downgrade():
    op.drop_table("page_revision")
    op.drop_table("page_tags")
    op.drop_table("page")
