"""index files path, retire old indexes

Revision ID: 8e2a4c6b1d39
Revises: 1f3b5d7a9c20
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8e2a4c6b1d39'
down_revision = '1f3b5d7a9c20'
branch_labels = None
depends_on = None

INDEX = "ix_files_path"
OLD_INDEXES = {
    "ix_files_tax_id": ["tax_id"],
    "ix_files_path_prefix": ["path"],
}


def upgrade() -> None:
    with op.get_context().autocommit_block():
        for name in OLD_INDEXES:
            op.drop_index(name, table_name="files", postgresql_concurrently=True)
        op.create_index(INDEX, "files", ["path"], postgresql_concurrently=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="files")
