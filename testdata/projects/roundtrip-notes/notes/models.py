"""The notes app's model: authors and their notes."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

from notes.types import Labels, Slug

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"

    id = sa.Column(sa.Integer, primary_key=True)
    handle = sa.Column(Slug(), nullable=False)
    email = sa.Column(sa.String(120), unique=True)


class Note(Base):
    __tablename__ = "notes"

    id = sa.Column(sa.Integer, primary_key=True)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("authors.id"), nullable=False)
    body = sa.Column(sa.Text)
    labels = sa.Column(Labels())
    created_at = sa.Column(sa.DateTime, index=True)
