"""numeric widened in sql

Revision ID: 81d793238e49
Revises: b3fd1f06545d
Create Date: 2025-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '81d793238e49'
down_revision = 'b3fd1f06545d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # More digits, same scale: PostgreSQL changes the catalog only. `payments` is
    # older than the history; the downgrade says what its column was.
    op.execute(
        """
        ALTER TABLE orders ALTER COLUMN price SET DATA TYPE numeric(11,2) USING price::numeric(11,2);
        ALTER TABLE payments ALTER COLUMN amount TYPE numeric(11, 2);
        """
    )


def downgrade() -> None:
    op.execute(
        """
        ALTER TABLE payments ALTER COLUMN amount TYPE numeric(8, 2);
        ALTER TABLE orders ALTER COLUMN price TYPE numeric(8, 2);
        """
    )
