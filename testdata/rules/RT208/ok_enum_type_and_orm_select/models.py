import enum

from sqlalchemy import Enum, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class AuthMethod(enum.Enum):
    MEALIE = "MEALIE"
    LDAP = "LDAP"


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str | None] = mapped_column(String(100))
    auth_method: Mapped[AuthMethod] = mapped_column(Enum(AuthMethod, name="authmethod"), server_default="MEALIE")
