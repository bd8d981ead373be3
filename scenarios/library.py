"""The content library: personas, objections and scenarios, loaded and cross-checked together.

Loading is all or nothing: any error in any file raises ContentError naming the file, field and
line, and no partial library is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from personas.schema import CommonQuestions, Persona
from scenarios.content import LANGS, ContentError, Texts, load_model
from scenarios.schema import Objection, ObjectionFile, Scenario
from scoring import compliance
from scoring import rubric as rubrics
from scoring.perception.perceive import topic
from scoring.perception.turn import INVITE, TopicContext

ROOT = Path(__file__).resolve().parent.parent
PERSONA_DIR = ROOT / "personas" / "cards"
QUESTIONS = ROOT / "personas" / "questions.yaml"
OBJECTION_DIR = ROOT / "scenarios" / "objections"
SCENARIO_DIR = ROOT / "scenarios" / "scenarios"


@dataclass(frozen=True, eq=False)
class Library:
    personas: dict[str, Persona]
    objections: dict[str, Objection]
    scenarios: dict[str, Scenario]
    invitations: Texts  # "anything else on your mind?" (personas/questions.yaml `concerns`)
    not_invitations: Texts | None = None  # near questions that are not (`not_concerns`)
    follow_ups: Texts | None = None  # "what happened?": more of what was just hinted at

    def scenario(self, scenario_id: str) -> Scenario:
        if scenario_id not in self.scenarios:
            raise ContentError(
                f"unknown scenario {scenario_id!r}; known: {', '.join(sorted(self.scenarios))}"
            )
        return self.scenarios[scenario_id]

    def persona_of(self, scenario: Scenario) -> Persona:
        return self.personas[scenario.persona]

    def agenda(self, scenario: Scenario) -> list[Objection]:
        return [self.objections[i] for i in scenario.objections]

    def concern_names(self, scenario: Scenario, lang: str) -> dict[str, str]:
        """The scenario's objections by id: each one's name in `lang`, the words that notes and
        reports show for it."""
        return {o.id: o.name(lang) for o in self.agenda(scenario)}

    def words(self, lang: str) -> dict[str, str]:
        """What a trainee or manager reads for each concern and rubric dimension id: its name
        in `lang`."""
        words = {oid: o.name(lang) for oid, o in self.objections.items()}
        for rubric_id in {s.rubric for s in self.scenarios.values()}:
            words |= {d.id: d.name(lang) for d in rubrics.rubric(rubric_id).dimensions}
        return words

    def fact_names(self, scenario: Scenario, lang: str) -> dict[str, str]:
        """The product's facts and known false claims by id: each one's statement in `lang`,
        the words that notes show for it."""
        product = scenario.product
        return {f.id: f.text(lang) for f in [*product.facts, *product.misstatements]}

    def topics(self, scenario: Scenario, lang: str) -> TopicContext:
        """What perception looks for in this scenario, in this language: each topic with the
        phrasings the content gives for it."""
        return _topics(self, scenario.id, lang)


@lru_cache(maxsize=64)
def _topics(library: Library, scenario_id: str, lang: str) -> TopicContext:
    scenario = library.scenario(scenario_id)
    persona = library.persona_of(scenario)
    objections = []
    for o in library.agenda(scenario):
        explore = [g.example(lang) for g in o.gold if g.step != "respond"]
        respond = [g.example(lang) for g in o.gold if g.step == "respond"]
        objections.append(
            topic(o.id, [*_texts(o.about, lang), *explore, *o.text(lang), o.reason(lang)],
                  [*_texts(o.answered_by, lang), *respond],
                  triggers=_texts(o.triggered_by, lang))
        )
    facts = [
        topic(f.id, [f.text(lang), *_texts(f.examples, lang)], facts=f.text(lang))
        for f in scenario.product.facts
    ]
    # A misstatement's `text` describes the false claim ("Claiming it covers every illness");
    # only its examples sound like someone making it.
    wrong = [
        topic(m.id, _texts(m.examples, lang) or [m.text(lang)])
        for m in scenario.product.misstatements
    ]
    reveals = [
        topic(r.id, [*_texts(r.asked_by, lang), *_old_keywords(r.topic, lang)],
              unlike=_texts(r.not_asked_by, lang))
        for r in scenario.reveals
    ]
    reveals += [topic(f"know:{k.id}", k.asked_by(lang), unlike=_texts(k.not_asked_by, lang))
                for k in persona.knows]
    reveals.append(topic(INVITE, library.invitations(lang),
                         unlike=_texts(library.not_invitations, lang)))
    return TopicContext(tuple(objections), tuple(facts), tuple(wrong), tuple(reveals))


def _texts(texts, lang: str) -> list[str]:
    return texts(lang) if texts is not None else []


def _old_keywords(keywords, lang: str) -> list[str]:
    """Reveals written before `asked_by` existed: their keywords stand in as phrasings."""
    return keywords(lang) if keywords is not None else []


def known_effects() -> set[str]:
    """Labels and events the psychology rules react to: the valid sensitivity keys."""
    from simulator.persona.psychology import default_rules

    rules = default_rules()
    return set(rules.labels) | set(rules.events)


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if not p.name.startswith("_"))


def load_library(
    persona_dir: Path = PERSONA_DIR,
    objection_dir: Path = OBJECTION_DIR,
    scenario_dir: Path = SCENARIO_DIR,
    questions: Path = QUESTIONS,
) -> Library:
    """Load and cross-check every content file; raise ContentError on the first problem."""
    common = common_questions(questions)
    personas: dict[str, Persona] = {}
    for path in _files(persona_dir):
        persona = _asked(load_model(path, Persona), common.questions, common.not_questions,
                         path)
        if persona.id in personas:
            raise ContentError(f"{path}: persona id {persona.id!r} is defined twice")
        if persona.id != path.stem:
            raise ContentError(f"{path}: persona id {persona.id!r} must match the file name")
        unknown = set(persona.sensitivity) - known_effects()
        if unknown:
            raise ContentError(
                f"{path}: field sensitivity: {sorted(unknown)} have no rule in "
                f"scenarios/psychology.yaml (known: {', '.join(sorted(known_effects()))})")
        personas[persona.id] = persona

    objections: dict[str, Objection] = {}
    for path in _files(objection_dir):
        for objection in load_model(path, ObjectionFile).objections:
            if objection.id in objections:
                raise ContentError(f"{path}: objection id {objection.id!r} is defined twice")
            objections[objection.id] = objection

    for persona in personas.values():
        for item in persona.knows:
            if item.concern is not None and item.concern not in objections:
                raise ContentError(
                    f"{persona_dir / persona.id}.yaml: knows {item.id!r}: field concern: "
                    f"unknown objection {item.concern!r}"
                )

    scenarios: dict[str, Scenario] = {}
    for path in _files(scenario_dir):
        scenario = load_model(path, Scenario)
        if scenario.id != path.stem:
            raise ContentError(f"{path}: scenario id {scenario.id!r} must match the file name")
        if scenario.persona not in personas:
            raise ContentError(f"{path}: field persona: unknown persona {scenario.persona!r}")
        missing = [o for o in scenario.objections if o not in objections]
        if missing:
            raise ContentError(f"{path}: field objections: unknown objection ids {missing}")
        for lang in LANGS:  # reports name the concerns: two alike could not be told apart
            named: dict[str, str] = {}
            for oid in scenario.objections:
                name = objections[oid].name(lang)
                if name in named:
                    raise ContentError(
                        f"{path}: field objections: {named[name]!r} and {oid!r} have the same "
                        f"{lang} name {name!r}; give each its own"
                    )
                named[name] = oid
        fact_ids = {f.id for f in scenario.product.facts}
        for oid in scenario.objections:
            for rule in ("explored_by", "resolved_by", "hardened_by"):
                unknown = set(getattr(objections[oid], rule).facts_any) - fact_ids
                if unknown:
                    raise ContentError(
                        f"{path}: objection {oid!r} ({rule}.facts_any) needs facts "
                        f"{sorted(unknown)} that product.facts does not define"
                    )
        for pack_id in scenario.compliance_packs:
            try:
                compliance.pack(pack_id)
            except ContentError as exc:
                raise ContentError(f"{path}: field compliance_packs: {exc}") from exc
        try:
            rubrics.rubric(scenario.rubric)
        except ContentError as exc:
            raise ContentError(f"{path}: field rubric: {exc}") from exc
        reveals = {r.id for r in scenario.reveals}
        for reveal in scenario.reveals:
            unknown = set(reveal.tells) - reveals
            if unknown:
                raise ContentError(
                    f"{path}: reveal {reveal.id!r}: field tells: no reveal {sorted(unknown)} "
                    "in this scenario (use the id of one of its reveals)"
                )
        for item in personas[scenario.persona].knows:
            if item.counts_as is not None and item.counts_as not in reveals:
                raise ContentError(
                    f"{persona_dir / scenario.persona}.yaml: knows {item.id!r}: field "
                    f"counts_as: scenario {scenario.id} has no reveal {item.counts_as!r}"
                )
        scenarios[scenario.id] = scenario
    if not scenarios:
        raise ContentError(f"no scenarios found in {scenario_dir}")
    return Library(personas, objections, scenarios, common.concerns, common.not_concerns,
                   common.follow_ups)


def common_questions(path: Path = QUESTIONS) -> CommonQuestions:
    """Questions any customer may be asked (personas/questions.yaml)."""
    return load_model(path, CommonQuestions)


def _asked(persona: Persona, common: dict[str, Texts], near: dict[str, Texts], path: Path
           ) -> Persona:
    """The card with each item asked by the common questions for its id as well as its own,
    and not asked by the common near questions for its id (`near`) nor by its own."""
    knows = []
    for item in persona.knows:
        shared, own = common.get(item.id), item.asked_by
        if shared is None and own is None:
            raise ContentError(
                f"{path}: knows {item.id!r}: field asked_by is missing, and "
                f"personas/questions.yaml has no questions for {item.id!r} (known: "
                f"{', '.join(sorted(common))}); add the questions that ask for it"
            )
        knows.append(item.model_copy(update={
            "asked_by": _merged(own, shared),
            "not_asked_by": _merged(item.not_asked_by, near.get(item.id)),
        }))
    return persona.model_copy(update={"knows": knows})


def _merged(own: Texts | None, shared: Texts | None) -> Texts | None:
    if shared is None:
        return own
    return Texts(en=[*(own.en if own else []), *shared.en],
                 zh=[*(own.zh if own else []), *shared.zh])


@lru_cache(maxsize=1)
def default_library() -> Library:
    """The shipped content, loaded once per process."""
    return load_library()
