"""drop table

Revision ID: d710de17037e
Revises: 580ee9769ad5
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd710de17037e'
down_revision = '580ee9769ad5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("orgs")


def downgrade() -> None:
    pass
