"""Run llama.cpp's OpenAI-compatible HTTP server (from xllamacpp) on loopback, for tests.

Usage: python tests/llm_server.py MODEL.gguf ALIAS API_KEY [CTX PARALLEL]
Prints the base URL on one line, then serves until its standard input closes.
`serving()` runs it as a subprocess and yields that URL.
"""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def serving(gguf: Path, alias: str, api_key: str, ctx: int = 2048, parallel: int = 1
            ) -> Iterator[str]:
    """The server in a subprocess; yields its base URL (…/v1). `ctx` is shared by the
    `parallel` slots, as llama.cpp divides it."""
    proc = subprocess.Popen(
        [sys.executable, __file__, str(gguf), alias, api_key, str(ctx), str(parallel)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = proc.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"llama.cpp server did not start: {url!r}")
        yield url
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def main() -> None:
    import xllamacpp

    gguf, alias, api_key = sys.argv[1:4]
    ctx, parallel = (int(v) for v in (sys.argv[4:6] or ["2048", "1"]))
    params = xllamacpp.CommonParams()
    params.model.path = gguf
    params.model_alias = [alias]
    params.api_keys = [api_key]
    params.hostnames = ["127.0.0.1"]
    params.n_ctx = ctx
    params.n_parallel = parallel
    params.warmup = False
    params.verbosity = -1
    server = xllamacpp.Server(params)
    print(server.listening_address + "/v1", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
