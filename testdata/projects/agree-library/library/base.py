"""Declarative base and the mixins every catalogue model is built from."""
import datetime
from typing import Optional

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


class Base(DeclarativeBase):
    pass


class IdMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class TimestampMixin:
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime(), server_default=func.now())
    updated_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime())


class SoftDeleteMixin:
    deleted_at: Mapped[Optional[datetime.datetime]]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class NamedMixin(TimestampMixin):
    """A mixin built on another mixin."""

    name: Mapped[str] = mapped_column(String(200))


class LowerNameTable:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()
