"""add audit user index

Revision ID: b74b0f377c60
Revises: ddb6692f40c9
Create Date: 2024-06-02 03:35:18.111859

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b74b0f377c60'
down_revision = 'ddb6692f40c9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_audit_log_user_id', 'audit_log', ['user_id'])


def downgrade() -> None:
    op.drop_index('ix_audit_log_user_id', table_name='audit_log')
