from pathlib import Path

import pytest
from pydantic import ValidationError

from simulator.settings import Settings


def test_defaults_use_the_embedded_backend(monkeypatch, tmp_path):
    monkeypatch.setenv("SPAR_DATA_DIR", str(tmp_path))
    s = Settings()
    assert s.resolved_backend == "embedded"
    assert s.db_url == f"sqlite:///{tmp_path / 'spar.db'}"


def test_base_url_selects_the_openai_backend(monkeypatch):
    monkeypatch.setenv("SPAR_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    assert Settings().resolved_backend == "openai"


def test_settings_file_is_read_and_env_wins(monkeypatch, tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text('llm_timeout = 33.0\nllm_model = "from-file"\n')
    monkeypatch.setenv("SPAR_SETTINGS_FILE", str(path))
    monkeypatch.setenv("SPAR_LLM_MODEL", "from-env")
    s = Settings()
    assert s.llm_timeout == 33.0 and s.llm_model == "from-env"


def test_spar_toml_in_working_directory_is_found(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    Path("spar.toml").write_text("llm_parallel = 3\n")
    assert Settings().llm_parallel == 3


def test_unknown_key_in_settings_file_is_an_error(monkeypatch, tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text("llm_temprature = 1\n")
    monkeypatch.setenv("SPAR_SETTINGS_FILE", str(path))
    with pytest.raises(ValidationError, match="llm_temprature"):
        Settings()


def test_missing_settings_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("SPAR_SETTINGS_FILE", str(tmp_path / "nope.toml"))
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        Settings()


def test_bad_value_names_the_field(monkeypatch):
    monkeypatch.setenv("SPAR_LLM_TIMEOUT", "-1")
    with pytest.raises(ValidationError, match="llm_timeout"):
        Settings()
