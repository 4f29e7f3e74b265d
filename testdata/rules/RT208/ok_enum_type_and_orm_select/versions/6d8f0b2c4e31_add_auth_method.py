"""add auth method, fill slugs

Revision ID: 6d8f0b2c4e31
Revises: 3c5e7a9b1d20
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from slugify import slugify
from sqlalchemy import orm, select


# revision identifiers, used by Alembic.
revision = '6d8f0b2c4e31'
down_revision = '3c5e7a9b1d20'
branch_labels = None
depends_on = None

auth_method = sa.Enum("MEALIE", "LDAP", name="authmethod")
users = sa.table("users", sa.column("id", sa.Integer()), sa.column("name", sa.String()))


def upgrade() -> None:
    # The type first (PostgreSQL needs it before a column can use it): no table changes.
    auth_method.create(op.get_bind(), checkfirst=True)
    op.add_column(
        "users",
        sa.Column("auth_method", auth_method, nullable=False, server_default="MEALIE"),
    )
    session = orm.Session(bind=op.get_bind())
    rows = session.execute(select(users).options(orm.load_only(users.c.name))).all()
    for row in rows:
        session.execute(
            sa.text("UPDATE users SET slug = :slug WHERE id = :id"),
            {"slug": slugify(row.name), "id": row.id},
        )


def downgrade() -> None:
    op.drop_column("users", "auth_method")
    auth_method.drop(op.get_bind(), checkfirst=True)
