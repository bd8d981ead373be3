"""One position per turn in a session: a unique index on turn (session_id, index).

Several app replicas may append to one session (a trainee with two tabs on two replicas); the
index makes a lost race an error the store retries instead of two turns at one position. Release
0.1.0 could already write such pairs (two concurrent appends); they are renumbered in their
stored order (index, then time, then id) so that no row is lost.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

turn = sa.table(
    "turn",
    sa.column("id", sa.String()),
    sa.column("session_id", sa.String()),
    sa.column("index", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    db = op.get_bind()
    clashing = db.execute(
        sa.select(turn.c.session_id)
        .group_by(turn.c.session_id, turn.c.index)
        .having(sa.func.count() > 1)
        .distinct()
    ).scalars().all()
    for session_id in clashing:
        rows = db.execute(
            sa.select(turn.c.id)
            .where(turn.c.session_id == session_id)
            .order_by(turn.c.index, turn.c.created_at, turn.c.id)
        ).scalars().all()
        for position, turn_id in enumerate(rows):
            db.execute(sa.update(turn).where(turn.c.id == turn_id).values(index=position))
    op.create_index("ux_turn_session_index", "turn", ["session_id", "index"], unique=True)
