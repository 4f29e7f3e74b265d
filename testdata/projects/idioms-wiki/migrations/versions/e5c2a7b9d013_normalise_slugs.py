"""normalise slugs; data only, and there is no way back

Revision ID: e5c2a7b9d013
Revises: 6d1f4a9c2e87
Create Date: 2025-07-15 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "e5c2a7b9d013"
down_revision = "6d1f4a9c2e87"
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, slug FROM page")).fetchall()
    for row in rows:
        slug = row.slug.strip().lower().replace(" ", "-")
        if slug != row.slug:
            conn.execute(sa.text("UPDATE page SET slug = :slug WHERE id = :id"), {"slug": slug, "id": row.id})
    if conn.dialect.name == "postgresql":
        op.execute("UPDATE page SET title = btrim(title)")
    else:
        op.execute("UPDATE page SET title = trim(title)")


def downgrade():
    raise NotImplementedError("slugs cannot be un-normalised")
