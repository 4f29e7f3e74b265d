"""ok varchar widened

Revision ID: ff43c19b01a7
Revises: 23158e7df820
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ff43c19b01a7'
down_revision = '23158e7df820'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "name", type_=sa.String(200), existing_type=sa.String(50))
    op.alter_column("users", "name", type_=sa.Text(), existing_type=sa.String(200))


def downgrade() -> None:
    pass
