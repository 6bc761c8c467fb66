"""Capability mapping: each participant rates a framework's items on the
phone, then each municipality's group agrees one rating per item.

The definition names a framework (sessions/frameworks/<key>.toml) and
optionally the areas or items this gathering maps; validation copies the
framework's content into the definition, so the gathering keeps exactly the
version it was created with however the file changes later.

Every answer is its own slot (`response_key`):

- a rating, {"item": key, "rating": 1..points | null, "note"?}: slot = the
  item key, one per item and phone, saved as it is given; null is "vet ikke"
  when the scale allows it;
- taking the scribe role, {"scribe": generation}: slot "scribe";
- the agreed rating, {"agree": key, "rating", "generation"}: slot
  "agree:<key>", only from the municipality's scribe;
- a barrier or an opportunity, {"type": "barrier" | "opportunity", "text",
  "items": [keys]}: slot "note:<submission id>", only from the scribe.

The console switches the kind's phase: "individual" (ratings) then "agree"
(scribe, agreement, barriers and opportunities). The scribe is the first
phone of the municipality to take the role in the current *generation*; the
console's `release_scribe` starts a new generation for a municipality (its
scribe's phone died, or the group wants someone else), and the next phone to
take the role has it. Agreements keep the generation they were given in, so
the newest scribe's word counts.

Results are always by municipality, cut from the one partition of the
devices that rated (activities/views.py), so a municipality below the
minimum group is never shown alone. The room (console, projector) sees the
heatmap, radars, distributions and, with a grid, the 2x2; each
municipality's phones see only their own group's spread, and only in the
agreement round. Agreed pictures, barriers and opportunities are group
outputs: each municipality's phones always see their own, the room only
those of municipalities shown on their own.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..model import frameworks as fw
from ..resources import resource_dir
from . import mapping_stats as stats
from . import shared
from .base import (
    N_,
    ActivityKind,
    ActivityState,
    InvalidDefinition,
    InvalidResponse,
    Response,
    Sender,
    action,
    held_back,
)
from .views import partition

PHASES = ("individual", "agree")
SORTS = ("area", "spread")
SHOWS = ("heatmap", "profile", "distribution")
NOTE_TYPES = ("barrier", "opportunity")
NOTE_MAX = 200  # a rating's optional short note
TEXT_MAX = 300  # a barrier or an opportunity
MAX_LINKS = 5
MAX_GENERATION = 1000
SCRIBE_KEY = "scribe"
AGREE_PREFIX = "agree:"
NOTE_PREFIX = "note:"
HISTORY_SECONDS = 30.0

FRAMEWORKS_DIR = resource_dir("sessions") / "frameworks"

EXAMPLE_FRAMEWORK = {
    "key": "example", "name": "Eksempel", "version": "1", "language": "nb",
    "kind": "capabilities", "source": "Programmets eget eksempel.",
    "licence": "Programmets egne formuleringer.",
    "scale": {"points": 6, "labels": ["Svært svak", "", "", "", "", "Svært sterk"],
              "dont_know": True},
    "areas": [{"key": "strategi", "name": "Strategi"}, {"key": "ledelse", "name": "Ledelse"}],
    "items": [{"key": "retning", "name": "Tydelig retning", "area": "strategi",
               "verified": False},
              {"key": "eierskap", "name": "Ledergruppen eier endringen", "area": "ledelse",
               "verified": False}],
}


def resolve(key: str, folder: str | Path | None = None) -> dict:
    """The framework `key` from `folder` (a plans folder's frameworks/),
    else from the shipped frameworks; InvalidDefinition when there is none
    or the file is malformed (its message names the framework's file, line
    and field)."""
    folders = [Path(folder)] if folder is not None else []
    folders += [FRAMEWORKS_DIR] if FRAMEWORKS_DIR not in folders else []
    for where in folders:
        try:
            found = fw.get_framework(where, key)
        except fw.FrameworkError as error:
            raise InvalidDefinition("framework", str(error)) from None
        if found is not None:
            return fw.snapshot(found)
    known = sorted({path.stem for where in folders for path in fw.framework_files(where)})
    raise InvalidDefinition("framework", f"unknown framework {key!r} (known: {', '.join(known)})")


def select(framework: dict, areas: list[str], items: list[str]) -> dict:
    """The framework cut down to the chosen areas or items (all when neither)."""
    if areas:
        chosen = [item for item in framework["items"] if item["area"] in areas]
    elif items:
        chosen = [item for item in framework["items"] if item["key"] in items]
    else:
        return framework
    used_areas = {item["area"] for item in chosen}
    kept_areas = [area for area in framework["areas"] if area["key"] in used_areas]
    used_dimensions = {item["dimension"] for item in chosen} | {
        area["dimension"] for area in kept_areas}
    grid = framework.get("grid")
    if grid and not ({grid["x"], grid["y"]} <= {item["dimension"] for item in chosen}):
        grid = None
    return {**framework, "items": chosen, "areas": kept_areas,
            "dimensions": [d for d in framework["dimensions"] if d["key"] in used_dimensions],
            "grid": grid, "weakest": min(framework["weakest"], len(kept_areas))}


def _is_rating(value: Any) -> bool:
    return isinstance(value, dict) and "item" in value


def _text(value: Any, limit: int) -> str:
    return shared.clean_text(value, limit)


class MappingKind(ActivityKind):
    name = "mapping"
    label = N_("Capability mapping")
    example = {"question": "Hvor sterk er kommunen vår på dette i dag?",
               "framework": EXAMPLE_FRAMEWORK}
    has_text = True
    phones_follow_results = True
    several_answers = True
    view_modes = ("by_municipality",)
    record_source = "mapping"
    # Its tally folds every rating of the room (9,000 at 300 phones x 30
    # items): three times a second leaves the event loop to the answers.
    results_interval = 0.3

    # --- definitions ------------------------------------------------------------------

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "framework", "areas", "items"))
        framework = definition.get("framework")
        if isinstance(framework, str):
            framework = resolve(framework)
        elif isinstance(framework, dict):
            try:
                framework = fw.check_snapshot(framework)
            except fw.FrameworkError as error:
                raise InvalidDefinition(f"framework.{error.field}", error.message) from None
        else:
            raise InvalidDefinition("framework", "is required: the key of a framework in "
                                                 "sessions/frameworks/")
        areas = self._keys(definition, "areas", [a["key"] for a in framework["areas"]])
        items = self._keys(definition, "items", [i["key"] for i in framework["items"]])
        if areas and items:
            raise InvalidDefinition("items", "give areas or items, not both")
        question = shared.text_field(definition, "question", shared.QUESTION_MAX,
                                     required=False) or framework["prompt"]
        return {"question": question, "framework": select(framework, areas, items),
                "areas": areas, "items": items}

    @staticmethod
    def _keys(definition: dict, name: str, known: list[str]) -> list[str]:
        keys = definition.get(name, [])
        if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
            raise InvalidDefinition(name, "must be a list of keys")
        for position, key in enumerate(keys):
            if key not in known:
                raise InvalidDefinition(f"{name}[{position}]",
                                        f"unknown key {key!r} (known: {', '.join(known)})")
        if len(set(keys)) != len(keys):
            raise InvalidDefinition(name, "repeats a key")
        return list(keys)

    # --- responses ----------------------------------------------------------------------

    def validate_response(self, definition: dict, value: Any) -> dict:
        framework = definition["framework"]
        if not isinstance(value, dict):
            raise InvalidResponse("bad_type", "expected an object")
        keys = set(value)
        if "item" in value and keys <= {"item", "rating", "note"} and "rating" in value:
            checked = {"item": self._item(framework, value["item"]),
                       "rating": self._rating(framework, value["rating"])}
            note = value.get("note", "")
            if note != "" and shared.strip_text(shared.require_text(note)):
                checked["note"] = _text(note, NOTE_MAX)
            return checked
        if keys == {"scribe"}:
            return {"scribe": self._generation(value["scribe"])}
        if keys == {"agree", "rating", "generation"}:
            return {"agree": self._item(framework, value["agree"]),
                    "rating": self._rating(framework, value["rating"]),
                    "generation": self._generation(value["generation"])}
        if keys in ({"type", "text"}, {"type", "text", "items"}):
            if value["type"] not in NOTE_TYPES:
                raise InvalidResponse("bad_type", "type is barrier or opportunity")
            links = value.get("items", [])
            if not isinstance(links, list):
                raise InvalidResponse("bad_type", "items is a list of item keys")
            if len(links) > MAX_LINKS:
                raise InvalidResponse("too_many", max=MAX_LINKS)
            linked = [self._item(framework, key) for key in links]
            if len(set(linked)) != len(linked):
                raise InvalidResponse("duplicate")
            return {"type": value["type"], "text": _text(value["text"], TEXT_MAX),
                    "items": linked}
        raise InvalidResponse("bad_type", "expected a rating, a scribe, an agreement or a note")

    @staticmethod
    def _item(framework: dict, key: Any) -> str:
        if not isinstance(key, str) or not any(item["key"] == key
                                               for item in framework["items"]):
            raise InvalidResponse("unknown_option")
        return key

    @staticmethod
    def _rating(framework: dict, rating: Any) -> int | None:
        scale = framework["scale"]
        if rating is None and scale["dont_know"]:
            return None
        if not shared.is_int(rating) or not 1 <= rating <= scale["points"]:
            raise InvalidResponse("out_of_range", min=1, max=scale["points"])
        return rating

    @staticmethod
    def _generation(value: Any) -> int:
        if not shared.is_int(value) or not 0 <= value <= MAX_GENERATION:
            raise InvalidResponse("bad_type", "expected a scribe generation")
        return value

    def response_key(self, value: Any, submission_id: str) -> str:
        if _is_rating(value):
            return value["item"]
        if "scribe" in value:
            return SCRIBE_KEY
        if "agree" in value:
            return AGREE_PREFIX + value["agree"]
        return NOTE_PREFIX + submission_id

    def check_answer(self, definition: dict, state: ActivityState, value: Any, sender: Sender,
                     responses) -> None:
        phase = state.get("phase", "individual")
        if _is_rating(value):
            if phase != "individual":
                raise InvalidResponse("wrong_phase")
            return
        if phase != "agree":
            raise InvalidResponse("wrong_phase")
        generation = generation_of(state, sender.municipality_id)
        holder = scribes(responses(), state).get(sender.municipality_id)
        if "scribe" in value:
            if value["scribe"] != generation:
                raise InvalidResponse("not_scribe")
            if holder is not None and holder != sender.device_id:
                raise InvalidResponse("scribe_taken")
            return
        if holder != sender.device_id or value.get("generation", generation) != generation:
            raise InvalidResponse("not_scribe")

    def texts(self, value: Any) -> list[str]:
        if isinstance(value, dict):
            text = value.get("note") if _is_rating(value) else value.get("text")
            if isinstance(text, str):
                return [text]
        return []

    # --- results --------------------------------------------------------------------------

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        """One group's ratings: a distribution, "vet ikke" count and the short
        notes per item (lenient: a stored rating that no longer fits is skipped).
        Written for speed: the live results run it over every rating of the
        room up to ten times a second."""
        framework = definition["framework"]
        points = framework["scale"]["points"]
        keys = [item["key"] for item in framework["items"]]
        index = {key: position for position, key in enumerate(keys)}
        distributions = [[0] * points for _ in keys]
        dont_know = [0] * len(keys)
        comments: list[list[str]] = [[] for _ in keys]
        raters = set()
        for response in responses:
            value = response.value
            if type(value) is not dict:
                continue
            position = index.get(value.get("item"))
            if position is None:
                continue
            raters.add(response.device_id)
            rating = value.get("rating")
            if rating is None:
                dont_know[position] += 1
            elif type(rating) is int and 0 < rating <= points:
                distributions[position][rating - 1] += 1
            note = value.get("note")
            if type(note) is str:
                comments[position].append(note)
        return {"respondents": len(raters),
                "items": [{"key": key, "distribution": distributions[position],
                           "dont_know": dont_know[position], "comments": comments[position]}
                          for position, key in enumerate(keys)]}

    def describe_results(self, definition, responses, state, mode, municipalities, min_group,
                         focus=None, history=None, never_alone=frozenset()) -> dict:
        from .views import describe

        ratings, others = [], []
        for response in responses:
            (ratings if _is_rating(response.value) else others).append(response)
        described = describe(self, definition, ratings, state, "by_municipality",
                             municipalities, min_group, never_alone=never_alone)
        # The scribes, agreements and notes are in `others`: a few per municipality.
        described["mapping"] = picture(definition, state, described, others,
                                       municipalities, history or {})
        return described

    def results_for(self, role: str, group: str | None, described: dict,
                    revealed: bool) -> dict | None:
        mapped = described["mapping"]
        head = {name: described.get(name) for name in ("mode", "min_group", "respondents",
                                                         "item_id", "revision")}
        if role == "presenter":  # the room sees the map once the facilitator reveals it
            return {**head, **mapped["room"]} if revealed else held_back(head)
        if role == "console":
            return {**head, **mapped["room"], "scribes": mapped["scribes"]}
        if mapped["room"]["phase"] != "agree" or group is None:
            return None  # the individual round: phones need nothing from the tally
        part = mapped["phones"].get(group)
        return None if part is None else {**head, "respondents": None, **part}

    def phone_groups(self, described: dict) -> list[str] | None:
        return list(described["mapping"]["phones"])

    def history(self, db, gathering: dict, item: dict,
                municipality_ids: list[int]) -> dict | None:
        from . import mapping_history

        key = (gathering["id"], item["id"])
        cached = _HISTORY.get(key)
        if cached and time.monotonic() - cached[0] < HISTORY_SECONDS:
            return cached[1]
        framework = (item["definition"] or {}).get("framework", {}).get("key", "")
        found = {str(mid): mapping_history.previous_ratings(
                     db, mid, framework, module=gathering["module"],
                     exclude_gathering=gathering["id"]) for mid in municipality_ids}
        found = {mid: previous for mid, previous in found.items() if previous}
        _HISTORY[key] = (time.monotonic(), found)
        return found

    # --- the programme record ---------------------------------------------------------

    def record_entries(self, definition: dict, responses: list[Response], state: ActivityState,
                       municipalities: dict[int, str], min_group: int) -> dict[int | None, dict]:
        """Each municipality's record: its individual ratings (pseudonymous:
        rater 1..n, only when the municipality is shown on its own), their
        medians, the agreed picture and its barriers and opportunities; the
        whole gathering's: the room's medians and the heatmap. All with the
        framework's key and version, exactly as rated."""
        framework = definition["framework"]
        reference = {"key": framework["key"], "version": framework["version"],
                     "name": framework["name"], "scale": framework["scale"],
                     "items": [{"key": i["key"], "name": i["name"], "area": i["area"],
                                "verified": i["verified"]} for i in framework["items"]]}
        ratings = [r for r in responses if _is_rating(r.value)]
        blocks = partition(ratings, municipalities, min_group)
        everyone = frozenset(blocks.home)
        room_shown = len(everyone) == 0 or len(everyone) >= min_group
        medians_of = {mid: _medians(self.tally(definition, [r for r in ratings
                                                             if r.device_id in devices], state))
                      for mid in blocks.shown
                      for devices in [blocks.devices_of(mid)]}
        room = {"framework": reference, "n": len(everyone) if room_shown else None,
                "suppressed": not room_shown,
                "result": {"medians": _medians(self.tally(definition, ratings, state)),
                           "heatmap": {str(mid): medians_of[mid] for mid in municipalities
                                       if mid in medians_of}} if room_shown else None}
        entries: dict[int | None, dict] = {None: room}
        outputs = group_outputs(responses, state)
        for mid in municipalities:
            shown = mid in blocks.shown
            devices = blocks.devices_of(mid)
            own = outputs.get(mid, {})
            entries[mid] = {
                "framework": reference,
                "n": len(devices) if shown else None,
                "suppressed": not shown,
                "result": {"medians": medians_of[mid],
                           "ratings": _raters(ratings, devices)} if shown else None,
                "agreed": own.get("agreed", {}),
                "barriers": [n for n in own.get("notes", []) if n["type"] == "barrier"],
                "opportunities": [n for n in own.get("notes", [])
                                  if n["type"] == "opportunity"],
                "room": room,
            }
        return entries

    # --- the console's actions -------------------------------------------------------------

    def initial_state(self) -> ActivityState:
        return {"phase": "individual", "sort": "area", "show": "heatmap", "focus": None,
                "scribes": {}}

    @action("phase", '{phase: "individual" | "agree"}')
    def set_phase(self, definition, state, params, responses) -> ActivityState:
        """Switch between the individual round and the agreement in the groups."""
        if params.get("phase") not in PHASES:
            raise InvalidResponse("bad_type")
        return {**state, "phase": params["phase"]}

    @action("release_scribe", "{municipality_id: int}")
    def release_scribe(self, definition, state, params, responses) -> ActivityState:
        """Free a municipality's scribe role: the next phone of it to take the role has it."""
        mid = params.get("municipality_id")
        if not shared.is_int(mid) or mid not in scribes(responses, state):
            raise InvalidResponse("no_scribe")
        generations = dict(state.get("scribes", {}))
        generations[str(mid)] = generation_of(state, mid) + 1
        return {**state, "scribes": generations}

    @action("sort", '{by: "area" | "spread"}')
    def set_sort(self, definition, state, params, responses) -> ActivityState:
        """Order the heatmap's items area by area, or the widest spread first."""
        if params.get("by") not in SORTS:
            raise InvalidResponse("bad_type")
        return {**state, "sort": params["by"]}

    @action("show", '{view: "heatmap" | "profile" | "distribution", municipality_id?: int}')
    def set_show(self, definition, state, params, responses) -> ActivityState:
        """Choose what the projector shows; a profile shows one municipality."""
        if params.get("view") not in SHOWS:
            raise InvalidResponse("bad_type")
        focus = params.get("municipality_id", state.get("focus"))
        if focus is not None and not shared.is_int(focus):
            raise InvalidResponse("bad_type")
        return {**state, "show": params["view"], "focus": focus}


