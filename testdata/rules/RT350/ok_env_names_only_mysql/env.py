"""The project runs on MySQL only: the connection comes from the application's
settings, and every table is created with the InnoDB engine."""
from alembic import context

from app.db import engine_from_settings

config = context.config
MYSQL_ENGINE = "InnoDB"


def include_object(obj, name, type_, reflected, compare_to):
    return True


def run_migrations_online() -> None:
    engine = engine_from_settings()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=None,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations(mysql_engine=MYSQL_ENGINE)


run_migrations_online()
