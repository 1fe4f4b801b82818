"""Audit question sets (`parameters/audit_tools/<id>.yaml`): loading and validation.

A question set file::

    id: s20
    title: Section 20 accommodation
    base: s20                 # cases: looked_after (default), s20 or pwp (in a run at as_at),
                              # cp_plan (on a child protection plan)
    facts: [AGE, LS, ...]     # optional: the case facts the worksheet shows (default: all)
    questions:
      - id: CONSENT_RECORDED
        theme: Consent
        text: Is there a signed record of consent ...?
        answers: [Y, N, NA]

Answers are fixed choices (upper case). A question whose answers include Y and N is a yes/no
question: its rate is Y / (Y + N), NA left out. Any other question is graded (e.g. OUTSTANDING,
GOOD, REQUIRES_IMPROVEMENT, INADEQUATE) and reported as a distribution.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ParameterError

TOOLS_DIR = Path(__file__).resolve().parents[2] / "parameters" / "audit_tools"
BASES = ("looked_after", "s20", "pwp", "cp_plan")
_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SET_KEYS = {"id", "title", "description", "version", "base", "facts", "questions"}
_Q_KEYS = {"id", "text", "theme", "answers", "guidance"}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    theme: str
    answers: tuple[str, ...]
    guidance: str = ""

    @property
    def yes_no(self) -> bool:
        return "Y" in self.answers and "N" in self.answers


@dataclass(frozen=True)
class QuestionSet:
    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    version: str = ""
    base: str = "looked_after"
    facts: tuple[str, ...] | None = None
    source: str = ""

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    @property
    def themes(self) -> list[str]:
        seen: list[str] = []
        for q in self.questions:
            if q.theme not in seen:
                seen.append(q.theme)
        return seen

    def hash(self) -> str:
        """Short hash of the questions (ids, texts, themes, answers, in order): a worksheet is
        read back only against the very questions it was made with."""
        body = [[q.id, q.text, q.theme, list(q.answers)] for q in self.questions]
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def tools_dir() -> Path:
    """`parameters/audit_tools` of the source tree (editable install), else of the current
    folder."""
    if TOOLS_DIR.is_dir():
        return TOOLS_DIR
    return Path.cwd() / "parameters" / "audit_tools"


def available_tools(folder: Path | None = None) -> list[str]:
    folder = Path(folder) if folder else tools_dir()
    return sorted(p.stem for p in folder.glob("*.yaml"))


def _fail(where: str, msg: str):
    raise ParameterError(f"{where}: {msg}")


def parse_questions(raw, where: str = "question set") -> QuestionSet:
    """Validate a question set already read from YAML (a dict); clear errors naming the place."""
    if not isinstance(raw, dict):
        _fail(where, "expected a mapping with id, title and questions")
    unknown = sorted(set(raw) - _SET_KEYS)
    if unknown:
        _fail(where, f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(_SET_KEYS))})")
    for key in ("id", "title", "questions"):
        if key not in raw or raw[key] in (None, ""):
            _fail(where, f"'{key}' is required")
    base = raw.get("base", "looked_after")
    if base not in BASES:
        _fail(where, f"base '{base}' must be one of {', '.join(BASES)}")
    facts = raw.get("facts")
    if facts is not None and (not isinstance(facts, list) or not all(isinstance(f, str) for f in facts)):
        _fail(where, "'facts' must be a list of column names")
    qs = raw["questions"]
    if not isinstance(qs, list) or not qs:
        _fail(where, "'questions' must be a non-empty list")
    questions, seen = [], {}
    for i, q in enumerate(qs, start=1):
        label = f"question {i}"
        if not isinstance(q, dict):
            _fail(where, f"{label}: expected a mapping with id, text, theme and answers")
        if isinstance(q.get("id"), str):
            label += f" ({q['id']})"
        unknown = sorted(set(q) - _Q_KEYS)
        if unknown:
            _fail(where, f"{label}: unknown key(s) {', '.join(unknown)} "
                         f"(allowed: {', '.join(sorted(_Q_KEYS))})")
        for key in ("id", "text", "theme", "answers"):
            if key not in q or q[key] in (None, ""):
                _fail(where, f"{label}: '{key}' is required")
        qid = str(q["id"])
        if not _ID.match(qid):
            _fail(where, f"{label}: id '{qid}' must be upper-case letters, digits and _ "
                         "starting with a letter")
        if qid in ("CHILD", "SEQ", "NOTES"):
            _fail(where, f"{label}: id '{qid}' is reserved for a worksheet column")
        if qid in seen:
            _fail(where, f"{label}: id '{qid}' is used twice (also question {seen[qid]})")
        seen[qid] = i
        answers = q["answers"]
        if not isinstance(answers, list) or len(answers) < 2:
            _fail(where, f"{label}: 'answers' must be a list of at least two choices")
        answers = [str(a).strip().upper() for a in answers]
        if any(not a or "," in a for a in answers):
            _fail(where, f"{label}: an answer is blank or contains a comma")
        if len(set(answers)) != len(answers):
            _fail(where, f"{label}: an answer is listed twice")
        if len(",".join(answers)) > 250:
            _fail(where, f"{label}: the answers are too long for a spreadsheet drop-down")
        questions.append(Question(qid, str(q["text"]).strip(), str(q["theme"]).strip(),
                                  tuple(answers), str(q.get("guidance") or "").strip()))
    return QuestionSet(id=str(raw["id"]), title=str(raw["title"]), questions=tuple(questions),
                       description=str(raw.get("description") or "").strip(),
                       version=str(raw.get("version") or ""), base=base,
                       facts=tuple(facts) if facts is not None else None, source=where)


def load_questions(tool: str | Path) -> QuestionSet:
    """A question set by tool id ('s20', 'pwp', 'qc_moderation') or by path to a YAML file."""
    path = Path(tool)
    if path.suffix not in (".yaml", ".yml"):
        path = tools_dir() / f"{tool}.yaml"
        if not path.exists():
            raise ParameterError(f"no audit tool '{tool}' (available: "
                                 f"{', '.join(available_tools()) or 'none'})")
    if not path.exists():
        raise ParameterError(f"question set file {path} does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ParameterError(f"{path}: not valid YAML ({e})") from None
    return parse_questions(raw, str(path))
