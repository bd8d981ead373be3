"""`spar doctor`: check each configured component and say what is missing and how to fix it."""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass

from simulator import modelfiles
from simulator.settings import Settings, settings_file


@dataclass(frozen=True)
class Check:
    component: str
    ok: bool
    detail: str
    fix: str = ""


def run_checks(settings: Settings, load_model: bool = False) -> list[Check]:
    """Checks that need no network beyond the configured endpoint."""
    checks: list[Check] = []
    path = settings_file()
    checks.append(Check("settings", True, f"file: {path or 'none (environment and defaults)'}"))

    try:
        settings.ensure_dirs()
        probe = settings.data_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
        free_gb = shutil.disk_usage(settings.data_dir).free / 1e9
        checks.append(Check("data dir", True, f"{settings.data_dir} ({free_gb:.1f} GB free)"))
    except OSError as exc:
        checks.append(
            Check(
                "data dir",
                False,
                f"{settings.data_dir}: {exc}",
                "set SPAR_DATA_DIR to a writable directory",
            )
        )

    try:
        from simulator.runtime import open_store
        from simulator.schema import inspect

        store = open_store(settings)
        checks.append(Check("database", True, f"{store.url}; {inspect(store.engine).describe()}"))
        store.close()
    except Exception as exc:  # report every failure, whatever it is
        old = "spar db upgrade" in str(exc)
        fix = "run `spar db upgrade`" if old else "check SPAR_DATABASE_URL"
        checks.append(Check("database", False, str(exc), fix))

    checks.append(_llm_check(settings, load_model))
    checks.append(_speech_check(settings))
    return checks


def _speech_check(settings: Settings) -> Check:
    """Speech to text: both packaged Whisper models present and checked (or the user's)."""
    from simulator.modelfiles import ModelFileError
    from simulator.voice.asr import model_dir

    try:
        found = [model_dir(lang, settings.model_dir, settings.asr_model) for lang in ("en", "zh")]
    except ModelFileError as exc:
        return Check("speech", False, str(exc), "run `make install`")
    return Check("speech", True, ", ".join(sorted({str(p) for p in found})))


def _llm_check(settings: Settings, load_model: bool) -> Check:
    if settings.resolved_backend == "openai":
        from simulator.llm import LLMError, make_llm

        try:
            llm = make_llm(settings)
            models = llm.served_models()  # type: ignore[attr-defined]
            model = llm.model  # type: ignore[attr-defined]
            return Check(
                "llm", True, f"{settings.llm_base_url} serves {', '.join(models)}; using {model}"
            )
        except LLMError as exc:
            return Check(
                "llm",
                False,
                str(exc),
                "start the server, or fix SPAR_LLM_BASE_URL / SPAR_LLM_MODEL",
            )
    if importlib.util.find_spec("xllamacpp") is None:
        return Check(
            "llm", False, "embedded backend: xllamacpp is not installed", "run `make install`"
        )
    if settings.llm_gguf is not None:
        ok = settings.llm_gguf.is_file()
        return Check(
            "llm",
            ok,
            f"embedded, user GGUF {settings.llm_gguf}" + ("" if ok else " does not exist"),
            "" if ok else "fix SPAR_LLM_GGUF",
        )
    info = modelfiles.status(modelfiles.DEFAULT_MODEL, settings.model_dir)
    if not info["assembled"]:
        return Check(
            "llm",
            False,
            f"embedded model not assembled ({info['parts_installed']} parts installed)",
            "run `spar models assemble` (or `make install`)",
        )
    try:
        modelfiles.verify_file(modelfiles.Path(info["path"]), modelfiles.DEFAULT_MODEL.sha256)
    except modelfiles.ModelFileError as exc:
        return Check("llm", False, str(exc), "delete the file and run `spar models assemble`")
    detail = f"embedded, {info['path']} (sha256 verified)"
    if load_model:
        from simulator.llm import ChatMessage, GenerationOptions, LLMError, make_llm

        try:
            llm = make_llm(settings, progress=False)
            reply = llm.complete([ChatMessage("user", "Say OK.")], GenerationOptions(max_tokens=4))
            detail += f"; loads and answers ({reply.strip()[:20]!r})"
        except LLMError as exc:
            return Check("llm", False, str(exc), "run `spar models verify`")
    return Check("llm", True, detail)
