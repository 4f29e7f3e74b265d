"""drop email from users

Revision ID: cd567d2a3986
Revises: b4c1c0ca9f10
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cd567d2a3986'
down_revision = 'b4c1c0ca9f10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column('users', 'email')


def downgrade() -> None:
    op.add_column('users', sa.Column('email', sa.String(length=255), nullable=True))
