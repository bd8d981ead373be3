"""CLI commands for perception: `label`, `eval-detectors`, `train-perception`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table
from tqdm import tqdm

from simulator.cli import _fail, _settings, app, console, err


def _read_utterances(source: Path | None) -> list[str]:
    """Lines of text, or JSONL objects with a "text" field, from a file or stdin."""
    try:
        raw = source.read_text(encoding="utf-8") if source else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {source}: {exc}", 2) from exc
    texts = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _fail(f"{source or 'stdin'}:{number}: not JSON ({exc.msg})", 2) from exc
            if not isinstance(row.get("text"), str):
                raise _fail(f"{source or 'stdin'}:{number}: the object has no \"text\" string", 2)
            texts.append(row["text"])
        else:
            texts.append(line)
    return texts


def _lang_of(text: str) -> str:
    return "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"


@app.command()
def label(
    source: Annotated[
        Optional[Path], typer.Argument(help="A file of utterances (default: stdin).")
    ] = None,
    lang: Annotated[Optional[str], typer.Option(help="en or zh (default: per line).")] = None,
    scenario: Annotated[
        Optional[str],
        typer.Option(help="Also say which of this scenario's topics a line is about."),
    ] = None,
) -> None:
    """Label utterances as the customer and the scorer see them: JSONL out, one per input."""
    from scenarios.content import ContentError
    from scenarios.library import default_library
    from scoring.perception.perceive import perceive
    from scoring.perception.turn import TopicContext

    if lang not in (None, "en", "zh"):
        raise _fail("--lang must be en or zh", 2)
    library = default_library()
    if scenario is not None:
        try:
            library.scenario(scenario)
        except ContentError as exc:
            raise _fail(str(exc), 2) from exc
    for text in _read_utterances(source):
        line_lang = lang or _lang_of(text)
        context = (
            library.topics(library.scenario(scenario), line_lang) if scenario else TopicContext()
        )
        found = perceive(text, context)
        topics = sorted(found.similarity.items(), key=lambda kv: -kv[1])
        print(
            json.dumps(
                {
                    "text": text,
                    "lang": line_lang,
                    "labels": sorted(found.labels),
                    "evidence": found.evidence,
                    "confidence": found.confidence,
                    "laer": found.laer,
                    "objections": found.objections,
                    "answers": found.answers,
                    "facts": found.facts,
                    "asked_about": found.asked_about,
                    "misstatements": found.misstatements,
                    "topics": [{"id": k, "similarity": v} for k, v in topics],
                },
                ensure_ascii=False,
            ),
            flush=True,
        )


@app.command("eval-detectors")
def eval_detectors(
    split: Annotated[str, typer.Option(help="Public data: dev or test.")] = "test",
    limit: Annotated[
        Optional[int], typer.Option(help="At most this many records per dataset.")
    ] = None,
    datasets: Annotated[
        Optional[Path],
        typer.Option(help="Folder with labelled data that is not shipped (ESConv, CPED)."),
    ] = None,
    only: Annotated[
        Optional[list[str]], typer.Option(help="ours, compliance, public, gaming (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Precision / recall / F1 of perception per label: our held-out test set, the public
    labelled data, compliance breaches caught and false alarms, and the gaming set."""
    from itertools import islice

    from scoring.perception import corpus, evaluate

    if split not in ("dev", "test"):
        raise _fail("--split must be dev or test", 2)
    parts = set(only or ["ours", "compliance", "natural", "public", "gaming"])
    if parts - {"ours", "compliance", "natural", "public", "gaming"}:
        raise _fail("--only takes ours, compliance, natural, public or gaming", 2)
    external = datasets or _settings().datasets_dir
    if external is not None and not external.is_dir():
        raise _fail(f"--datasets {external} is not a folder", 2)
    acts = {act: [act] for act in corpus.acts()}
    out: dict = {"split": split}
    sets: dict[str, list] = {}
    if parts & {"ours", "compliance"}:
        for lang in ("en", "zh"):
            sets[f"ours-{lang}"] = list(islice(corpus.authored("test", lang), limit))
    public, skipped = evaluate.public_sets(split, external) if "public" in parts else ({}, [])
    for note in skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(note)}")
    public = {k: list(islice(v, limit)) for k, v in public.items()}
    total = sum(len(v) for v in sets.values()) * len(parts & {"ours", "compliance"})
    total += sum(len(v) for v in public.values())
    total += len(corpus.natural("test")) if "natural" in parts else 0
    with tqdm(total=total, desc="perceiving", disable=as_json, file=sys.stderr) as bar:
        if "ours" in parts:
            out["ours"] = {
                lang: [r.to_dict() for r in evaluate.score(f"ours-{lang}", sets[f"ours-{lang}"],
                                                           acts, bar.update)]
                for lang in ("en", "zh")
            }
        if "compliance" in parts:
            out["compliance"] = [
                evaluate.compliance(lang, sets[f"ours-{lang}"], bar.update).to_dict()
                for lang in ("en", "zh")
            ]
        if "natural" in parts:
            acts_by_lang, checks = evaluate.natural_calls(bar.update)
            out["natural"] = {
                "acts": {lang: [r.to_dict() for r in rows] for lang, rows in acts_by_lang.items()},
                "compliance": [c.to_dict() for c in checks],
            }
        if public:
            out["public"] = {
                name: [r.to_dict() for r in evaluate.score(name, rows, {
                    label: check["ours"]
                    for label, check in corpus.public_specs()[name]["checks"].items()
                }, bar.update)]
                for name, rows in public.items()
            }
    if "gaming" in parts:
        out["gaming"] = [g.to_dict() for g in evaluate.gaming()]
    if as_json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return
    _print_eval(out)


