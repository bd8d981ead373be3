"""Model assembly and verification: small part packages made by the test, and the real model."""

import hashlib
import sys

import pytest

from simulator import modelfiles
from simulator.modelfiles import ModelFileError, PackagedModel


@pytest.fixture
def tiny_model(tmp_path, monkeypatch):
    """Three installed 'part packages' holding 1 KB each, importable like the real ones."""
    site = tmp_path / "site"
    chunks = [bytes([i]) * 1024 for i in range(3)]
    for i, chunk in enumerate(chunks, start=1):
        pkg = site / f"spartest_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(site))
    for name in list(sys.modules):
        if name.startswith("spartest_part"):
            del sys.modules[name]
    whole = b"".join(chunks)
    return PackagedModel(
        name="tiny",
        filename="tiny.gguf",
        package_prefix="spartest-part",
        parts=3,
        version="1.0",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
    )


def test_parts_assemble_into_a_verified_file(tiny_model, tmp_path):
    path = modelfiles.assemble(tiny_model, tmp_path / "cache", progress=False)
    assert path.stat().st_size == 3072
    assert modelfiles.status(tiny_model, tmp_path / "cache")["verified"]


def test_wrong_hash_is_refused_and_nothing_is_left(tiny_model, tmp_path):
    bad = PackagedModel(**{**tiny_model.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelFileError, match="sha256"):
        modelfiles.assemble(bad, tmp_path / "cache", progress=False)
    assert list((tmp_path / "cache").iterdir()) == []


def test_corruption_after_assembly_is_detected(tiny_model, tmp_path):
    path = modelfiles.assemble(tiny_model, tmp_path / "cache", progress=False)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # same size, one byte flipped
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="corrupt"):
        modelfiles.verify_file(path, tiny_model.sha256)
    with pytest.raises(ModelFileError, match="corrupt"):
        modelfiles.assemble(tiny_model, tmp_path / "cache", progress=False)


def test_missing_part_package_is_named(tiny_model, tmp_path):
    missing = PackagedModel(**{**tiny_model.__dict__, "parts": 4})
    with pytest.raises(ModelFileError, match="spartest-part4==1.0"):
        modelfiles.assemble(missing, tmp_path / "cache", progress=False)


def test_real_packaged_model_matches_its_published_hash(real_model_path):
    modelfiles.verify_file(real_model_path, modelfiles.DEFAULT_MODEL.sha256, force=True)
    assert real_model_path.stat().st_size == modelfiles.DEFAULT_MODEL.size
