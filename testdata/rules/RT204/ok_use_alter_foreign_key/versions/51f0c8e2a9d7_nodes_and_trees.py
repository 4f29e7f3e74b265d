"""nodes and trees refer to each other

Revision ID: 51f0c8e2a9d7
Revises:
Create Date: 2025-04-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "51f0c8e2a9d7"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["root_id"], ["nodes.id"], name="fk_trees_root_id_nodes", use_alter=True),
        sa.PrimaryKeyConstraint("id", name="pk_trees"),
    )
    op.create_table(
        "nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tree_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tree_id"], ["trees.id"], name="fk_nodes_tree_id_trees"),
        sa.PrimaryKeyConstraint("id", name="pk_nodes"),
    )
    # PostgreSQL left the use_alter key out of CREATE TABLE: it is created here.
    op.create_foreign_key("fk_trees_root_id_nodes", "trees", "nodes", ["root_id"], ["id"])


def downgrade() -> None:
    op.drop_constraint("fk_trees_root_id_nodes", "trees", type_="foreignkey")
    op.drop_table("nodes")
    op.drop_table("trees")
