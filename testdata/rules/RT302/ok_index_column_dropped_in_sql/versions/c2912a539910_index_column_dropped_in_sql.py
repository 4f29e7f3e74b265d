"""index column dropped in sql

Revision ID: c2912a539910
Revises: a2b69ea9611d
Create Date: 2025-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2912a539910'
down_revision = 'a2b69ea9611d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Dropping the column drops both its indexes, under the same lock.
    op.execute(
        """
        DROP INDEX ix_users_email;
        DROP INDEX ix_users_login_email;
        ALTER TABLE users DROP COLUMN email;
        """
    )


def downgrade() -> None:
    pass
