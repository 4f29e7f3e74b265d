"""create users

Revision ID: 43c959eab822
Revises: 
Create Date: 2024-05-22 11:06:52.560794

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '43c959eab822'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('users')
