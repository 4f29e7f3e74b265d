"""emails may repeat

PostgreSQL named the unique constraint `users_email_key`; `users_mail_key` does not
exist, and `alembic upgrade` fails here.

Revision ID: b5d8f0a3c627
Revises: 4c9a2e7f1b38
Create Date: 2025-07-08 10:00:00.000000

"""
from alembic import op


revision = "b5d8f0a3c627"
down_revision = "4c9a2e7f1b38"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("users_mail_key", "users", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("users_mail_key", "users", ["email"])
