"""change the tables

Revision ID: 8d2e6b4c1a90
Revises: 1f0c2a9e7b3d
Create Date: 2025-04-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d2e6b4c1a90'
down_revision = '1f0c2a9e7b3d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("orgs", sa.Column("plan", sa.String(20), nullable=False, server_default="free"))
    op.add_column("orgs", sa.Column("owner_id", sa.BigInteger(), sa.ForeignKey("user.id", name="fk_orgs_owner"), nullable=True))
    op.add_column("orgs", sa.Column("slug", sa.Text(), unique=True, index=True))
    op.add_column("orgs", sa.Column("seq", sa.BigInteger(), sa.Identity(), nullable=False))
    op.alter_column("orgs", "name", type_=sa.Text(), existing_type=sa.Unicode(80), postgresql_using="name::text")
    op.alter_column("orgs", "plan", server_default=None)
    op.alter_column("orgs", "plan", server_default=sa.text("'pro'"), nullable=True)
    op.alter_column("user", "bio", new_column_name="about")
    op.create_unique_constraint("uq_orgs_name", "orgs", ["name"])
    op.create_foreign_key("fk_user_org", "user", "orgs", ["org_id"], ["id"], ondelete="CASCADE", postgresql_not_valid=True)
    op.create_check_constraint("ck_orgs_plan", "orgs", "plan IN ('free', 'pro')")
    op.drop_constraint("uq_user_email", "user", type_="unique")
    op.drop_index("ix_audit_at", table_name="audit", schema="logs")
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(30)))
        batch_op.alter_column("nickname", existing_type=sa.String(30), type_=sa.String(60))
        batch_op.create_index("ix_user_nickname", ["nickname"], unique=False)
        batch_op.drop_column("small")
    with op.get_context().autocommit_block():
        op.create_index("ix_orgs_plan", "orgs", ["plan"], postgresql_concurrently=True, if_not_exists=True)
        op.drop_index("ix_user_tags", table_name="user", postgresql_concurrently=True, if_exists=True)
    op.execute("""
        UPDATE orgs
           SET plan = 'free'
         WHERE plan IS NULL
    """)
    op.rename_table("audit", "audit_log", schema="logs")
    op.drop_column("user", "code")
    op.drop_table("orgs_legacy")


def downgrade() -> None:
    pass