_HISTORY: dict[tuple[int, int], tuple[float, dict]] = {}


# --- helpers shared by the results and the record ---------------------------------------


def generation_of(state: ActivityState, municipality_id: int | None) -> int:
    return state.get("scribes", {}).get(str(municipality_id), 0)


def scribes(responses: list[Response], state: ActivityState) -> dict[int, int]:
    """The scribe's device of each municipality that has one now: the device
    whose claim carries the municipality's current generation."""
    found = {}
    for response in responses:
        value = response.value
        if (response.key == SCRIBE_KEY and isinstance(value, dict)
                and value.get("scribe") == generation_of(state, response.municipality_id)):
            found.setdefault(response.municipality_id, response.device_id)
    return found


def group_outputs(responses: list[Response], state: ActivityState) -> dict[int, dict]:
    """Each municipality's agreed ratings (the newest generation's word per
    item) and its barriers and opportunities, in the order given."""
    agreed: dict[int, dict[str, tuple[int, int, Any]]] = defaultdict(dict)
    notes: dict[int, list[dict]] = defaultdict(list)
    for response in responses:
        value, mid = response.value, response.municipality_id
        if not isinstance(value, dict):
            continue
        if response.key.startswith(AGREE_PREFIX) and "agree" in value:
            rank = (value.get("generation", 0), response.id)
            known = agreed[mid].get(value["agree"])
            if known is None or rank > known[:2]:
                agreed[mid][value["agree"]] = (*rank, value.get("rating"))
        elif response.key.startswith(NOTE_PREFIX) and value.get("type") in NOTE_TYPES:
            notes[mid].append({"id": response.id, "type": value["type"],
                               "text": value.get("text", ""), "items": value.get("items", [])})
    return {mid: {"agreed": {key: ranked[2] for key, ranked in agreed.get(mid, {}).items()},
                  "notes": notes.get(mid, [])}
            for mid in set(agreed) | set(notes)}


