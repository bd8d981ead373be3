"""The `spar` command as a user runs it: real processes, real model, real SQLite."""

import json
import os
import subprocess
import sys
from pathlib import Path

SPAR = str(Path(sys.executable).with_name("spar"))


def ok(*args, **kwargs):
    """`spar` with these arguments, which must succeed."""
    result = spar(*args, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def spar(*args, env_extra=None, stdin="", timeout=300, columns=None):
    env = {**os.environ, **(env_extra or {}), "COLUMNS": str(columns or 200)}
    return subprocess.run(
        [SPAR, *args], input=stdin, capture_output=True, text=True, env=env, timeout=timeout
    )


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
    assert "Outcome: trainee ended" in result.stdout

    listing = spar("sessions", "--user", "ann")
    assert session_id in listing.stdout and "ended" in listing.stdout

    shown = spar("show", session_id)
    assert shown.returncode == 0
    lines = [ln for ln in shown.stdout.splitlines() if ln.startswith(("Trainee:", "Customer:"))]
    assert len(lines) == 3 and lines[1].startswith("Trainee: Hello Mr Li")


def test_unknown_scenario_and_language_are_refused():
    assert "unknown scenario" in spar("practice", "--scenario", "nope").stderr
    assert "--lang must be en or zh" in spar("practice", "--lang", "fr").stderr


def test_scripted_run_prints_state_and_json_without_a_model(tmp_path):
    script = tmp_path / "lines.txt"
    script.write_text(
        "# my lines\nGood afternoon Mr Li.\n\n"
        "When you were last in hospital, what did public insurance reimburse?\n"
    )
    text = spar(
        "practice",
        "--scenario",
        "sales-ci-young-couple",
        "--script",
        str(script),
        env_extra={
            "SPAR_LLM_BACKEND": "openai",
            "SPAR_LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "SPAR_LLM_MAX_RETRIES": "0",
            "SPAR_LLM_TIMEOUT": "2",
        },
    )
    # a dead model never loses the trainee's turns: they are stored, the error is reported
    assert "could not answer" in text.stdout and "Your turn is saved" in text.stdout


def test_scripted_run_as_json(tmp_path, model_env):
    script = tmp_path / "lines.txt"
    script.write_text(
        "Good afternoon Mr Li.\n"
        "When you were last in hospital, what did public insurance reimburse?\n"
    )
    result = spar(
        "practice",
        "--scenario",
        "sales-ci-young-couple",
        "--script",
        str(script),
        "--json",
        env_extra=model_env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # a greeting gets a greeting; a question that touches a concern brings it up
    assert [t["move"]["kind"] for t in data["turns"]] == ["greet", "raise"]
    assert data["turns"][1]["move"]["objection"] == "public-insurance-enough"
    assert 0 <= data["turns"][1]["psych"]["trust"] <= 1


def test_selfplay_dry_run_prints_a_table():
    result = spar(
        "selfplay",
        "--scenario",
        "sales-ci-young-couple",
        "--dry",
        "--runs",
        "1",
        "--policy",
        "strong",
        "--policy",
        "pushy",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    rows = {r["policy"]: r for r in json.loads(result.stdout)}
    assert rows["strong"]["agreed"] == 2 and rows["pushy"]["agreed"] == 0


def test_score_a_call_and_show_its_report(tmp_path):
    call = tmp_path / "call.txt"
    call.write_text(
        "Customer: I have public insurance already.\n"
        "Agent: I understand. What did public insurance pay last time?\n"
    )
    scored = spar(
        "score", str(call), "--scenario", "sales-ci-young-couple", "--out", str(tmp_path / "out")
    )
    assert scored.returncode == 0, scored.stderr
    assert "Total" in scored.stdout and "HTML:" in scored.stdout
    session_id = scored.stdout.split("Session ")[1].split()[0]
    shown = spar("report", session_id, "--out", str(tmp_path / "again"))
    assert shown.returncode == 0 and "Objection handling" in shown.stdout
    assert list((tmp_path / "again").glob("report-*.html"))


def test_score_with_unknown_scenario_is_refused(tmp_path):
    call = tmp_path / "call.txt"
    call.write_text("Agent: Hello.\n")
    result = spar("score", str(call), "--scenario", "nope")
    assert result.returncode == 2 and "unknown scenario" in result.stderr


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


def test_eval_detectors_runs_on_the_shipped_data_alone():
    """PersuasionForGood and CaSiNo ship with spar; ESConv (non-commercial) and CPED are only
    named, with where to get them, and measuring goes on without them."""
    result = spar("eval-detectors", "--split", "dev", "--limit", "200", "--only", "public",
                  "--json")
    assert result.returncode == 0, result.stderr
    public = json.loads(result.stdout)["public"]
    assert set(public) == {"persuasion", "casino"}
    greeting = next(r for r in public["persuasion"] if r["label"] == "greeting")
    assert greeting["support"] > 0 and 0 <= greeting["f1"] <= 1
    assert "esconv_supporter_turns.jsonl is not shipped" in result.stderr
    assert "scoring/datasets/README.md" in result.stderr


def test_eval_detectors_reads_data_the_user_points_at(tmp_path):
    rows = [
        {"text": "How did that make you feel?", "strategy": "Question", "split": "dev"},
        {"text": "I'm so sorry, that sounds really hard.", "strategy": "Reflection of feelings",
         "split": "dev"},
    ]
    (tmp_path / "esconv_supporter_turns.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows), encoding="utf-8"
    )
    # --limit: the shipped public sets are read too; a few of their records show they were
    result = spar("eval-detectors", "--split", "dev", "--datasets", str(tmp_path),
                  "--only", "public", "--limit", "5", "--json")
    assert result.returncode == 0, result.stderr
    found = {r["label"]: r for r in json.loads(result.stdout)["public"]["esconv"]}
    assert found["question"]["support"] == 1 and found["question"]["tp"] == 1
    assert found["empathy"]["tp"] == 1
    missing = spar("eval-detectors", "--datasets", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "is not a folder" in missing.stderr


def test_users_add_prints_a_password_once_and_list_never_shows_it():
    added = spar("users", "add", "carol", "--role", "manager")
    assert added.returncode == 0, added.stderr
    password = added.stdout.split("password (shown once): ")[1].strip()
    listing = spar("users", "list")
    assert "carol" in listing.stdout and "manager" in listing.stdout
    assert password not in listing.stdout
    assert spar("users", "add", "dave", "--role", "boss").returncode == 2


def test_practice_by_voice_from_audio_files(tmp_path, model_env):
    """Spoken turns from files: transcribed with metrics, a corrupt file is refused with a
    clear message and the session goes on, and every customer line is a marked WAV."""
    from simulator.voice.tts import is_marked_synthetic, synthesize

    said = "May I ask what your medical insurance paid when you were last in hospital?"
    (tmp_path / "turn1.wav").write_bytes(
        synthesize(said, "en", engines=("piper",), steady=True).wav
    )
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x00\x00not audio at all")
    script = tmp_path / "turns.txt"
    script.write_text("turn1.wav\nbroken.wav\n", encoding="utf-8")
    out = tmp_path / "voice"
    result = spar(
        "practice",
        "--scenario",
        "sales-ci-young-couple",
        "--script",
        str(script),
        "--voice",
        "--audio-out",
        str(out),
        env_extra=model_env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "(heard)" in result.stdout and "medical insurance" in result.stdout.lower()
    assert "broken.wav: the audio cannot be decoded" in " ".join(result.stdout.split())
    wavs = sorted(out.glob("customer-*.wav"))
    assert len(wavs) == 2  # the opening line and the answer to the one usable turn
    assert all(is_marked_synthetic(w.read_bytes()) for w in wavs)
    session = result.stdout.split("spar show ")[-1].split()[0]
    report = spar("report", session)
    assert "Talk time: you" in report.stdout and "1 of 1 of your turns measured" in report.stdout
