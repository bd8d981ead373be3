"""Alembic's entry point for spar's schema: run by `simulator.schema` on a connection it opens
(inside one transaction, so a failed upgrade leaves nothing half-applied)."""

from alembic import context
from sqlmodel import SQLModel

import simulator.store  # noqa: F401 - registers the tables on SQLModel.metadata
from simulator.schema import ours

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    compare_type=True,
    include_object=ours,
)
with context.begin_transaction():
    context.run_migrations()
