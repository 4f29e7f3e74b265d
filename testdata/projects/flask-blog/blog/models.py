"""Blog models. Most tables are named by Flask-SQLAlchemy from the class name."""
from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


class TimestampMixin:
    created_at = db.Column(db.DateTime, nullable=False, server_default=db.func.now())


class User(TimestampMixin, db.Model):
    # Flask-SQLAlchemy names this table `user` (quoted on PostgreSQL).
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(255), nullable=False)
    bio = db.Column(db.Text)

    posts = db.relationship("BlogPost", back_populates="author")


class AdminUser(User):
    """Joined-table inheritance: its own primary key, so its own table `admin_user`."""

    id = db.Column(db.Integer, db.ForeignKey("user.id"), primary_key=True)
    level = db.Column(db.Integer, nullable=False, default=1)


post_tags = db.Table(
    "post_tags",
    db.Column("post_id", db.Integer, db.ForeignKey("blog_post.id"), primary_key=True),
    db.Column("tag_id", db.Integer, db.ForeignKey("tags.id"), primary_key=True),
)


class BlogPost(TimestampMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    body = db.Column(db.Text)
    published = db.Column(db.Boolean, nullable=False, server_default=db.false())

    author = db.relationship("User", back_populates="posts")
    tags = db.relationship("Tag", secondary=post_tags)


class Tag(db.Model):
    __tablename__ = "tags"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), unique=True, nullable=False)


class Comment(db.Model):
    """SQLAlchemy 2 style inside Flask-SQLAlchemy 3.1."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(db.ForeignKey("blog_post.id"))
    body: Mapped[str]
    author_name: Mapped[Optional[str]] = mapped_column(db.String(80))
    posted_at: Mapped[datetime] = mapped_column(server_default=db.func.now())


class HTTPRedirect(db.Model):
    """Acronyms: `HTTPRedirect` -> `http_redirect`."""

    id = db.Column(db.Integer, primary_key=True)
    source_path = db.Column(db.String(255), nullable=False, unique=True)
    target_url = db.Column(db.String(2048), nullable=False)


class OAuth2Token(db.Model):
    """Digits: `OAuth2Token` -> `o_auth2_token`."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    access_token = db.Column(db.String(255), nullable=False)


class Notification(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(20), nullable=False)
    message = db.Column(db.Text, nullable=False)

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "plain"}


class EmailNotification(Notification):
    """Single-table inheritance: no primary key of its own, so no table of its own."""

    address = db.Column(db.String(255))

    __mapper_args__ = {"polymorphic_identity": "email"}
