"""Wiki models on Flask-SQLAlchemy 3."""
import functools

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import column_property

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))

# Columns are NOT NULL unless a model says otherwise.
Column = functools.partial(db.Column, nullable=False)


class Page(db.Model):
    id = Column(db.Integer, primary_key=True)
    slug = Column(db.String(120), unique=True)
    title = Column(db.String(200))
    kind = Column(db.String(20))
    body = db.Column(db.Text)
    word_count = column_property(db.Column(db.Integer, nullable=True))

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "page"}


class WikiPage(Page):
    """No primary key of its own: Flask-SQLAlchemy keeps it in `page`."""

    __tablename__ = "wiki_page"
    revision_note = db.Column(db.String(200))

    __mapper_args__ = {"polymorphic_identity": "wiki"}


class PageRevision(db.Model):
    id = Column(db.Integer, primary_key=True)
    page_id = Column(db.Integer, db.ForeignKey("page.id"))
    author = Column(db.String(80))
    saved_at = Column(db.DateTime)

    # Configuration of a serializer, not a column.
    model_config = {"from_attributes": True}


page_tags = db.Table(
    "page_tags",
    db.Column("page_id", db.Integer, db.ForeignKey("page.id")),
    db.Column("tag", db.String(40)),
    db.PrimaryKeyConstraint("page_id", "tag"),
)
