"""Chainlit's data layer on our store: threads are practice sessions, steps are their turns.

There is no second database. Ownership comes from the store, so Chainlit's thread checks
("the thread's author is the signed-in user") are answered from our records; nothing is ever
marked shared, and Chainlit's own session metadata is not stored.
"""

from __future__ import annotations

from datetime import UTC

from chainlit.data.base import BaseDataLayer
from chainlit.types import PageInfo, PaginatedResponse, Pagination, ThreadDict, ThreadFilter
from chainlit.user import PersistedUser, User
from sqlmodel import select

from scenarios.library import Library
from simulator.store import ChatThread, PracticeSession, Store
from simulator.store import User as StoreUser


def _iso(dt) -> str:
    return dt.replace(tzinfo=dt.tzinfo or UTC).isoformat()


class StoreDataLayer(BaseDataLayer):
    def __init__(self, store: Store, library: Library) -> None:
        self.store, self.library = store, library

    # users
    async def get_user(self, identifier: str) -> PersistedUser | None:
        user = self.store.user_named(identifier)
        if user is None:
            return None
        return PersistedUser(id=user.id, identifier=user.name, createdAt=_iso(user.created_at),
                             metadata={"role": user.role, "language": user.language})

    async def create_user(self, user: User) -> PersistedUser | None:
        # Accounts are created by `spar users add`; sign-in already checked the password.
        return await self.get_user(user.identifier)

    # threads
    async def get_thread_author(self, thread_id: str) -> str:
        with self.store.session() as db:
            owner_id = None
            record = db.get(PracticeSession, thread_id)
            if record is not None:
                owner_id = record.user_id
            else:
                thread = db.get(ChatThread, thread_id)
                owner_id = thread.user_id if thread is not None else None
            owner = db.get(StoreUser, owner_id) if owner_id else None
        return owner.name if owner is not None else ""

    async def update_thread(self, thread_id: str, name: str | None = None,
                            user_id: str | None = None, metadata: dict | None = None,
                            tags: list[str] | None = None) -> None:
        with self.store.session() as db:
            thread = db.get(ChatThread, thread_id)
            if thread is None:
                if user_id is None:
                    return  # nothing to attach it to yet
                if db.get(StoreUser, user_id) is None:
                    return
                thread = ChatThread(id=thread_id, user_id=user_id)
            elif user_id is not None and user_id != thread.user_id:
                return  # a thread never changes hands
            if name:
                thread.name = name[:200]
            db.add(thread)
            db.commit()

    async def delete_thread(self, thread_id: str) -> None:
        # Practice records are kept for managers; the trainee's list just stops showing it.
        with self.store.session() as db:
            thread = db.get(ChatThread, thread_id)
            if thread is not None:
                thread.hidden = True
                db.add(thread)
                db.commit()

    async def list_threads(self, pagination: Pagination, filters: ThreadFilter
                           ) -> PaginatedResponse[ThreadDict]:
        if not filters.userId:
            return PaginatedResponse(PageInfo(False, None, None), [])
        with self.store.session() as db:
            hidden = set(db.exec(select(ChatThread.id).where(ChatThread.user_id == filters.userId,
                                                            ChatThread.hidden)).all())
            sessions = db.exec(select(PracticeSession)
                               .where(PracticeSession.user_id == filters.userId)
                               .order_by(PracticeSession.started_at.desc())).all()  # type: ignore[attr-defined]
        rows = [s for s in sessions if s.id not in hidden and not s.llm.startswith("transcript")]
        if filters.search:
            needle = filters.search.lower()
            rows = [s for s in rows if needle in self._title(s).lower()]
        start = 0
        if pagination.cursor:
            ids = [s.id for s in rows]
            start = ids.index(pagination.cursor) + 1 if pagination.cursor in ids else 0
        page = rows[start:start + pagination.first]
        data = [self._thread_dict(s, with_steps=False) for s in page]
        has_next = start + pagination.first < len(rows)
        return PaginatedResponse(
            PageInfo(has_next, page[0].id if page else None, page[-1].id if page else None), data)

    async def get_thread(self, thread_id: str) -> ThreadDict | None:
        record = self.store.get_session(thread_id)
        if record is None:
            return None
        return self._thread_dict(record, with_steps=True)

    def _title(self, record: PracticeSession) -> str:
        try:
            title = self.library.scenario(record.scenario_id).title(record.language)
        except Exception:  # a scenario removed from the library still lists
            title = record.scenario_id
        return f"{title} · {record.started_at.strftime('%m-%d %H:%M')}"

    def _thread_dict(self, record: PracticeSession, with_steps: bool) -> ThreadDict:
        owner = self.store.get_user(record.user_id)
        steps = []
        if with_steps:
            persona = None
            try:
                scenario = self.library.scenario(record.scenario_id)
                persona = self.library.persona_of(scenario).name(record.language)
            except Exception:
                pass
            for turn in self.store.turns(record.id):
                trainee = turn.speaker == "trainee"
                steps.append({
                    "id": turn.id, "threadId": record.id, "parentId": None,
                    "name": owner.name if (trainee and owner) else (persona or "Customer"),
                    "type": "user_message" if trainee else "assistant_message",
                    "output": turn.text, "input": "", "metadata": {},
                    "createdAt": _iso(turn.created_at), "start": _iso(turn.created_at),
                    "end": _iso(turn.created_at), "streaming": False,
                })
        return {
            "id": record.id, "createdAt": _iso(record.started_at), "name": self._title(record),
            "userId": record.user_id, "userIdentifier": owner.name if owner else None,
            "tags": [record.scenario_id], "metadata": {}, "steps": steps, "elements": [],
        }

    # steps, elements, feedback: the store already holds the turns; the rest is not kept
    async def create_step(self, step_dict) -> None:
        return None

    async def update_step(self, step_dict) -> None:
        return None

    async def delete_step(self, step_id: str) -> None:
        return None

    async def create_element(self, element) -> None:
        return None

    async def get_element(self, thread_id: str, element_id: str):
        return None

    async def delete_element(self, element_id: str, thread_id: str | None = None) -> None:
        return None

    async def upsert_feedback(self, feedback) -> str:
        return ""

    async def delete_feedback(self, feedback_id: str) -> bool:
        return False

    async def build_debug_url(self) -> str:
        return ""

    async def close(self) -> None:
        return None

    async def get_favorite_steps(self, user_id: str) -> list:
        return []

    async def set_step_favorite(self, step_id: str, favorite: bool):
        return None
