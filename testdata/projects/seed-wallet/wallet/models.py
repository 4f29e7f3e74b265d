"""ORM models of the wallet service (SQLAlchemy 2.0 declarative style).

The code below already expects every migration to have run: `Transaction.trade_id`,
`Trade` and `Voucher` exist only once both heads of the migration history
(`c8d25c64b432` and `fb84c1febfb6`) are applied.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Amount = Numeric(precision=18, scale=8)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(), server_default=func.now()
    )
    # 471e70446f5a
    kyc_status: Mapped[str] = mapped_column(String(20), server_default="pending")
    # add_trading_models
    trading_enabled: Mapped[bool] = mapped_column(Boolean(), server_default=false())

    wallets: Mapped[list[Wallet]] = relationship(back_populates="user")
    trades: Mapped[list[Trade]] = relationship(back_populates="user")


class Wallet(Base):
    __tablename__ = "wallets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    balance: Mapped[Decimal] = mapped_column(Amount, server_default="0")
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(), server_default=func.now()
    )
    # ad35ac018b58
    currency: Mapped[str] = mapped_column(String(3), server_default="USD")
    # add_trading_models: funds reserved for open trades
    locked_balance: Mapped[Decimal] = mapped_column(Amount, server_default="0")

    user: Mapped[User] = relationship(back_populates="wallets")
    transactions: Mapped[list[Transaction]] = relationship(back_populates="wallet")


class Transaction(Base):
    __tablename__ = "transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wallet_id: Mapped[int] = mapped_column(ForeignKey("wallets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Amount)
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(), server_default=func.now()
    )
    # fb84c1febfb6: set for the legs of a trade
    trade_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("trades.id", name="fk_transactions_trade_id_trades")
    )

    wallet: Mapped[Wallet] = relationship(back_populates="transactions")
    trade: Mapped[Optional[Trade]] = relationship(back_populates="transactions")


class Trade(Base):
    """fb84c1febfb6"""

    __tablename__ = "trades"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    side: Mapped[str] = mapped_column(String(4))
    base_currency: Mapped[str] = mapped_column(String(3))
    quote_currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(Amount)
    price: Mapped[Decimal] = mapped_column(Amount)
    status: Mapped[str] = mapped_column(String(20), server_default="open")
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(), server_default=func.now()
    )
    updated_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(), server_default=func.now(), onupdate=func.now()
    )

    user: Mapped[User] = relationship(back_populates="trades")
    transactions: Mapped[list[Transaction]] = relationship(back_populates="trade")


class Voucher(Base):
    """c8d25c64b432"""

    __tablename__ = "vouchers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    amount: Mapped[Decimal] = mapped_column(Amount)
    currency: Mapped[str] = mapped_column(String(3), server_default="USD")
    redeemed_by: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    redeemed_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime())
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime(), server_default=func.now()
    )
