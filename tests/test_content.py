import pytest

from personas.starter import ContentError, load_starter


def test_starter_persona_loads_in_both_languages():
    persona = load_starter()
    assert set(persona.variants) == {"en", "zh"}
    for lang in ("en", "zh"):
        assert persona.system_prompt(lang)


def test_malformed_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nvariants:\n  en: [unclosed\n")
    with pytest.raises(ContentError, match=r"bad.yaml: YAML syntax error at line \d+"):
        load_starter(bad)


def test_missing_field_names_file_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nkind: sales\nversion: '1'\nvariants:\n  en:\n    title: t\n")
    with pytest.raises(ContentError, match=r"bad.yaml: field variants.en.name"):
        load_starter(bad)
