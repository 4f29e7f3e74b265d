from sqlalchemy import ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Org(Base):
    __tablename__ = "orgs"

    id: Mapped[int] = mapped_column(primary_key=True)


class Benefit(Base):
    __tablename__ = "benefits"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))

    # Subclasses narrow the annotation; the column is the same.
    @declared_attr
    def properties(cls) -> Mapped[dict]:
        return mapped_column("properties", JSONB, nullable=False, default=dict)

    @declared_attr
    def org(cls) -> Mapped["Org"]:
        return relationship("Org", lazy="raise")
