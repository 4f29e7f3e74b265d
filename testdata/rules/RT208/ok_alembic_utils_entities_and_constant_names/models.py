from typing import Any

from pydantic_settings import BaseSettings
from sqlalchemy import String, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Settings(BaseSettings):
    # Calls that look like `Column(...)` in a class that is no model.
    DATABASE_URL: str = str("postgresql://localhost/app")
    POOL_TIMEOUT: float = float(30)


class TaxIdType(TypeDecorator[Any]):
    impl = JSONB(none_as_null=True)
    cache_ok = True


class Base(DeclarativeBase):
    pass


class File(Base):
    __tablename__ = "files"

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(255))
    tax_id: Mapped[Any] = mapped_column(TaxIdType, nullable=True)
