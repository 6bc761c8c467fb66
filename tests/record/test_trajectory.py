"""Trajectory maths: values per module, peers only as suppressed medians."""

from facilitate.record import (
    activity_values,
    assemble,
    normalise,
    peer_median,
    peers_for,
    trajectory,
    trajectory_points,
)

SCALE = {"question": "Hvor godt passer utsagnene?", "statements": ["Vi deler data", "Vi eier det"],
         "min": 1, "max": 6, "min_label": "", "max_label": ""}


def scale_entry(module, means, municipality_id=3, question=SCALE["question"], track=None,
                suppressed=False):
    definition = {**SCALE, "question": question, **({"track": track} if track else {})}
    payload = {"activity_kind": "scale", "question": question, "definition": definition,
               "n": None if suppressed else 4, "suppressed": suppressed,
               "result": None if suppressed else {"respondents": 4, "statements": [
                   {"text": text, "n": 4, "distribution": [], "mean": mean}
                   for text, mean in zip(SCALE["statements"], means, strict=True)]}}
    return {"municipality_id": municipality_id, "module": module, "stage": "samling",
            "source": "activity", "payload": payload, "gathering_id": module, "item_id": 1,
            "title": "Kartlegging", "revision": 1, "filed_at": "2026-11-24T10:00:00"}


def test_same_question_text_in_two_modules_is_one_line_per_statement():
    points = trajectory_points([scale_entry(1, [2.5, 3.0]),
                                scale_entry(2, [3.5, 4.0], question="hvor godt passer  utsagnene")],
                               {})
    assert points == {
        "scale:hvor godt passer utsagnene|vi deler data": {
            "title": "Hvor godt passer utsagnene? – Vi deler data", "values": {1: 2.5, 2: 3.5}},
        "scale:hvor godt passer utsagnene|vi eier det": {
            "title": "Hvor godt passer utsagnene? – Vi eier det", "values": {1: 3.0, 2: 4.0}}}


def test_an_explicit_track_joins_differently_worded_questions_by_position():
    points = trajectory_points([scale_entry(1, [2.0, 3.0], question="Før", track="modenhet"),
                                scale_entry(3, [4.0, 5.0], question="Etter", track="modenhet")],
                               {})
    assert {key: point["values"] for key, point in points.items()} == {
        "track:modenhet|#0": {1: 2.0, 3: 4.0}, "track:modenhet|#1": {1: 3.0, 3: 5.0}}


def test_suppressed_parts_and_room_parts_give_no_value():
    room = {**scale_entry(1, [9.0, 9.0]), "municipality_id": None}
    assert trajectory_points([scale_entry(1, [1.0, 1.0], suppressed=True), room], {}) == {}


def test_two_gatherings_in_one_module_are_averaged():
    points = trajectory_points([scale_entry(1, [2.0, 2.0]), scale_entry(1, [3.0, 5.0])], {})
    assert [p["values"] for p in points.values()] == [{1: 2.5}, {1: 3.5}]


def test_choice_points_and_ranking_values():
    choice = {"activity_kind": "choice", "question": "Rolle?", "suppressed": False, "n": 4,
              "definition": {"question": "Rolle?", "options": ["A", "B"]},
              "result": {"respondents": 4, "counts": [3, 1]}}
    assert activity_values(choice) == [("a", "A", 75.0), ("b", "B", 25.0)]
    points = {"activity_kind": "points", "suppressed": False, "definition": {}, "result": {
        "options": [{"index": 0, "label": "Kultur", "sum": 120, "mean": 40.0},
                    {"index": 1, "label": "Data", "sum": 0, "mean": None}]}}
    assert activity_values(points) == [("kultur", "Kultur", 40.0)]
    ranking = {"activity_kind": "ranking", "suppressed": False, "definition": {"track": "b"},
               "result": {"options": [{"index": 1, "label": "Siloer", "mean_rank": 1.5}]}}
    assert activity_values(ranking) == [("#1", "Siloer", 1.5)]
    mapped = {"activity_kind": "mapping", "suppressed": False, "definition": {}, "result": {},
              "trajectory": [{"key": "gen3", "title": "Generasjon 3", "value": 2.4}]}
    assert activity_values(mapped) == [("gen3", "Generasjon 3", 2.4)]
    assert activity_values({"activity_kind": "wordcloud", "suppressed": False,
                            "result": {"words": []}}) == []