def _macro(rows: list[dict]) -> float:
    return sum(r["f1"] for r in rows) / len(rows) if rows else 0.0


def _print_eval(out: dict) -> None:
    from scoring.perception.evaluate import micro_f1

    for lang, rows in out.get("ours", {}).items():
        _table(f"Our held-out test set ({lang}), macro-F1 {_macro(rows):.3f}", rows)
    for c in out.get("compliance", []):
        _compliance("Compliance", c)
    natural = out.get("natural", {})
    for lang, rows in natural.get("acts", {}).items():
        rows = [r for r in rows if r["support"]]
        _table(f"Natural calls, held-out rounds ({lang}): players' labels per turn, micro-F1 "
               f"{micro_f1(rows):.3f}, macro-F1 {_macro(rows):.3f}", rows)
    for c in natural.get("compliance", []):
        _compliance("Compliance on natural calls", c)
    for name, rows in out.get("public", {}).items():
        _table(f"{name} ({out['split']} split), macro-F1 {_macro(rows):.3f}", rows)
    if "gaming" in out:
        games = out["gaming"]
        won = [g for g in games if not g["passed"]]
        console.print(f"Gaming set: {len(games) - len(won)}/{len(games)} earned no credit")
        for g in won:
            console.print(f"  [red]{g['id']}[/red] earned {', '.join(g['earned'])}: "
                          f"{escape(g['text'])}")


def _compliance(title: str, c: dict) -> None:
    console.print(
        f"{title} ({c['lang']}): {c['caught']}/{c['breaches']} breaches caught "
        f"({c['recall']:.1%}), {c['false_alarms']}/{c['clean']} false alarms on clean lines "
        f"({c['false_alarm_rate']:.1%}); sure breaches only (they cost points): "
        f"{c['caught_sure']}/{c['breaches']} ({c['recall_sure']:.1%}), "
        f"{c['false_alarms_sure']}/{c['clean']} false ({c['false_alarm_rate_sure']:.1%})"
    )


def _table(title: str, rows: list[dict]) -> None:
    table = Table("label", "precision", "recall", "F1", "support", title=title)
    for r in rows:
        table.add_row(r["label"], f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                      f"{r['f1']:.3f}", str(r["support"]))
    console.print(table)


@app.command("train-perception")
def train_perception(
    datasets: Annotated[
        Optional[Path],
        typer.Option(help="Folder with CPED (trained on, not shipped); see scoring/datasets."),
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option(help="Write the heads here instead of the shipped place.")
    ] = None,
) -> None:
    """Rebuild the perception heads from the training data (deterministic; a few minutes)."""
    from scoring.perception.corpus import DatasetMissing
    from scoring.perception.heads import HEADS_FILE, MANIFEST_FILE
    from scoring.perception.train import build

    external = datasets or _settings().datasets_dir
    target = out or HEADS_FILE
    manifest = target.with_name("manifest.json") if out else MANIFEST_FILE
    try:
        with tqdm(total=21, desc="training perception", file=sys.stderr) as bar:
            record = build(external, out=target, manifest=manifest,
                           progress=lambda msg: (bar.set_postfix_str(msg), bar.update(1)))
    except DatasetMissing as exc:
        raise _fail(f"{exc}\nTraining needs it; pass --datasets DIR.", 2) from exc
    macro = sum(a["cv_f1_authored"] for a in record["acts"].values()) / len(record["acts"])
    console.print(f"{target} ({record['examples']} examples; cross-validated macro-F1 on our "
                  f"own data {macro:.3f}); manifest {manifest}")
