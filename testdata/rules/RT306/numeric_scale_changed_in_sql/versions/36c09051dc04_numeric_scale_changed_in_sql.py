"""numeric scale changed in sql

Revision ID: 36c09051dc04
Revises: d11ea0af223e
Create Date: 2025-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '36c09051dc04'
down_revision = 'd11ea0af223e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new scale changes every value; a USING expression of its own may too.
    op.execute(
        """
        ALTER TABLE orders ALTER COLUMN price TYPE numeric(11, 3);
        ALTER TABLE orders ALTER COLUMN note TYPE varchar(40) USING upper(note);
        """
    )


def downgrade() -> None:
    pass
