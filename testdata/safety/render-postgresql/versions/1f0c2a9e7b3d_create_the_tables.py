"""create the tables

Revision ID: 1f0c2a9e7b3d
Revises: 
Create Date: 2025-04-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '1f0c2a9e7b3d'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orgs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Unicode(80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("Email", sa.String(length=120), nullable=False, server_default="nobody@example.com"),
        sa.Column("created", sa.DateTime(timezone=True), server_default=sa.text("now()")),
        sa.Column("seen", sa.DateTime()),
        sa.Column("born", sa.Date()),
        sa.Column("wake", sa.Time()),
        sa.Column("profile", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("settings", sa.JSON()),
        sa.Column("token", postgresql.UUID(as_uuid=True)),
        sa.Column("balance", sa.Numeric(12, 2)),
        sa.Column("ratio", sa.Float()),
        sa.Column("active", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("bio", sa.Text()),
        sa.Column("avatar", sa.LargeBinary()),
        sa.Column("tags", postgresql.ARRAY(sa.String(20))),
        sa.Column("mood", sa.Enum("calm", "happy", name="mood")),
        sa.Column("kind", sa.Enum("a", "bb", native_enum=False)),
        sa.Column("ip", postgresql.INET()),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id", ondelete="CASCADE")),
        sa.Column("small", sa.SmallInteger()),
        sa.Column("code", sa.CHAR(3)),
        sa.Column("login", sa.String(40), unique=True),
        sa.Column("handle", sa.Text(), index=True),
        sa.UniqueConstraint("Email", name="uq_user_email"),
        sa.CheckConstraint("balance >= 0", name="ck_user_balance"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name="fk_audit_user", ondelete="SET NULL", onupdate="CASCADE"),
        schema="logs",
    )
    op.create_index("ix_user_email_lower", "user", [sa.text("lower(\"Email\")")], unique=True)
    op.create_index("ix_user_tags", "user", ["tags"], postgresql_using="gin")
    op.create_index("ix_user_active_seen", "user", ["seen"], postgresql_where=sa.text("active"))
    op.create_index("ix_audit_at", "audit", ["at"], schema="logs")


def downgrade() -> None:
    op.drop_table("audit", schema="logs")
    op.drop_table("user")
    op.drop_table("orgs")