def test_prework_ratings_with_a_track_are_followed():
    forms = {m: {"questions": [{"key": "rustet", "type": "rating", "text": "Hvor rustet?",
                                "track": "rustet"},
                               {"key": "annet", "type": "rating", "text": "Annet", "track": None}]}
             for m in (1, 2)}

    def prework(module, values):
        return {"municipality_id": 3, "module": module, "stage": "forarbeid",
                "source": "prework", "payload": {"answers": {
                    "rustet": [{"value": v, "by": "leader"} for v in values],
                    "annet": [{"value": 1, "by": "coordinator"}]}}}

    points = trajectory_points([prework(1, [2, 4]), prework(2, [5])], forms)
    assert points == {"prework:rustet": {"title": "Hvor rustet?", "values": {1: 3.0, 2: 5.0}}}


def test_peer_median_is_suppressed_below_the_minimum_group():
    assert peer_median([], 3) is None
    assert peer_median([2.0, 4.0], 3) is None
    assert peer_median([2.0, 4.0, 9.0], 3) == 4.0
    assert peer_median([1.0, 2.0, 3.0, 4.0], 3) == 2.5


def test_peers_are_the_other_municipalities_without_ids():
    points = {3: {"k": {"title": "K", "values": {1: 1.0}}},
              4: {"k": {"title": "K", "values": {1: 2.0, 2: 3.0}}},
              5: {"k": {"title": "K", "values": {1: 4.0}}}}
    assert peers_for(points, 3) == {"values": {"k": {1: [2.0, 4.0], 2: [3.0]}}}


def test_trajectory_lines_need_two_modules_and_an_own_value():
    points = {"k": {"title": "K", "values": {1: 3.0, 2: 4.0}},
              "one-module": {"title": "O", "values": {1: 3.0}}}
    peers = {"values": {"k": {1: [1.0, 2.0, 6.0], 2: [5.0, 5.0]},
                        "theirs-only": {1: [1.0, 1.0, 1.0], 2: [2.0, 2.0, 2.0]}}}
    assert trajectory(points, peers, 3) == [
        {"key": "k", "title": "K", "per_module": {"1": 3.0, "2": 4.0},
         "programme_median": {"1": 2.0, "2": None}}]


def test_an_own_value_in_one_module_still_shows_when_peers_have_two():
    points = {"k": {"title": "K", "values": {2: 4.0}}}
    peers = {"values": {"k": {1: [1.0, 2.0, 3.0], 2: [4.0, 5.0, 6.0]}}}
    assert trajectory(points, peers, 3) == [
        {"key": "k", "title": "K", "per_module": {"1": None, "2": 4.0},
         "programme_median": {"1": 2.0, "2": 5.0}}]


def test_assemble_fills_the_trajectory_from_own_entries_and_peers():
    programme = {"id": 1, "name": "P", "min_group_size": 2}
    entries = [scale_entry(1, [2.0, 3.0]), scale_entry(2, [3.0, 3.0]),
               scale_entry(1, [6.0, 6.0], municipality_id=99)]  # never someone else's
    peers = {"values": {"scale:hvor godt passer utsagnene|vi deler data": {1: [4.0, 5.0],
                                                                          2: [1.0]}}}
    record = assemble(programme, {"id": 3, "name": "Sola"}, entries, {}, peers)
    assert record["trajectory"] == [
        {"key": "scale:hvor godt passer utsagnene|vi deler data",
         "title": "Hvor godt passer utsagnene? – Vi deler data",
         "per_module": {"1": 2.0, "2": 3.0}, "programme_median": {"1": 4.5, "2": None}},
        {"key": "scale:hvor godt passer utsagnene|vi eier det",
         "title": "Hvor godt passer utsagnene? – Vi eier det",
         "per_module": {"1": 3.0, "2": 3.0}, "programme_median": {"1": None, "2": None}}]


def test_normalise():
    assert normalise("  Hva  tar DU med deg? ") == "hva tar du med deg"
