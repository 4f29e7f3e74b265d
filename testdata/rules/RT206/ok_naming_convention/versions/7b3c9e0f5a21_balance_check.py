"""balances may not go negative

Revision ID: 7b3c9e0f5a21
Revises: 2e8f4d1a7c90
Create Date: 2025-08-02 09:00:00.000000

"""
from alembic import op


revision = "7b3c9e0f5a21"
down_revision = "2e8f4d1a7c90"
branch_labels = None
depends_on = None


def upgrade():
    # The naming convention makes this `ck_account_valid_balance`.
    op.create_check_constraint("valid_balance", "account", "balance >= 0")


def downgrade():
    op.drop_constraint(op.f("ck_account_valid_balance"), "account", type_="check")
