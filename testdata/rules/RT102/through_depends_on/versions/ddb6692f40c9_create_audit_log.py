"""create audit log

Revision ID: ddb6692f40c9
Revises: 6640109dffca
Create Date: 2024-05-31 00:17:37.001646

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ddb6692f40c9'
down_revision = '6640109dffca'
branch_labels = None
depends_on = ('b74b0f377c60',)


def upgrade() -> None:
    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('audit_log')
