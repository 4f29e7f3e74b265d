from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_online():
    # The index builds run on an autocommit connection: begin_transaction() opens no
    # real transaction, so CREATE INDEX CONCURRENTLY works.
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
        isolation_level="AUTOCOMMIT",
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
