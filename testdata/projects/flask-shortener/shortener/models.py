"""Shortener models, edited without (correct) migrations."""
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class ShortLink(db.Model):
    # Flask-SQLAlchemy names this table `short_link`; the migration that was meant
    # to create it guessed `short_links`.
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(16), nullable=False, unique=True)
    target = db.Column(db.String(2048), nullable=False)


class APIKey(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(64), nullable=False, unique=True)
    # New in the model; no migration adds it.
    scopes = db.Column(db.String(255))
    # `legacy_secret` was removed from the model, but the migrations still add it.


class Visit(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(10), nullable=False)
    visited_at = db.Column(db.DateTime, nullable=False)

    __mapper_args__ = {"polymorphic_on": kind, "polymorphic_identity": "human"}


class BotVisit(Visit):
    # Single-table inheritance: this column lives in `visit`, and no migration adds it.
    agent = db.Column(db.String(255))

    __mapper_args__ = {"polymorphic_identity": "bot"}
