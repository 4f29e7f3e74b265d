from alembic import context

from inventory.storage import migrate_with

# The application opens the connection (and decides its isolation level) and passes
# it in config.attributes; the code that runs the migrations lives with it.
migrate_with(context, context.config.attributes["connection"])
