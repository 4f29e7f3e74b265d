"""Billing models: customers in the default schema, money in `billing`, the audit
trail in `audit`."""
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = {"schema": "billing"}

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    paid_at: Mapped[Optional[datetime]]
    # New in the model; no migration adds it.
    due_date: Mapped[Optional[date]]


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        sa.UniqueConstraint("reference", name="uq_payments_reference"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(sa.ForeignKey("billing.invoices.id"))
    reference: Mapped[str] = mapped_column(sa.String(40))


class Refund(Base):
    """Meant for `billing`; the migration created it in the default schema."""

    __tablename__ = "refunds"
    __table_args__ = {"schema": "billing"}

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(sa.ForeignKey("billing.payments.id"))


audit_events = sa.Table(
    "events",
    Base.metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("happened_at", sa.DateTime, nullable=False),
    sa.Column("payload", sa.Text),
    schema="audit",
)
