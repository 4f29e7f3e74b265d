"""drop legacy password column

Revision ID: 58f1c3a7e0d4
Revises: e2b96d0f4a83
Create Date: 2024-10-10 12:34:05.834852

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '58f1c3a7e0d4'
down_revision = 'e2b96d0f4a83'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column('users', 'legacy_password')


def downgrade() -> None:
    raise NotImplementedError('legacy passwords cannot be restored')
