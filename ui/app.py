"""The Chainlit app: sign in, pick a scenario, practise, see scores and the report.

Thin by design: every decision lives in simulator/ and scoring/, which are tested without the UI.
Start it with `spar serve` (what `make run` does).
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time

import chainlit as cl
from chainlit.config import config as chainlit_config
from chainlit.input_widget import Select, Switch
from chainlit.server import app as fastapi_app
from chainlit.types import OutputAudioChunk

from scoring import report as report_figures
from scoring.scorer import score_session
from scoring.service import lines_of, score_stored, write_report
from simulator.accounts import authenticate
from simulator.llm import LLMBusy, LLMError, LLMTimeout
from simulator.modelfiles import ModelFileError
from simulator.runtime import open_runtime
from simulator.session import Conversation, SessionOver, TurnRejected
from simulator.settings import get_settings
from simulator.team import AccessDenied, TeamError, assignments_for, open_assignment, record_attempt
from simulator.voice.asr import ASRError, load_model, scenario_terms, transcribe
from simulator.voice.listen import Endpointer
from simulator.voice.metrics import measure
from simulator.voice.tts import TTSError, joined, pcm16, synthesize
from ui import console, routes
from ui.data_layer import StoreDataLayer
from ui.views import (
    audio_problem,
    catalogue,
    persona_card,
    plain,
    report_summary,
    t,
    turn_feedback,
    ui_language,
)

log = logging.getLogger("spar.ui")
logging.basicConfig(level=logging.INFO)
RT = open_runtime(get_settings())
threading.Thread(target=lambda: RT.llm, name="load-model", daemon=True).start()
routes.install(fastapi_app, RT)


@cl.data_layer
def data_layer():
    return StoreDataLayer(RT.store, RT.library)


@cl.password_auth_callback
def sign_in(username: str, password: str) -> cl.User | None:
    user = authenticate(RT.store, username, password)
    if user is None:
        return None
    return cl.User(
        identifier=user.name,
        display_name=user.name,
        metadata={"role": user.role, "language": user.language},
    )


def _lang() -> str:
    return cl.user_session.get("lang") or "en"


def _store_user():
    user = cl.user_session.get("user")
    return RT.store.user_named(user.identifier) if user else None


@cl.on_chat_start
async def start() -> None:
    user = cl.user_session.get("user")
    lang = ui_language(
        getattr(cl.context.session, "language", None),
        (user.metadata or {}).get("language") if user else None,
    )
    cl.user_session.set("lang", lang)
    cl.user_session.set("exam", False)
    cl.user_session.set("voice", True)
    await cl.ChatSettings(
        [
            Select(id="lang", label="Language / 语言", values=["en", "zh"], initial_value=lang),
            Switch(id="exam", label="Exam mode / 考试模式", initial=False),
            Switch(id="voice", label=t(lang, "voice_setting"), initial=True),
        ]
    ).send()
    me = _store_user()
    await cl.Message(content=t(lang, "welcome", name=plain(user.identifier if user else ""))).send()
    if console.is_manager(me):
        await render(console.help_reply(lang))
    await show_picker(me, lang)


@cl.on_settings_update
async def settings_changed(values: dict) -> None:
    if values.get("lang") in ("en", "zh"):
        cl.user_session.set("lang", values["lang"])
    if "voice" in values:
        cl.user_session.set("voice", bool(values["voice"]))
    if not cl.user_session.get("exam_locked"):  # an exam assignment cannot be switched off
        cl.user_session.set("exam", bool(values.get("exam")))


async def render(reply: console.Reply) -> None:
    """Show a console reply: Markdown, links, plotly figures and action buttons."""
    links = "".join(f"\n\n[{label}]({url})" for label, url in reply.links)
    await cl.Message(
        content=reply.text + links,
        elements=[cl.Plotly(name=n, figure=f, display="inline") for n, f in reply.figures],
        actions=[cl.Action(name=a.name, payload=a.payload, label=a.label) for a in reply.actions],
    ).send()


async def show_picker(me, lang: str) -> None:
    """Assigned scenarios first (soonest due), then the open library."""
    mine = assignments_for(RT.store, me) if me else []
    todo = [s for s in mine if s.state in ("open", "overdue")]
    if todo:
        actions = []
        for status in todo:
            a = status.assignment
            overdue = status.state == "overdue"
            label = t(
                lang,
                "assigned_item",
                title=RT.library.scenario(a.scenario_id).title(a.language),
                due_label=t(lang, "overdue_label" if overdue else "due_label"),
                due=f"{a.due_at:%Y-%m-%d}",
                left=status.attempts_left,
                exam=t(lang, "exam_tag") if a.mode == "exam" else "",
            )
            actions.append(
                cl.Action(
                    name="pick_assignment",
                    payload={"assignment": a.id},
                    label=label,
                    tooltip=a.scenario_id,
                )
            )
        await cl.Message(content=f"**{t(lang, 'assigned')}**", actions=actions).send()
    groups = catalogue(RT.library)
    for key, label in (("sales", "library_sales"), ("claims", "library_claims")):
        actions = [
            cl.Action(
                name="pick_scenario", payload={"scenario": s.id}, label=s.title(lang), tooltip=s.id
            )
            for s in groups[key]
        ]
        await cl.Message(content=f"**{t(lang, label)}**", actions=actions).send()


@cl.action_callback("pick_scenario")
async def pick(action: cl.Action) -> None:
    if cl.user_session.get("conversation") is not None:
        return
    await begin(action.payload["scenario"], _lang(), bool(cl.user_session.get("exam")))


@cl.action_callback("pick_assignment")
async def pick_assignment(action: cl.Action) -> None:
    lang = _lang()
    if cl.user_session.get("conversation") is not None:
        return
    me = _store_user()
    try:
        assignment = open_assignment(RT.store, me, str(action.payload.get("assignment")))
    except (AccessDenied, TeamError) as exc:
        await cl.Message(content=t(lang, "console_refused", reason=plain(str(exc)))).send()
        return
    exam = assignment.mode == "exam"
    cl.user_session.set("exam", exam)
    cl.user_session.set("exam_locked", exam)
    await begin(assignment.scenario_id, assignment.language, exam, assignment)


async def begin(scenario_id: str, lang: str, exam: bool, assignment=None) -> None:
    """Show the persona card, start the conversation (linked to its assignment), greet."""
    scenario = RT.library.scenario(scenario_id)
    await cl.Message(
        content=f"### {t(lang, 'card_title')}: {scenario.title(lang)}\n\n"
        + persona_card(RT.library, scenario, lang)
        + "\n\n"
        + t(lang, "mode_exam" if exam else "mode_coach")
    ).send()
    thread_id = cl.context.session.thread_id
    conv = await asyncio.to_thread(
        Conversation.start,
        RT.store,
        RT.llm,
        RT.library,
        RT.checkpointer,
        _store_user(),
        scenario.id,
        lang,
        random.randrange(1 << 30),
        thread_id,
    )
    cl.user_session.set("conversation", conv)
    if assignment is not None:
        record_attempt(RT.store, assignment, conv.session_id)
        used = next(
            s.attempts_used
            for s in assignments_for(RT.store, _store_user())
            if s.assignment.id == assignment.id
        )
        await cl.Message(
            content=t(
                lang,
                "assignment_started",
                mark=assignment.pass_mark,
                attempt=used,
                attempts=assignment.attempts_allowed,
            )
        ).send()
    await cl.Message(
        content=plain(conv.state["line"]),
        author=conv.persona.name(lang),
        actions=[_end_action(lang)],
    ).send()
    threading.Thread(target=conv.warm, daemon=True).start()


def _end_action(lang: str) -> cl.Action:
    return cl.Action(name="end_session", payload={}, label=t(lang, "end_session"))


@cl.on_message
async def on_message(message: cl.Message) -> None:
    lang = _lang()
    conv: Conversation | None = cl.user_session.get("conversation")
    me = _store_user()
    if message.content.lstrip().startswith("/") and (conv is None or console.is_manager(me)):
        reply = await asyncio.to_thread(console.run, RT, me, message.content, lang)
        await render(reply)
        return
    if conv is None:
        await cl.Message(content=t(lang, "no_session")).send()
        return
    await take_turn(conv, message.content)


async def take_turn(
    conv: Conversation, text: str, speech: dict | None = None, stream_audio: bool = False
) -> float:
    """The customer answers a turn: text streams in, the voice follows sentence by sentence
    (streamed to the open microphone session, and attached to the reply for replay), then the
    coach step. Returns the seconds of customer audio produced (0 when text only)."""
    lang = _lang()
    received = time.perf_counter()
    reply = cl.Message(content="", author=conv.persona.name(conv.lang))
    voice = CustomerVoice(conv, stream_audio) if cl.user_session.get("voice", True) else None
    thinking = await _thinking(conv, lang)
    try:
        async for sentence in _sentences(conv, text, speech):
            if thinking is not None:
                await thinking.remove()
                thinking = None
            await reply.stream_token(plain(sentence) + ("" if conv.lang == "zh" else " "))
            if voice is not None:
                voice.say(sentence)
    except TurnRejected as exc:
        await cl.Message(content=plain(str(exc))).send()
        return 0.0
    except SessionOver:
        await cl.Message(content=t(lang, "ended")).send()
        return 0.0
    except (LLMBusy, LLMTimeout) as exc:
        log.warning("turn not answered in session %s: %s", conv.session_id, exc)
        key = "error_busy" if isinstance(exc, LLMBusy) else "error_slow"
        await cl.Message(content=t(lang, key, name=conv.persona.name(conv.lang))).send()
        return 0.0
    except LLMError as exc:
        await cl.Message(content=t(lang, "error_model", error=plain(str(exc)))).send()
        return 0.0
    finally:
        if thinking is not None:
            await thinking.remove()
        if voice is not None:
            voice.say(None)
    reply.actions = [] if conv.over else [_end_action(lang)]
    await reply.send()
    if not cl.user_session.get("exam"):
        await _coach_step(conv, lang, speech)
    seconds = await voice.attach(reply, lang) if voice is not None else 0.0
    timings = conv.last_timings
    log.info(
        "turn timings: first customer sentence %.2f s, customer line done %.2f s, "
        "first customer audio %.2f s, score step shown %.2f s",
        timings.get("first_sentence", float("nan")),
        timings.get("total", float("nan")),
        voice.first_audio - received if voice is not None and voice.first_audio else float("nan"),
        time.perf_counter() - received,
    )
    if conv.over:
        await finish(conv, lang)
    return seconds


async def _thinking(conv: Conversation, lang: str) -> cl.Step:
    """Show that the customer is thinking (or waiting for the model, when every slot is taken)
    until their first sentence arrives."""
    queue = getattr(RT.llm, "queue", None)
    busy = queue is not None and queue.full
    step = cl.Step(name=t(lang, "customer_thinking", name=conv.persona.name(conv.lang)),
                   type="tool", show_input=False)
    step.output = t(lang, "customer_queued", waiting=queue.waiting + 1) if busy else ""
    await step.send()
    return step


class CustomerVoice:
    """Speaks the customer's sentences in order as they arrive, while the text streams on."""

    def __init__(self, conv: Conversation, stream: bool) -> None:
        self.lang, self.stream = conv.lang, stream
        self.voice = getattr(conv.persona.voice, conv.lang)
        self.parts: list = []
        self.error: str | None = None
        self.first_audio: float | None = None
        self.track = f"customer-{time.monotonic_ns()}"
        self.queue: asyncio.Queue = asyncio.Queue()
        self.task = asyncio.create_task(self._run())

    def say(self, sentence: str | None) -> None:
        """Queue a sentence; None means the line is complete."""
        self.queue.put_nowait(sentence)

    async def _run(self) -> None:
        while (sentence := await self.queue.get()) is not None:
            try:
                speech = await asyncio.to_thread(synthesize, sentence, self.lang, self.voice)
            except TTSError as exc:
                self.error = str(exc)
                continue
            self.parts.append(speech)
            if self.stream:
                rate = chainlit_config.features.audio.sample_rate
                await cl.context.emitter.send_audio_chunk(
                    OutputAudioChunk(track=self.track, mimeType="pcm16", data=pcm16(speech, rate))
                )
            self.first_audio = self.first_audio or time.perf_counter()

    async def attach(self, reply: cl.Message, lang: str) -> float:
        """Attach the whole line as one replayable file (played now if it was not streamed)."""
        await self.task
        if not self.parts:
            if self.error:
                await cl.Message(
                    content=t(lang, "voice_speaking_failed", error=plain(self.error))
                ).send()
            return 0.0
        line = joined(self.parts)
        await cl.Audio(
            name=t(lang, "voice_label"),
            content=line.wav,
            mime="audio/wav",
            auto_play=not self.stream,
            display="inline",
        ).send(for_id=reply.id)
        return line.seconds


