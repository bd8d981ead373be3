"""Any OpenAI-compatible chat endpoint: vLLM in production, also llama.cpp server or Ollama.

Retries with exponential backoff (connection errors, 408/429/5xx) come from the openai client,
bounded by `max_retries`; `timeout` bounds each call, including the whole of a stream.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import openai

from simulator.llm.base import (
    LLM,
    ChatMessage,
    GenerationOptions,
    GenerationStats,
    LLMError,
    LLMModelNotFound,
    LLMTimeout,
    LLMUnavailable,
)


class OpenAICompatLLM(LLM):
    """Chat completions over HTTP with streaming."""

    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str | None = None,
        api_key: str | None = None,
        timeout: float = 120.0,
        max_retries: int = 2,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._model = model
        self._model_checked = False
        self._client = openai.OpenAI(
            base_url=self.base_url,
            api_key=api_key or "not-needed",
            timeout=timeout,
            max_retries=max_retries,
        )

    def describe(self) -> str:
        return f"openai-compatible endpoint {self.base_url}, model {self._model or '(auto)'}"

    def served_models(self) -> list[str]:
        """Model ids the endpoint lists; raises LLMUnavailable when it cannot be reached."""
        try:
            return [m.id for m in self._client.models.list()]
        except openai.APIConnectionError as exc:
            raise self._unreachable(exc) from exc
        except openai.APIStatusError as exc:
            raise self._status_error(exc) from exc

    @property
    def model(self) -> str:
        """The model to ask for, checked once against the endpoint's list."""
        if self._model_checked:
            return self._model  # type: ignore[return-value]
        try:
            served = self.served_models()
        except LLMUnavailable:
            raise
        except LLMError:
            served = []  # the endpoint does not list models; trust the configuration
        if self._model is None:
            if len(served) != 1:
                raise LLMModelNotFound(
                    f"{self.base_url} serves {len(served)} models ({', '.join(served) or 'none'}); "
                    "set SPAR_LLM_MODEL to one of them"
                )
            self._model = served[0]
        elif served and self._model not in served:
            raise LLMModelNotFound(
                f"model {self._model!r} is not served by {self.base_url}; it serves: "
                f"{', '.join(served)}. Fix SPAR_LLM_MODEL."
            )
        self._model_checked = True
        return self._model

    def stream(
        self,
        messages: list[ChatMessage],
        options: GenerationOptions = GenerationOptions(),
        stats: GenerationStats | None = None,
    ) -> Iterator[str]:
        stats = stats if stats is not None else GenerationStats()
        timeout = options.timeout or self.timeout
        deadline = time.monotonic() + timeout
        kwargs: dict = {}
        if options.stop:
            kwargs["stop"] = list(options.stop)
        if options.seed is not None:
            kwargs["seed"] = options.seed
        if options.json_schema is not None:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": options.json_schema, "strict": True},
            }
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=[{"role": m.role, "content": m.content} for m in messages],
                max_tokens=options.max_tokens,
                temperature=options.temperature,
                stream=True,
                # the last chunk then carries token counts (vLLM, llama.cpp): stored per turn,
                # they size the deployment (docs/deploy.md)
                stream_options={"include_usage": True},
                timeout=timeout,
                **kwargs,
            )
            with response:
                for chunk in response:
                    if time.monotonic() > deadline:
                        raise LLMTimeout(
                            f"{self.base_url} did not finish within {timeout:.0f}s "
                            "(SPAR_LLM_TIMEOUT raises the limit)"
                        )
                    if chunk.usage is not None:
                        stats.prompt_tokens = chunk.usage.prompt_tokens
                        details = chunk.usage.prompt_tokens_details
                        if details is not None and details.cached_tokens is not None:
                            stats.cached_prompt_tokens = details.cached_tokens
                    if not chunk.choices:
                        continue
                    text = chunk.choices[0].delta.content or ""
                    if text:
                        stats.mark_token()
                        yield text
        except openai.APITimeoutError as exc:
            raise LLMTimeout(
                f"{self.base_url} did not answer within {timeout:.0f}s "
                "(SPAR_LLM_TIMEOUT raises the limit)"
            ) from exc
        except openai.APIConnectionError as exc:
            raise self._unreachable(exc) from exc
        except openai.APIStatusError as exc:
            raise self._status_error(exc) from exc
        finally:
            stats.finish()

    def _unreachable(self, exc: Exception) -> LLMUnavailable:
        return LLMUnavailable(
            f"cannot reach the LLM endpoint {self.base_url} ({exc.__class__.__name__}: {exc}). "
            "Is the server running? Check SPAR_LLM_BASE_URL, or unset it to use the embedded model."
        )

    def _status_error(self, exc: openai.APIStatusError) -> LLMError:
        if exc.status_code in (401, 403):
            return LLMError(
                f"{self.base_url} refused the request ({exc.status_code}); check SPAR_LLM_API_KEY"
            )
        if exc.status_code == 404:
            return LLMModelNotFound(
                f"{self.base_url} answered 404 for model {self._model!r}: {exc.message}. "
                "Check SPAR_LLM_MODEL and that SPAR_LLM_BASE_URL ends in /v1."
            )
        return LLMError(f"{self.base_url} answered {exc.status_code}: {exc.message}")

    def close(self) -> None:
        self._client.close()
