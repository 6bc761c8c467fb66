"""The contract every activity kind fulfils.

An activity kind is pure: it checks a definition (from a session plan), checks
and normalises one participant's response, folds the current responses into a
JSON-ready tally, runs the facilitator's actions on its own state, and says
which audience sees which part of its results. No Flask, no database.

A kind owns its whole life in two files: this module's subclass (Python) and
static/js/kinds/<name>.js (its phone form, result renderer and any console
panel). The registry in activities/__init__.py names it once; docs, fuzzers,
access tests and the browser "every kind" test iterate that registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar


def N_(message: str) -> str:
    """Marks a label for extraction; the web layer translates it when shown."""
    return message


class InvalidDefinition(ValueError):
    """A session plan's activity definition is wrong; `field` names the culprit."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidResponse(ValueError):
    """A participant's response (or a facilitator's action) is refused. `code`
    is stable; the live layer turns it into a translated message (see
    facilitate/live/errors.py)."""

    def __init__(self, code: str, detail: str = "", **params: Any):
        super().__init__(detail or code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Response:
    """One device's current answer under one key (see ActivityKind.response_key)."""

    id: int
    device_id: int
    municipality_id: int
    key: str
    value: Any
    hidden: bool = False


@dataclass(frozen=True)
class Sender:
    """Who sent an answer: the phone's device and the municipality it answers for."""

    device_id: int
    municipality_id: int


# A kind's own state (word-cloud merges, later Q&A pins, board clusters): a
# JSON object stored with the item, changed only by the kind's actions.
ActivityState = dict


@dataclass(frozen=True)
class ActionSpec:
    """A console action a kind offers, run through the generic
    `activity.action` event. `payload` documents its params."""

    name: str
    payload: str
    summary: str


def action(name: str, payload: str) -> Callable:
    """Declares a method `(definition, state, params, responses) -> new state`
    as the kind's console action `name`. Its docstring's first line is the
    summary shown in docs/PROTOCOL.md."""
    def mark(method: Callable) -> Callable:
        summary = (method.__doc__ or "").strip().splitlines()[0] if method.__doc__ else ""
        method.action_spec = ActionSpec(name, payload, summary)
        return method
    return mark


# Who may see results, by the connection's role. `revealed` is the
# facilitator's "show results to the room".
ROLES = ("console", "presenter", "phone")
# What the described results carry for the facilitator alone (which
# municipalities a versus view may focus on).
CONSOLE_ONLY_RESULTS = ("versus_choices",)


def held_back(described: dict) -> dict:
    """Results the room may not see yet: how many answered, nothing else."""
    return {**{name: described[name] for name in described if name != "groups"},
            "hidden": True, "groups": []}


class ActivityKind:
    """Base class: one subclass per kind, registered in activities/__init__.py."""

    name: ClassVar[str]
    label: ClassVar[str]  # an N_() msgid, translated where shown
    # A definition as a session plan would give it; docs, tests and fuzzers use it.
    example: ClassVar[dict]
    # True when responses carry free text a facilitator may need to hide.
    has_text: ClassVar[bool] = False
    # True when phones need the live results to answer (Q&A: they vote on
    # what others asked), whether or not results are revealed.
    phones_follow_results: ClassVar[bool] = False
    # True when answers are meant for the whole room (Q&A questions to the
    # speaker): a room with fewer than the minimum group still sees them.
    # Splits by municipality are suppressed as for every kind.
    public_answers: ClassVar[bool] = False
    # True when one phone may give several answers side by side, each in a
    # slot of its own made from its submission id (Q&A questions).
    several_answers: ClassVar[bool] = False
    # The view modes (activities/views.py) its results can be shown in; the
    # first is used when the item's view is another (mapping: by municipality).
    view_modes: ClassVar[tuple[str, ...]] = ("all", "by_municipality", "versus")
    # Seconds between two coalesced `results` of one item, at least the
    # broadcaster's own interval (0: every flush). A kind whose tally is heavy
    # (a mapping folds every rating of the room) asks for more.
    results_interval: ClassVar[float] = 0.0
    _actions: ClassVar[dict[str, Callable]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls._actions = {method.action_spec.name: method
                        for method in vars(cls).values() if hasattr(method, "action_spec")}

    # --- definitions and responses ---------------------------------------------

    def validate_definition(self, definition: dict) -> dict:
        """Return the definition with defaults filled in, or raise InvalidDefinition."""
        raise NotImplementedError

    def validate_response(self, definition: dict, value: Any) -> Any:
        """Return the normalised value to store, or raise InvalidResponse."""
        raise NotImplementedError

    def response_key(self, value: Any, submission_id: str) -> str:
        """Which slot a response fills; a newer response to the same slot replaces it.

        Most kinds have one slot per device, so a phone can change its answer."""
        return ""

    def required_response(self, value: Any) -> int | None:
        """The id of a stored response that must exist, visible, in the same
        activity for this value to make sense (a Q&A upvote needs its
        question), or None. `is_target` says which slots may be named."""
        return None

    def is_target(self, key: str) -> bool:
        return False

    def check_answer(self, definition: dict, state: ActivityState, value: Any, sender: Sender,
                     responses: Callable[[], list[Response]]) -> None:
        """Raise InvalidResponse for a well-formed answer that is not allowed
        now or from this phone (mapping: ratings only in the individual round,
        the agreed rating only from the municipality's scribe). `responses()`
        reads the item's current responses; call it only when needed, as this
        runs for every answer. The default allows every valid answer."""

    def texts(self, value: Any) -> list[str]:
        """The free text inside a stored value, for moderation lists."""
        return []

    def word_hidden(self, text: str, state: ActivityState) -> bool | None:
        """For a kind that hides single words (not whole answers): whether
        this entry's word is hidden. None for kinds that hide whole answers."""
        return None

    # --- results -----------------------------------------------------------------

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        """Fold current, visible responses into a JSON-ready result."""
        raise NotImplementedError

    def describe_results(self, definition: dict, responses: list[Response],
                         state: ActivityState, mode: str, municipalities: dict[int, str],
                         min_group: int, focus: int | None = None,
                         history: dict | None = None,
                         never_alone: frozenset[int] = frozenset()) -> dict:
        """The described results every audience's part is cut from. The
        default is activities/views.describe in the item's view; a kind may
        add its own (mapping: the room's heatmap, each municipality's part).
        `history` is what `history()` read; `never_alone` the municipalities
        never shown on their own (expected below the minimum group)."""
        from .views import describe

        return describe(self, definition, responses, state, mode, municipalities, min_group,
                        focus, never_alone=never_alone)

    def history(self, db, gathering: dict, item: dict,
                municipality_ids: list[int]) -> dict | None:
        """What an item's results compare with, read from the store in the
        results' read transaction (mapping: each municipality's earlier
        ratings in its programme record). The only kind method that may read
        the store; None for every kind that compares with nothing."""
        return None

    def results_for(self, role: str, group: str | None, described: dict,
                    revealed: bool) -> dict | None:
        """What one audience (a role, and for phones maybe one group) receives
        of the described results (see activities/views.py), or None when it
        sees nothing. The console sees the tally; the projector sees it when
        the facilitator reveals it, and until then only how many answered;
        phones when it is revealed (always, for kinds they answer from).
        A kind whose phones see only their own group's part overrides this
        and `phone_groups`."""
        if role == "console":
            return described
        public = {name: value for name, value in described.items()
                  if name not in CONSOLE_ONLY_RESULTS}
        if role == "presenter":
            return public if revealed else held_back(public)
        return public if revealed or self.phones_follow_results else None

    def phone_groups(self, described: dict) -> list[str] | None:
        """The phone groups that get results of their own, or None when all
        phones get the same."""
        return None

    # --- the programme record ------------------------------------------------------------

    def record_entries(self, definition: dict, responses: list[Response], state: ActivityState,
                       municipalities: dict[int, str], min_group: int) -> dict[int | None, dict]:
        """What this activity files to the programme record when it closes:
        for each municipality id its own part, and under None the whole
        gathering's. The default files each municipality's own tally (or
        `suppressed` when its answers are not shown on their own, by the same
        partition every view uses) and the room's. A kind whose record holds
        more (mapping: individual ratings and the agreed picture; a board:
        notes, clusters and votes) overrides this."""
        from .views import describe

        room = describe(self, definition, responses, state, "all", municipalities, min_group)
        split = describe(self, definition, responses, state, "by_municipality", municipalities,
                         min_group)
        entries: dict[int | None, dict] = {None: {
            "respondents": room["respondents"], "n": room["groups"][0]["n"],
            "suppressed": room["groups"][0]["suppressed"], "result": room["groups"][0]["result"],
        }}
        for group in split["groups"]:
            if group["municipality_id"] is not None:
                entries[group["municipality_id"]] = {
                    "n": group["n"], "suppressed": group["suppressed"],
                    "result": group["result"], "room": entries[None]}
        # A municipality with no answers is filed too: the question was asked.
        for municipality_id in municipalities:
            entries.setdefault(municipality_id, {"n": None, "suppressed": True, "result": None,
                                                 "room": entries[None]})
        return entries

    # --- state and actions -----------------------------------------------------------

    def initial_state(self) -> ActivityState:
        return {}

    @classmethod
    def actions(cls) -> dict[str, ActionSpec]:
        return {name: method.action_spec for name, method in cls._actions.items()}

    def run_action(self, name: str, definition: dict, state: ActivityState, params: dict,
                   responses: list[Response]) -> ActivityState:
        """The state after the console action `name`; InvalidResponse when
        the action or its params are refused (nothing changes then)."""
        method = self._actions.get(name)
        if method is None:
            raise InvalidResponse("unknown_action")
        return method(self, definition, dict(state), params, responses)
