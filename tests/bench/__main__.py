"""`make bench`: run every tests/bench/bench_*.py module's main() in turn."""

import importlib
import pkgutil
import sys
from pathlib import Path

import tests.bench


def main() -> None:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(tests.bench.__file__).parent)])
        if m.name.startswith("bench_")
    )
    only = [arg for arg in sys.argv[1:] if arg.startswith("bench_")]  # the rest: its options
    for name in names:
        if only and name not in only:
            continue
        importlib.import_module(f"tests.bench.{name}").main()


if __name__ == "__main__":
    main()
