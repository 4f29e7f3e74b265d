"""Column types of the notes app."""
import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class Slug(TypeDecorator):
    """A URL-safe handle, stored lower-cased in at most 40 characters."""

    impl = sa.String(40)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.lower() if value is not None else None


class Code(TypeDecorator):
    """A short code; its length is given where it is used (`Code(12)`)."""

    impl = sa.String
    cache_ok = True


class Labels(TypeDecorator):
    """Comma-separated labels; an array on PostgreSQL, text elsewhere."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import ARRAY

            return dialect.type_descriptor(ARRAY(sa.Text()))
        return dialect.type_descriptor(sa.Text())