def _medians(tally: dict) -> dict[str, float | None]:
    return {item["key"]: stats.median(item["distribution"]) for item in tally["items"]}


def _raters(ratings: list[Response], devices: frozenset[int]) -> list[dict]:
    """Each device's ratings as rater 1..n (in the order they first rated),
    never the device id."""
    by_device: dict[int, dict] = {}
    for response in sorted(ratings, key=lambda r: r.id):
        if response.device_id not in devices:
            continue
        rater = by_device.setdefault(response.device_id, {"values": {}, "notes": {}})
        rater["values"][response.value["item"]] = response.value.get("rating")
        if response.value.get("note"):
            rater["notes"][response.value["item"]] = response.value["note"]
    return [{"rater": number, **rater}
            for number, rater in enumerate(by_device.values(), start=1)]


def picture(definition: dict, state: ActivityState, described: dict,
            responses: list[Response], municipalities: dict[int, str],
            history: dict) -> dict:
    """What every audience's part is cut from: the room's heatmap, radars,
    distributions, grid positions and changes (console, projector), and each
    municipality's own part (its phones)."""
    framework = definition["framework"]
    points = framework["scale"]["points"]
    item_keys = [item["key"] for item in framework["items"]]
    outputs = group_outputs(responses, state)
    current = scribes(responses, state)
    rows, room_parts = [], []
    own_tallies: dict[int, dict] = {}
    for group in described["groups"]:
        mid = group["municipality_id"]
        if group["suppressed"]:
            if mid is not None:
                rows.append({"key": group["key"], "municipality_id": mid, "suppressed": True})
            continue
        result = group["result"]
        room_parts.append(result)
        if mid is not None:
            own_tallies[mid] = result
        rows.append(_row(framework, group, result, outputs.get(mid, {}) if mid else {},
                         history.get(str(mid), {}) if mid else {}))
    room_items = []
    for index, key in enumerate(item_keys):
        distribution = stats.add(points, (part["items"][index]["distribution"]
                                          for part in room_parts))
        room_items.append({"key": key, "distribution": distribution,
                           "dont_know": sum(part["items"][index]["dont_know"]
                                            for part in room_parts),
                           "median": stats.median(distribution),
                           "spread": stats.spread(distribution)})
    room_distributions = {item["key"]: item["distribution"] for item in room_items}
    room_areas = stats.scores_by(framework, room_distributions, "area")
    room_dimensions = stats.scores_by(framework, room_distributions, "dimension")
    room = {
        "phase": state.get("phase", "individual"),
        "sort": state.get("sort", "area"),
        "show": state.get("show", "heatmap"),
        "focus": state.get("focus"),
        "columns": stats.order_columns(
            framework, {item["key"]: item["spread"] for item in room_items},
            state.get("sort", "area")),
        "items": room_items,
        "rows": rows,
        "room": {"areas": room_areas, "dimensions": room_dimensions,
                 "spokes": stats.spokes(framework, room_distributions),
                 "position": stats.grid_position(framework, room_dimensions),
                 "weakest": stats.weakest(framework, room_areas)},
    }
    phones = {}
    for mid in municipalities:
        own = outputs.get(mid, {})
        tally = own_tallies.get(mid)
        phones[f"m:{mid}"] = {
            "phase": room["phase"],
            "municipality_id": mid,
            "suppressed": tally is None,
            "n": tally["respondents"] if tally else None,
            "spread": [{"key": item["key"], "distribution": item["distribution"],
                        "dont_know": item["dont_know"],
                        "median": stats.median(item["distribution"]),
                        "spread": stats.spread(item["distribution"]),
                        "comments": item["comments"]} for item in tally["items"]]
            if tally else None,
            "agreed": own.get("agreed", {}),
            "notes": own.get("notes", []),
            "scribe": {"generation": generation_of(state, mid), "taken": mid in current},
        }
    return {"room": room, "phones": phones,
            "scribes": {str(mid): {"generation": generation_of(state, mid),
                                   "taken": mid in current} for mid in municipalities}}


