import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

convention = {
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=convention)


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (sa.CheckConstraint("balance >= 0", name="valid_balance"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int]
