"""Configuration: `SPAR_` environment variables, then an optional TOML settings file, then defaults.

The settings file is `$SPAR_SETTINGS_FILE` if set, else `./spar.toml` if it exists, else
`<data dir>/settings.toml` if it exists. Environment variables win over the file.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def default_data_dir() -> Path:
    """`$XDG_DATA_HOME/spar`, or `~/.local/share/spar`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spar"


def settings_file() -> Path | None:
    """The TOML settings file in force, if any."""
    explicit = os.environ.get("SPAR_SETTINGS_FILE")
    if explicit:
        return Path(explicit)
    for candidate in (
        Path("spar.toml"),
        Path(os.environ.get("SPAR_DATA_DIR") or default_data_dir()) / "settings.toml",
    ):
        if candidate.is_file():
            return candidate
    return None


class Settings(BaseSettings):
    """Everything that is chosen by configuration, never by editing code."""

    model_config = SettingsConfigDict(env_prefix="SPAR_", extra="forbid")

    data_dir: Path = Field(default_factory=default_data_dir)

    # LLM. `backend` unset means: openai if a base URL is configured, else embedded.
    llm_backend: Literal["embedded", "openai"] | None = None
    llm_gguf: Path | None = Field(
        default=None, description="Any local GGUF file to use instead of the packaged model."
    )
    llm_gguf_sha256: str | None = Field(
        default=None, description="If set, the file at llm_gguf must have this sha256."
    )
    llm_threads: int = Field(default_factory=lambda: os.cpu_count() or 2, ge=1)
    llm_ctx: int = Field(default=8192, ge=512)
    llm_parallel: int = Field(default=2, ge=1, le=16)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds per request.")
    llm_max_retries: int = Field(default=2, ge=0, le=10)

    scoring_judge: bool = Field(
        default=False,
        description="Add an LLM judge to the rule scores (for a capable model; the embedded "
        "1.5B model returned no usable grades when measured).",
    )
    asr_model: Path | None = Field(
        default=None,
        description="A local CTranslate2 Whisper model directory to use for every language.",
    )
    voice_end_silence: float = Field(
        default=1.2,
        ge=0.4,
        le=5.0,
        description="Seconds of silence that end a spoken turn in the app (the customer then "
        "takes the word, as a real one would).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLite (sqlite:///PATH) or PostgreSQL (postgresql://USER:PASSWORD@HOST/DB) "
        "URL; default is SQLite in the data dir.",
    )
    database_pool_size: int = Field(
        default=5, ge=1, le=200,
        description="PostgreSQL: connections each process keeps (as many again may open at "
        "peaks), for the store and for the checkpoints each.",
    )
    db_auto_upgrade: bool = Field(
        default=False,
        description="Upgrade an old database schema on start instead of refusing to start.",
    )
    auth_secret: SecretStr | None = Field(
        default=None,
        description="Signs the app's sign-in tokens. Every replica needs the same one; required "
        "with PostgreSQL. Unset on SQLite: generated once into the data dir.",
    )
    llm_concurrency: int | None = Field(
        default=None, ge=1, le=1024,
        description="LLM calls this process runs at once; more wait in a first-come queue. "
        "Default: SPAR_LLM_PARALLEL for the embedded model, 32 for an endpoint.",
    )
    llm_queue_timeout: float = Field(
        default=90.0, gt=0,
        description="Seconds a turn waits for a free LLM slot before the trainee is told the "
        "model is busy (their turn stays stored).",
    )
    datasets_dir: Path | None = Field(
        default=None,
        description="A folder with labelled data that is not shipped (ESConv, CPED), for "
        "measuring perception; see scoring/datasets/README.md.",
    )

    @field_validator("data_dir", "llm_gguf", "asr_model", "datasets_dir", mode="after")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = settings_file()
        if path is not None:
            if not path.is_file():
                raise FileNotFoundError(
                    f"settings file {path} (from SPAR_SETTINGS_FILE) does not exist"
                )
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def resolved_backend(self) -> Literal["embedded", "openai"]:
        if self.llm_backend is not None:
            return self.llm_backend
        return "openai" if self.llm_base_url else "embedded"

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / "checkpoints.db"

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'spar.db'}"

    @property
    def on_postgres(self) -> bool:
        return self.db_url.split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")

    @property
    def llm_slots(self) -> int:
        """How many LLM calls run at once in this process (the rest queue)."""
        if self.llm_concurrency is not None:
            return self.llm_concurrency
        return self.llm_parallel if self.resolved_backend == "embedded" else 32

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.model_dir, self.reports_dir):
            path.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
