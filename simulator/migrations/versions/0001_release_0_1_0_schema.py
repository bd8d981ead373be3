"""The schema of release 0.1.0, which made its tables with `create_all` and had no migrations.

A database written by that release has these tables and no version table; `spar db upgrade`
recognises it and records it at this revision (simulator/schema.py) before going on.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("judgeverdict",
    sa.Column("key", sa.String(), nullable=False),
    sa.Column("verdict", sa.JSON(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("key")
    )
    op.create_table("user",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("name", sa.String(), nullable=False),
    sa.Column("role", sa.String(), nullable=False),
    sa.Column("password_hash", sa.String(), nullable=True),
    sa.Column("language", sa.String(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_user_name", "user", ["name"], unique=True)

    op.create_table("chat_thread",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("user_id", sa.String(), nullable=False),
    sa.Column("name", sa.String(), nullable=True),
    sa.Column("hidden", sa.Boolean(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_chat_thread_user_id", "chat_thread", ["user_id"], unique=False)

    op.create_table("practice_session",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("user_id", sa.String(), nullable=False),
    sa.Column("scenario_id", sa.String(), nullable=False),
    sa.Column("scenario_version", sa.String(), nullable=False),
    sa.Column("language", sa.String(), nullable=False),
    sa.Column("status", sa.String(), nullable=False),
    sa.Column("end_reason", sa.String(), nullable=True),
    sa.Column("llm", sa.String(), nullable=False),
    sa.Column("seed", sa.Integer(), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_practice_session_user_id", "practice_session", ["user_id"], unique=False)

    op.create_table("team",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("name", sa.String(), nullable=False),
    sa.Column("manager_id", sa.String(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["manager_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_team_manager_id", "team", ["manager_id"], unique=False)
    op.create_index("ix_team_name", "team", ["name"], unique=True)

    op.create_table("assignment",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("batch_id", sa.String(), nullable=False),
    sa.Column("scenario_id", sa.String(), nullable=False),
    sa.Column("language", sa.String(), nullable=False),
    sa.Column("trainee_id", sa.String(), nullable=False),
    sa.Column("team_id", sa.String(), nullable=True),
    sa.Column("assigned_by", sa.String(), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts_allowed", sa.Integer(), nullable=False),
    sa.Column("pass_mark", sa.Float(), nullable=False),
    sa.Column("mode", sa.String(), nullable=False),
    sa.Column("reason", sa.String(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["assigned_by"], ["user.id"], ),
    sa.ForeignKeyConstraint(["team_id"], ["team.id"], ),
    sa.ForeignKeyConstraint(["trainee_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_assignment_batch_id", "assignment", ["batch_id"], unique=False)
    op.create_index("ix_assignment_trainee_id", "assignment", ["trainee_id"], unique=False)

    op.create_table("report",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("session_id", sa.String(), nullable=False),
    sa.Column("scenario_id", sa.String(), nullable=False),
    sa.Column("scenario_version", sa.String(), nullable=False),
    sa.Column("rubric_id", sa.String(), nullable=False),
    sa.Column("rubric_version", sa.String(), nullable=False),
    sa.Column("total", sa.Float(), nullable=False),
    sa.Column("passed", sa.Boolean(), nullable=False),
    sa.Column("data", sa.JSON(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_report_session_id", "report", ["session_id"], unique=True)

    op.create_table("score_override",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("session_id", sa.String(), nullable=False),
    sa.Column("by_user_id", sa.String(), nullable=False),
    sa.Column("original_total", sa.Float(), nullable=False),
    sa.Column("new_total", sa.Float(), nullable=False),
    sa.Column("reason", sa.String(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["by_user_id"], ["user.id"], ),
    sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_score_override_session_id", "score_override", ["session_id"], unique=False)

    op.create_table("team_member",
    sa.Column("team_id", sa.String(), nullable=False),
    sa.Column("user_id", sa.String(), nullable=False),
    sa.ForeignKeyConstraint(["team_id"], ["team.id"], ),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("team_id", "user_id")
    )
    op.create_table("turn",
    sa.Column("id", sa.String(), nullable=False),
    sa.Column("session_id", sa.String(), nullable=False),
    sa.Column("index", sa.Integer(), nullable=False),
    sa.Column("speaker", sa.String(), nullable=False),
    sa.Column("text", sa.String(), nullable=False),
    sa.Column("meta", sa.JSON(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    op.create_index("ix_turn_session_id", "turn", ["session_id"], unique=False)

    op.create_table("assignment_attempt",
    sa.Column("session_id", sa.String(), nullable=False),
    sa.Column("assignment_id", sa.String(), nullable=False),
    sa.ForeignKeyConstraint(["assignment_id"], ["assignment.id"], ),
    sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"], ),
    sa.PrimaryKeyConstraint("session_id")
    )
    op.create_index(
        "ix_assignment_attempt_assignment_id", "assignment_attempt", ["assignment_id"], unique=False
    )

