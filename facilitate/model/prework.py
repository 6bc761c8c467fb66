"""Pre-work (forarbeid) forms: one per module, kept as data next to the
session plans (sessions/prework/modul-<n>.toml). Pure: no Flask, no database.

A form has text questions, ratings (a baseline the trajectory can follow
from module to module with `track`) and the leadership group's task. Each
problem is a `PreworkError` naming the file, the line, the question and the
field, like a session plan's errors:

    sessions/prework/modul-1.toml, line 14, question 2 'baseline', field 'max':
    must be greater than min, and at most 10 above it

The format is documented in sessions/README.md."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .session_plan import PlanError, read_toml

FORM_KEYS = ("module", "title", "intro", "questions")
QUESTION_KEYS = ("key", "type", "text", "help", "who", "min", "max", "min_label", "max_label",
                 "track", "max_length")
TYPES = ("text", "rating")
WHO = ("everyone", "group")  # group: the leadership group's answer, given by the coordinator
KEY = re.compile(r"[a-z][a-z0-9_-]{0,39}")
MAX_TEXT = 500
MAX_ANSWER = 4000
MAX_QUESTIONS = 30


class PreworkError(PlanError):
    """A pre-work form file is malformed (same shape as a session plan's error)."""

    def __init__(self, file: str, line: int | None, field: str, message: str, *,
                 item: int | None = None, item_title: str | None = None):
        super().__init__(file, line, field, message, item=item, item_title=item_title)
        # Say "question 2 'key'" rather than "item 2 'key'".
        self.args = (str(self.args[0]).replace(", item ", ", question ", 1),)

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Question:
    key: str
    type: str  # "text" | "rating"
    text: str
    help: str
    who: str  # "everyone" | "group"
    scale: dict | None  # {"min", "max", "min_label", "max_label"} for a rating
    track: str | None  # a trajectory key shared with other modules' questions
    max_length: int

    def to_dict(self) -> dict:
        return {"key": self.key, "type": self.type, "text": self.text, "help": self.help,
                "who": self.who, "scale": self.scale, "track": self.track,
                "max_length": self.max_length}


@dataclass(frozen=True)
class PreworkForm:
    path: str
    module: int
    title: str
    intro: str
    questions: tuple[Question, ...]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def to_dict(self) -> dict:
        return {"module": self.module, "title": self.title, "intro": self.intro,
                "questions": [q.to_dict() for q in self.questions]}


def _question_lines(text: str) -> tuple[list[int], list[dict[str, int]]]:
    """The line of each [[questions]] header and of each key inside it."""
    headers: list[int] = []
    keys: list[dict[str, int]] = [{}]
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if re.fullmatch(r"\[\[\s*questions\s*\]\]\s*(#.*)?", stripped):
            headers.append(lineno)
            keys.append({})
        elif match := re.match(r"([A-Za-z0-9_-]+)\s*=", stripped):
            keys[-1].setdefault(match[1], lineno)
    return headers, keys


def load_form(path: str | Path) -> PreworkForm:
    file = str(path)
    data, _ = read_toml(path, PreworkError)
    headers, keys = _question_lines(Path(path).read_text(encoding="utf-8-sig"))

    def fail(field: str, message: str, index: int | None = None, key: str | None = None):
        if index is None:
            line = keys[0].get(field.split(".")[0])
        else:
            line = keys[index].get(field) or headers[index - 1]
        raise PreworkError(file, line, field, message, item=index, item_title=key)

    for name in data:
        if name not in FORM_KEYS:
            fail(name, f"unknown key '{name}' (allowed: {', '.join(FORM_KEYS)})")
    module = data.get("module")
    if not isinstance(module, int) or isinstance(module, bool) or not 1 <= module <= 4:
        fail("module", f"must be a whole number from 1 to 4, not {module!r}")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TEXT:
        fail("title", "is required: a text of at most 500 characters")
    intro = data.get("intro", "")
    if not isinstance(intro, str):
        fail("intro", "must be a string")
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw or not all(isinstance(q, dict) for q in raw):
        fail("questions", "add at least one [[questions]] table")
    if len(raw) > MAX_QUESTIONS:
        fail("questions", f"at most {MAX_QUESTIONS} questions")
    questions: list[Question] = []
    for index, table in enumerate(raw, start=1):
        key = table.get("key") if isinstance(table.get("key"), str) else None
        where = {"index": index, "key": key}
        for name in table:
            if name not in QUESTION_KEYS:
                fail(name, f"unknown key '{name}' (allowed: {', '.join(QUESTION_KEYS)})",
                     **where)
        if key is None or not KEY.fullmatch(key):
            fail("key", "is required: lower-case letters, digits, - and _ (e.g. \"q1\")",
                 **where)
        if any(q.key == key for q in questions):
            fail("key", f"'{key}' is used by another question", **where)
        kind = table.get("type", "text")
        if kind not in TYPES:
            fail("type", f"must be one of {', '.join(TYPES)}, not {kind!r}", **where)
        text = table.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            fail("text", "is required: the question, at most 500 characters", **where)
        help_text = table.get("help", "")
        if not isinstance(help_text, str) or len(help_text) > MAX_TEXT:
            fail("help", "must be a text of at most 500 characters", **where)
        who = table.get("who", "everyone")
        if who not in WHO:
            fail("who", f"must be one of {', '.join(WHO)}, not {who!r}", **where)
        track = table.get("track")
        if track is not None and (not isinstance(track, str) or not KEY.fullmatch(track)):
            fail("track", "must be a key: lower-case letters, digits, - and _", **where)
        max_length = table.get("max_length", 1000)
        if not isinstance(max_length, int) or isinstance(max_length, bool) \
                or not 1 <= max_length <= MAX_ANSWER:
            fail("max_length", f"must be a whole number from 1 to {MAX_ANSWER}", **where)
        scale = None
        if kind == "rating":
            low, high = table.get("min", 1), table.get("max", 5)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
                fail("min", "min and max must be whole numbers", **where)
            if not low < high or high - low > 10:
                fail("max", "must be greater than min, and at most 10 above it", **where)
            scale = {"min": low, "max": high, "min_label": str(table.get("min_label", "")),
                     "max_label": str(table.get("max_label", ""))}
        elif any(name in table for name in ("min", "max", "min_label", "max_label")):
            fail("type", "only a rating has min, max and their labels", **where)
        questions.append(Question(key, kind, text.strip(), help_text.strip(), who, scale,
                                  track, max_length))
    return PreworkForm(file, module, title.strip(), intro.strip(), tuple(questions))


def load_forms(folder: str | Path) -> dict[int, PreworkForm]:
    """Every *.toml in folder by module; PreworkError for the first bad file
    or for two forms of one module."""
    forms: dict[int, PreworkForm] = {}
    for path in sorted(p for p in Path(folder).glob("*.toml") if p.is_file()):
        form = load_form(path)
        if form.module in forms:
            raise PreworkError(str(path), None, "module",
                               f"module {form.module} already has a form "
                               f"({forms[form.module].path})")
        forms[form.module] = form
    return forms


def check_answer(question: Question, value) -> str | int | None:
    """The answer to store, None for an empty one; ValueError with a reason
    for one that does not fit the question."""
    if question.type == "rating":
        if value in (None, ""):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError("not_a_number") from None
        if not question.scale["min"] <= number <= question.scale["max"]:
            raise ValueError("out_of_range")
        return number
    if not isinstance(value, str):
        raise ValueError("not_text")
    text = value.strip()
    if len(text) > question.max_length:
        raise ValueError("too_long")
    if any(ord(c) < 32 and c not in "\n\t\r" or 127 <= ord(c) < 160 for c in text):
        raise ValueError("control_characters")
    return text or None
