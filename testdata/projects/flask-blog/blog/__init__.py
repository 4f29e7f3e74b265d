"""A small Flask blog."""
import os

from flask import Flask

from .extensions import db


def create_app(database_url=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ.get(
        "DATABASE_URL", "sqlite:///blog.db"
    )
    db.init_app(app)
    from . import models  # noqa: F401  (registers the models)

    return app