async def _sentences(conv: Conversation, text: str, speech: dict | None = None):
    """Run the (blocking) turn in a worker thread and yield its sentences as they arrive."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    def work() -> None:
        try:
            for sentence in conv.respond(text, speech):
                loop.call_soon_threadsafe(queue.put_nowait, ("sentence", sentence))
            loop.call_soon_threadsafe(queue.put_nowait, ("done", None))
        except Exception as exc:  # handed to the event loop, raised there
            loop.call_soon_threadsafe(queue.put_nowait, ("error", exc))

    threading.Thread(target=work, name="turn", daemon=True).start()
    while True:
        kind, value = await queue.get()
        if kind == "sentence":
            yield value
        elif kind == "error":
            raise value
        else:
            return


async def _coach_step(conv: Conversation, lang: str, speech: dict | None = None) -> None:
    lines = lines_of(RT.store, conv.session_id)
    result = await asyncio.to_thread(score_session, lines, conv.scenario.id, RT.library, conv.lang)
    if not result.turns:
        return
    async with cl.Step(name=t(lang, "score_step"), type="tool") as step:
        step.output = turn_feedback(result.turns[-1], conv.last.psych if conv.last else None, lang)
        if speech:
            step.output += "\n\n" + t(
                lang,
                "speech_stats",
                seconds=speech["talk_seconds"],
                rate=speech["rate"],
                unit=t(lang, f"unit_{conv.lang}"),
                fillers=speech["fillers"],
                pauses=speech["long_pauses"],
            )


# voice: the microphone stays open; each pause ends a trainee turn (simulator/voice/listen.py)
@cl.on_audio_start
async def audio_start() -> bool:
    conv: Conversation | None = cl.user_session.get("conversation")
    lang = _lang()
    if conv is None or cl.user_session.get("finished"):
        await cl.Message(content=t(lang, "voice_no_session")).send()
        return False
    try:
        await asyncio.to_thread(
            load_model,
            conv.lang,
            RT.settings.model_dir,
            RT.settings.asr_model,
            RT.settings.llm_threads,
        )
    except (ModelFileError, ASRError) as exc:
        await cl.Message(content=t(lang, "voice_unavailable", error=plain(str(exc)))).send()
        return False
    cl.user_session.set(
        "ears",
        Endpointer(
            rate=chainlit_config.features.audio.sample_rate,
            end_silence=RT.settings.voice_end_silence,
        ),
    )
    cl.user_session.set("deaf_until", 0.0)
    await cl.Message(content=t(lang, "voice_listening")).send()
    return True


@cl.on_audio_chunk
async def audio_chunk(chunk: cl.InputAudioChunk) -> None:
    ears: Endpointer | None = cl.user_session.get("ears")
    if ears is None:
        return
    if time.monotonic() < cl.user_session.get("deaf_until", 0.0):
        ears.reset()  # the customer is speaking (or the last turn is still being answered)
        return
    audio = ears.feed(chunk.data)
    if audio is not None:
        await spoken_turn(audio, stream_audio=True)


@cl.on_audio_end
async def audio_end() -> None:
    ears: Endpointer | None = cl.user_session.get("ears")
    cl.user_session.set("ears", None)
    if ears is None or time.monotonic() < cl.user_session.get("deaf_until", 0.0):
        return
    audio = ears.flush()
    if audio is not None:  # the trainee pressed stop right after speaking: answer that turn
        await spoken_turn(audio, stream_audio=False)


async def spoken_turn(audio, stream_audio: bool) -> None:
    """Transcribe a spoken turn, show it as the trainee's message, and let the customer answer."""
    conv: Conversation | None = cl.user_session.get("conversation")
    lang = _lang()
    if conv is None or conv.over:
        return
    cl.user_session.set("deaf_until", float("inf"))  # half duplex while the turn is answered
    try:
        try:
            heard = await asyncio.to_thread(
                transcribe,
                audio,
                conv.lang,
                RT.settings.model_dir,
                scenario_terms(conv.scenario, conv.lang),
                RT.settings.asr_model,
                RT.settings.llm_threads,
            )
        except (ASRError, ModelFileError) as exc:
            await cl.Message(
                content=t(lang, "voice_not_heard", error=audio_problem(lang, exc))
            ).send()
            return
        user = cl.user_session.get("user")
        await cl.Message(  # user messages render as plain text, never Markdown or HTML
            content=heard.text,
            author=user.identifier if user else "you",
            type="user_message",
        ).send()
        speaking = await take_turn(conv, heard.text, measure(heard).to_dict(), stream_audio)
        cl.user_session.set("deaf_until", time.monotonic() + speaking + 0.3)
    finally:
        if cl.user_session.get("deaf_until") == float("inf"):
            cl.user_session.set("deaf_until", 0.0)


