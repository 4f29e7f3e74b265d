"""Shop models, edited without migrations."""
from decimal import Decimal
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import orm


class Base(orm.DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(100), nullable=False)
    email = sa.Column(sa.String(255), nullable=False)
    # Added to the model; no migration adds it.
    phone = sa.Column(sa.String(30))


class Order(Base):
    __tablename__ = "orders"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    customer_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("customers.id"))
    total: orm.Mapped[Decimal] = orm.mapped_column(sa.Numeric(10, 2))
    # `orders.note` was removed from the model but is still in the migrations.

    customer: orm.Mapped[Customer] = orm.relationship()


class Coupon(Base):
    """A new model nobody wrote a migration for."""

    __tablename__ = "coupons"

    code: orm.Mapped[str] = orm.mapped_column(sa.String(20), primary_key=True)
    percent_off: orm.Mapped[Optional[int]]
