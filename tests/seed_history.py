"""A seeded practice history for progress, dashboard and export tests and the dashboard bench.

Reports are synthetic but shaped exactly like the scorer's (SessionScore.model_dump()); each
trainee gets one clearly weakest dimension so tests can check what the profile finds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import get_args

from sqlmodel import Session

from scenarios.library import Library
from scoring.rubric import rubric as load_rubric
from scoring.schema import DimensionId
from simulator.store import PracticeSession, Report, Store, Team, TeamMember, Turn, User

DIMENSIONS = get_args(DimensionId)  # rapport, discovery, objection_handling, ...


@dataclass
class Seeded:
    manager: User
    team: Team
    trainees: list[User]
    weakest: dict[str, str]  # trainee name -> the dimension seeded weakest


def seed_history(
    store: Store,
    library: Library,
    trainees: int = 3,
    sessions: int = 6,
    seed: int = 7,
    team_name: str = "north",
    manager_name: str = "mona",
    start: datetime | None = None,
) -> Seeded:
    rng = random.Random(seed)
    start = start or datetime(2026, 9, 1, 9, tzinfo=UTC)
    scenario_ids = sorted(library.scenarios)
    manager = User(name=manager_name, role="manager")
    team = Team(name=team_name, manager_id=manager.id)
    people = [User(name=f"{team_name}-t{i:03d}", role="trainee") for i in range(trainees)]
    weakest = {u.name: DIMENSIONS[i % 4] for i, u in enumerate(people)}  # rapport..compliance
    records: list = [manager, team]
    for i, user in enumerate(people):
        records += [user, TeamMember(team_id=team.id, user_id=user.id)]
        for n in range(sessions):
            scenario = library.scenario(scenario_ids[(i + n) % len(scenario_ids)])
            rubric = load_rubric(scenario.rubric)
            when = start + timedelta(days=n, minutes=i)
            record = PracticeSession(
                user_id=user.id,
                scenario_id=scenario.id,
                language="en" if (i + n) % 3 else "zh",
                status="ended",
                end_reason="trainee ended",
                started_at=when,
                ended_at=when + timedelta(minutes=12),
            )
            growth = 2.5 * n  # trainees improve over time
            dims = []
            for dim in rubric.dimensions_for(scenario.kind):
                base = 30 if dim.id == weakest[user.name] else 65
                percent = max(0.0, min(100.0, base + growth + rng.uniform(-8, 8)))
                dims.append(
                    {
                        "dimension": dim.id,
                        "name": dim.name("en"),
                        "weight": dim.weight,
                        "score": round(percent / 25, 2),
                        "percent": round(percent, 1),
                        "evidence": [],
                    }
                )
            total = round(
                sum(d["percent"] * d["weight"] for d in dims) / sum(d["weight"] for d in dims), 1
            )
            blocker = rng.random() < 0.08
            violations = (
                [
                    {
                        "pack": "general-sales",
                        "rule_id": "guaranteed-returns",
                        "rule": "No promise of guaranteed payouts or returns",
                        "deduction": 100,
                        "blocker": True,
                        "regulation": "general conduct",
                        "turn_id": None,
                        "quote": "I guarantee it pays",
                    }
                ]
                if blocker
                else []
            )
            objections = {
                o: ("resolved" if rng.random() < 0.4 + 0.05 * n else "raised")
                for o in scenario.objections
            }
            data = {
                "scenario_id": scenario.id,
                "scenario_version": scenario.version,
                "rubric_id": rubric.id,
                "rubric_version": rubric.version,
                "lang": record.language,
                "kind": scenario.kind,
                "total": 0.0 if blocker else total,
                "pass_mark": rubric.pass_mark,
                "passed": (not blocker) and total >= rubric.pass_mark,
                "blockers": violations,
                "violations": violations,
                "dimensions": dims,
                "objections": objections,
                "turns": [],
                "top_recommendations": [],
                "timeline": [],
                "outcome": "agreed" if total >= rubric.pass_mark else "hung_up",
            }
            records += [
                record,
                Turn(session_id=record.id, index=0, speaker="customer", text="Hello."),
                Turn(
                    session_id=record.id,
                    index=1,
                    speaker="trainee",
                    text="Hello, my number is 13812345678.",
                ),
                Report(
                    session_id=record.id,
                    scenario_id=scenario.id,
                    scenario_version=scenario.version,
                    rubric_id=rubric.id,
                    rubric_version=rubric.version,
                    total=data["total"],
                    passed=data["passed"],
                    data=data,
                    created_at=when + timedelta(minutes=12),
                ),
            ]
    order = (User, Team, TeamMember, PracticeSession, Turn, Report)  # foreign keys first
    with Session(store.engine) as db:
        for kind in order:
            db.add_all([r for r in records if type(r) is kind])
            db.flush()
        db.commit()
        for obj in [manager, team, *people]:
            db.refresh(obj)
            db.expunge(obj)
    return Seeded(manager, team, people, weakest)
