"""Guard: the install files name only what a fresh machine can fetch from the package index.

A constraints file once pinned wheels as file:// URLs in a folder only one machine had; CI passed
there and a new user's `make install` failed. These tests fail on any such reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALL_FILES = ("constraints.txt", "pyproject.toml", "Makefile", ".ci/run")
PIN = re.compile(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+")
# What only one machine has: file URLs, wheel files, direct references to paths, the sibling
# shared-data folder of the development machine (absent from every user's clone) and well-known
# local folders.
LOCAL = re.compile(
    r"file:|\.whl\b|\s@\s*(/|\.|~)|\.\./shared|(^|[\s='\"])(/tmp|/opt|/home|/root|/mnt|~)/"
    r"|--find-links|(^|\s)-f\s"
)


def local_references(text: str) -> list[tuple[int, str]]:
    """(line number, line) for every line that points at something outside the index/repo."""
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if not line.lstrip().startswith("#") and LOCAL.search(line)
    ]


@pytest.mark.parametrize("name", INSTALL_FILES)
def test_install_file_refers_to_nothing_local(name):
    found = local_references((ROOT / name).read_text(encoding="utf-8"))
    assert not found, f"{name} refers to local files a fresh machine lacks: {found}"


def test_constraints_are_name_equals_version_only():
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    bad = [ln for ln in pins if not PIN.fullmatch(ln)]
    assert pins and not bad, f"constraints.txt lines that are not name==version: {bad}"


def test_the_guard_catches_a_file_url_a_wheel_path_and_shared():
    # bad install lines as test data (tests/data): a file URL, a wheel path, the shared folder
    bad = (ROOT / "tests" / "data" / "install_guard_cases.txt").read_text(encoding="utf-8")
    assert [n for n, _ in local_references(bad)] == [2, 3, 4]


def test_no_source_file_reads_the_shared_folder():
    """Code and tests carry what they need: a user's clone has no shared-data folder beside it."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("simulator", "personas", "scenarios", "scoring", "ui", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != Path(__file__).name
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.\./shared|[\"']shared[\"']\s*/", line)
    ]
    assert not offenders, f"these lines read the shared-data folder: {offenders}"
