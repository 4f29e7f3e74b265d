"""ok primary key using index

Revision ID: caa7890f147f
Revises: 2c9ab2e67858
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'caa7890f147f'
down_revision = '2c9ab2e67858'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index("orgs_title_idx", "orgs", ["title"], unique=True, postgresql_concurrently=True)
    op.execute("ALTER TABLE orgs ADD CONSTRAINT orgs_title_pk PRIMARY KEY USING INDEX orgs_title_idx")


def downgrade() -> None:
    pass
