"""Run llama.cpp's OpenAI-compatible HTTP server (from xllamacpp) on loopback, for tests.

Usage: python tests/llm_server.py MODEL.gguf ALIAS API_KEY
Prints the base URL on one line, then serves until its standard input closes.
"""

import sys

import xllamacpp


def main() -> None:
    gguf, alias, api_key = sys.argv[1:4]
    params = xllamacpp.CommonParams()
    params.model.path = gguf
    params.model_alias = [alias]
    params.api_keys = [api_key]
    params.hostnames = ["127.0.0.1"]
    params.n_ctx = 2048
    params.n_parallel = 1
    params.warmup = False
    params.verbosity = -1
    server = xllamacpp.Server(params)
    print(server.listening_address + "/v1", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
