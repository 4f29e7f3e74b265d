"""Shop models."""
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column

from shop.db import Base, Col, PrefixedTable, Required, RequiredMapped, key_column


class CustomerAccount(Base):
    id = key_column(sa.Integer)
    email = Required(sa.String(200), unique=True, index=True)
    display_name = Col(sa.String(80))
    kind = Required(sa.String(20))
    created_at: Mapped[datetime] = RequiredMapped(sa.DateTime)
    order_count = column_property(sa.Column(sa.Integer, nullable=True))

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "customer"}


class VipAccount(CustomerAccount):
    """Single-table inheritance: the base's __tablename__ returns None here."""

    discount_percent = sa.Column(sa.Integer)

    __mapper_args__ = {"polymorphic_identity": "vip"}


class PurchaseOrder(Base):
    id = key_column(sa.Integer)
    customer_id = Required(sa.ForeignKey("customer_account.id"))
    note: Mapped[Optional[str]] = mapped_column(sa.String(500))


class OrderLine(Base):
    __table_args__ = (
        sa.PrimaryKeyConstraint("order_id", "line_no"),
        {"comment": "one row per product in an order"},
    )

    order_id = sa.Column(sa.ForeignKey("purchase_order.id"))
    line_no = sa.Column(sa.Integer)
    sku = Required(sa.String(40))
    quantity = Required(sa.Integer, server_default="1")


class Supplier(PrefixedTable, Base):
    id = key_column(sa.Integer)
    name = Required(sa.String(120))


stock_moves = sa.Table(
    "stock_move",
    Base.metadata,
    sa.Column("sku", sa.String(40)),
    sa.Column("moved_at", sa.DateTime),
    sa.Column("delta", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("sku", "moved_at"),
)
