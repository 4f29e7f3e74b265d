"""ok validated check first

Revision ID: e794d02b6721
Revises: 9e4d6ed0d3ac
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e794d02b6721'
down_revision = '9e4d6ed0d3ac'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_check_constraint("ck_users_email_not_null", "users", "email IS NOT NULL", postgresql_not_valid=True)
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_not_null")
    op.alter_column("users", "email", existing_type=sa.Text(), nullable=False)
    op.drop_constraint("ck_users_email_not_null", "users", type_="check")


def downgrade() -> None:
    pass