def _row(framework: dict, group: dict, result: dict, own: dict, before: dict) -> dict:
    distributions = {item["key"]: item["distribution"] for item in result["items"]}
    medians = [stats.median(item["distribution"]) for item in result["items"]]
    areas = stats.scores_by(framework, distributions, "area")
    dimensions = stats.scores_by(framework, distributions, "dimension")
    agreed = own.get("agreed", {}) if group["municipality_id"] else {}
    changes = {}
    for item, median in zip(result["items"], medians, strict=True):
        earlier = before.get(item["key"])
        if earlier is None:
            continue
        now = agreed.get(item["key"], median)
        changes[item["key"]] = {"before": earlier["value"], "now": now,
                                "change": stats.change(now, earlier["value"]),
                                "module": earlier.get("module"), "stage": earlier.get("stage")}
    return {"key": group["key"], "municipality_id": group["municipality_id"],
            "suppressed": False, "n": group["n"], "medians": medians,
            "spreads": [stats.spread(item["distribution"]) for item in result["items"]],
            "agreed": [agreed.get(item["key"]) for item in result["items"]] if agreed else None,
            "areas": areas, "dimensions": dimensions,
            "spokes": stats.spokes(framework, distributions),
            "position": stats.grid_position(framework, dimensions),
            "weakest": stats.weakest(framework, areas),
            "changes": changes}
