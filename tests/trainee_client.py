"""A simulated trainee that uses the chat app the way the browser does: sign in over HTTP, then
Chainlit's socket.io protocol (connect with the session cookie, `connection_successful`, actions
over `/project/action`, `client_message` for a turn; the server streams `stream_start`,
`stream_token`, `new_message` and ends each task with `task_end`).

Used by the two-replica test and by `bench_load`. python-socketio is the library Chainlit's own
server is built on; its asyncio client holds hundreds of sessions in one process.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import socketio


class AppRefused(RuntimeError):
    """The app refused a sign-in, a connection or an action."""


@dataclass
class TurnTiming:
    first_sentence_s: float | None  # None: no customer line came
    over_s: float
    reply: str
    notes: list[str] = field(default_factory=list)  # other messages the turn showed (errors)


class Trainee:
    """One browser tab: a signed-in user with one Chainlit session on one app replica."""

    def __init__(self, base: str, name: str, password: str) -> None:
        self.base, self.name, self.password = base, name, password
        self.token: str | None = None
        self.session_id = str(uuid.uuid4())
        self.thread_id: str | None = None
        self.sio: socketio.AsyncClient | None = None
        self._events: asyncio.Queue = asyncio.Queue()
        self.messages: list[dict] = []  # every message shown, in order

    async def sign_in(self) -> None:
        async with httpx.AsyncClient(base_url=self.base, timeout=60) as http:
            response = await http.post(
                "/login", data={"username": self.name, "password": self.password}
            )
        if response.status_code != 200:
            raise AppRefused(f"sign-in of {self.name} refused: {response.status_code}")
        self.token = response.cookies["access_token"]

    async def open(self, base: str | None = None, thread_id: str | None = None) -> list[dict]:
        """Connect (to `base`, another replica, if given) and return the messages shown first:
        the welcome and picker for a new chat, the stored turns and a note for a resumed one."""
        self.base = base or self.base
        self.session_id = str(uuid.uuid4())
        self._events = asyncio.Queue()
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("*", self._on_event)
        try:
            await self.sio.connect(
                self.base,
                socketio_path="/ws/socket.io",
                transports=["websocket"],
                headers={"Cookie": f"access_token={self.token}"},
                auth={"sessionId": self.session_id, "clientType": "webapp", "userEnv": "{}",
                      "chatProfile": None, "threadId": thread_id},
                wait_timeout=60,
            )
        except socketio.exceptions.ConnectionError as exc:
            raise AppRefused(f"socket connection of {self.name} refused: {exc}") from exc
        await self.sio.emit("connection_successful")
        return await self._until_quiet()

    async def close(self) -> None:
        if self.sio is not None and self.sio.connected:
            await self.sio.disconnect()

    async def _on_event(self, event: str, data=None) -> None:
        if event == "first_interaction" and isinstance(data, dict):
            self.thread_id = data.get("thread_id") or self.thread_id
        if event == "resume_thread" and isinstance(data, dict):
            self.thread_id = data.get("id") or self.thread_id
        if event in ("new_message", "stream_start") and isinstance(data, dict):
            self.messages.append(data)
        await self._events.put((time.monotonic(), event, data))

    async def _until_quiet(self, timeout: float = 120, quiet: float = 1.0) -> list[dict]:
        """Messages until the app has sent nothing for `quiet` seconds after a task ended."""
        shown: list[dict] = []
        deadline = time.monotonic() + timeout
        ended = False
        while time.monotonic() < deadline:
            try:
                _, event, data = await asyncio.wait_for(
                    self._events.get(), quiet if ended else deadline - time.monotonic()
                )
            except TimeoutError:
                if ended:
                    return shown
                break
            if event in ("new_message", "stream_start"):
                shown.append(data)
            ended = ended or event in ("task_end", "resume_thread")
        return shown

    async def act(self, name: str, payload: dict) -> list[dict]:
        """Press an action button (a scenario in the picker, End session)."""
        async with httpx.AsyncClient(base_url=self.base, timeout=600,
                                     cookies={"access_token": self.token or ""}) as http:
            response = await http.post("/project/action", json={
                "sessionId": self.session_id,
                "action": {"name": name, "payload": payload, "id": str(uuid.uuid4())},
            })
        if response.status_code != 200:
            raise AppRefused(f"action {name} refused: {response.status_code} {response.text}")
        return await self._until_quiet(quiet=0.5)

    async def settings(self, **values) -> None:
        """Change the chat settings (voice, exam, lang) as the settings panel does."""
        await self.sio.emit("chat_settings_change", values)

    async def say(self, text: str, timeout: float = 900) -> TurnTiming:
        """Send one turn; time to the customer's first sentence and to the turn being over."""
        while not self._events.empty():
            self._events.get_nowait()
        sent = time.monotonic()
        await self.sio.emit("client_message", {
            "message": {
                "id": str(uuid.uuid4()), "threadId": self.thread_id or "", "name": self.name,
                "type": "user_message", "output": text, "createdAt": datetime.now(UTC).isoformat(),
            },
            "fileReferences": [],
        })
        first, reply, notes = None, "", []
        deadline = sent + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                notes.append(f"no end of turn within {timeout:.0f} s")
                await self.sio.emit("stop")  # as the stop button: the app cancels the task
                return TurnTiming(first, time.monotonic() - sent, reply, notes)
            try:
                at, event, data = await asyncio.wait_for(self._events.get(), left)
            except TimeoutError:
                continue
            if event == "stream_start" and data.get("type") == "assistant_message":
                first = first if first is not None else at - sent
                reply = data.get("output", "")
            elif event == "stream_token" and first is not None and not data.get("isInput"):
                reply += data.get("token", "")
            elif event == "new_message" and data.get("type") == "assistant_message":
                notes.append(data.get("output", ""))
            elif event == "task_end":
                return TurnTiming(first, at - sent, _as_read(reply).strip(), notes)


def _as_read(markdown: str) -> str:
    """Text as the reader sees it: the app escapes Markdown in what people and customers say."""
    return markdown.replace("\\", "")