@cl.action_callback("console")
async def console_action(action: cl.Action) -> None:
    lang, me, payload = _lang(), _store_user(), action.payload
    if not console.is_manager(me):
        await cl.Message(content=t(lang, "console_refused", reason="managers only")).send()
        return
    do = payload.get("do")
    if do == "assign_next":
        reply = await asyncio.to_thread(
            console.recommend_and_assign, RT, me, str(payload.get("name")), lang
        )
    else:
        command = {
            "team": "/team",
            "dashboard": "/dashboard",
            "assignments": "/assignments",
            "trainee": f"/trainee {payload.get('name')}",
            "open": f"/open {payload.get('session')}",
        }.get(do, "/help")
        reply = await asyncio.to_thread(console.run, RT, me, command, lang)
    await render(reply)


@cl.action_callback("end_session")
async def end_session(action: cl.Action) -> None:
    conv: Conversation | None = cl.user_session.get("conversation")
    if conv is None or cl.user_session.get("finished"):
        return
    if not conv.over:
        conv.end("trainee ended")
    await finish(conv, _lang())


async def finish(conv: Conversation, lang: str) -> None:
    cl.user_session.set("finished", True)
    result = await asyncio.to_thread(score_stored, RT.store, RT.library, conv.session_id, RT.judge)
    html_path, _ = await asyncio.to_thread(
        write_report, RT.store, RT.library, conv.session_id, RT.settings.reports_dir
    )
    elements = [
        cl.Plotly(name="radar", figure=report_figures.radar(result), display="inline"),
        cl.Plotly(name="timeline", figure=report_figures.timeline(result), display="inline"),
        cl.File(name=html_path.name, path=str(html_path), display="inline"),
    ]
    await cl.Message(
        content=f"## {t(lang, 'report_title')}\n\n"
        + report_summary(result, lang)
        + f"\n\n{t(lang, 'download')}",
        elements=elements,
    ).send()


@cl.on_chat_resume
async def resume(thread: dict) -> None:
    user = cl.user_session.get("user")
    lang = ui_language(
        getattr(cl.context.session, "language", None),
        (user.metadata or {}).get("language") if user else None,
    )
    cl.user_session.set("lang", lang)
    conv = await asyncio.to_thread(
        Conversation.resume, RT.store, RT.llm, RT.library, RT.checkpointer, thread["id"]
    )
    cl.user_session.set("conversation", conv)
    if conv.over:
        await finish(conv, lang)
        return
    await cl.Message(content=t(lang, "resumed"), actions=[_end_action(lang)]).send()
