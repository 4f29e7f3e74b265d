"""The ledger's model. Its constraints carry the project's own names; the first
migration let PostgreSQL name them, the second renames them."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = "accounts"

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(120), nullable=False)
    balance = sa.Column(sa.Integer, sa.CheckConstraint("balance >= 0"), nullable=False)

    __table_args__ = (sa.UniqueConstraint("email", name="uq_accounts_email"),)


class Entry(Base):
    __tablename__ = "entries"

    id = sa.Column(sa.Integer, primary_key=True)
    account_id = sa.Column(sa.Integer, nullable=False)
    amount = sa.Column(sa.Integer, nullable=False)
    memo = sa.Column(sa.String(200))

    __table_args__ = (
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name="fk_entries_account", ondelete="CASCADE"),
        sa.Index("ix_entries_account", "account_id"),
    )
