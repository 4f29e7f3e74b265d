"""Catalogue models: mixins, an abstract base, single-table inheritance and a Table()."""
from typing import Optional

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from library.base import Base, IdMixin, LowerNameTable, NamedMixin, SoftDeleteMixin, TimestampMixin


class Author(IdMixin, NamedMixin, SoftDeleteMixin, Base):
    __tablename__ = "authors"

    books: Mapped[list["Book"]] = relationship(back_populates="author")


class CatalogItem(IdMixin, TimestampMixin, Base):
    __abstract__ = True

    title: Mapped[str] = mapped_column(String(300))


class Book(SoftDeleteMixin, CatalogItem):
    __tablename__ = "books"

    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    isbn: Mapped[Optional[str]] = mapped_column(String(13), unique=True, index=True)

    author: Mapped[Author] = relationship(back_populates="books")


class Item(IdMixin, Base):
    __tablename__ = "items"

    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(300))

    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "item"}


class Dvd(Item):
    """Single-table inheritance: its column lives in `items`."""

    runtime_minutes: Mapped[Optional[int]]

    __mapper_args__ = {"polymorphic_identity": "dvd"}


class Shelf(LowerNameTable, IdMixin, Base):
    label = Column(String(40), nullable=False)


book_tags = Table(
    "book_tags",
    Base.metadata,
    Column("book_id", Integer, ForeignKey("books.id"), primary_key=True),
    Column("tag", String(50), primary_key=True),
)
