"""The `spar` command as a user runs it: real processes, real model, real SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import modelfiles

SPAR = str(Path(sys.executable).with_name("spar"))


def spar(*args, env_extra=None, stdin="", timeout=300):
    env = {**os.environ, **(env_extra or {}), "COLUMNS": "200"}
    return subprocess.run(
        [SPAR, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout
    )


@pytest.fixture
def model_env(real_model_path):
    return {
        "SPAR_LLM_GGUF": str(real_model_path),
        "SPAR_LLM_GGUF_SHA256": modelfiles.DEFAULT_MODEL.sha256,
    }


def test_practice_session_in_the_terminal_is_stored_and_replayable(model_env):
    result = spar(
        "practice",
        "--user",
        "ann",
        "--lang",
        "en",
        stdin="Hello Mr Li, I'd like to talk about critical-illness cover.\n\n/end\n",
        env_extra=model_env,
    )
    assert result.returncode == 0, result.stderr
    assert "Mr Li:" in result.stdout
    assert "Your message is empty" in result.stdout
    session_id = result.stdout.split("spar show ")[-1].strip()

    listing = spar("sessions", "--user", "ann")
    assert session_id in listing.stdout and "ended" in listing.stdout

    shown = spar("show", session_id)
    assert shown.returncode == 0
    lines = [ln for ln in shown.stdout.splitlines() if ln.startswith(("Trainee:", "Customer:"))]
    assert len(lines) == 3 and lines[1].startswith("Trainee: Hello Mr Li")


def test_unknown_scenario_and_language_are_refused():
    assert "unknown scenario" in spar("practice", "--scenario", "nope").stderr
    assert "--lang must be en or zh" in spar("practice", "--lang", "fr").stderr


def test_show_unknown_session_says_how_to_find_one():
    result = spar("show", "deadbeef")
    assert result.returncode == 1 and "spar sessions" in result.stderr


def test_doctor_reports_ok_with_a_model_and_fails_clearly_without(model_env, tmp_path):
    ok = spar("doctor", env_extra=model_env)
    assert ok.returncode == 0, ok.stdout
    missing = spar("doctor", env_extra={"SPAR_LLM_GGUF": str(tmp_path / "missing.gguf")})
    assert (
        missing.returncode == 1 and "FAIL" in missing.stdout and "SPAR_LLM_GGUF" in missing.stdout
    )


def test_doctor_reports_a_dead_endpoint():
    result = spar(
        "doctor",
        env_extra={"SPAR_LLM_BASE_URL": "http://127.0.0.1:9/v1", "SPAR_LLM_MAX_RETRIES": "0"},
    )
    assert result.returncode == 1 and "cannot reach" in result.stdout


def test_models_verify_detects_a_corrupt_file(tmp_path):
    bad = tmp_path / "m.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 100)
    result = spar("models", "verify", str(bad), "--sha256", "0" * 64)
    assert result.returncode == 1 and "corrupt" in result.stderr


def test_invalid_setting_is_reported_with_its_name():
    result = spar("sessions", env_extra={"SPAR_LLM_TIMEOUT": "soon"})
    assert result.returncode == 2 and "llm_timeout" in result.stderr


def test_models_status_lists_the_default_model():
    result = spar("models", "status")
    assert result.returncode == 0 and "(default)" in result.stdout
