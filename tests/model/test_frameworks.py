"""Frameworks are data: the shipped ones load, and a malformed file is
refused with its file, line and field."""

import pytest

from facilitate.model.frameworks import (
    FrameworkError,
    check_snapshot,
    get_framework,
    list_frameworks,
    load_framework,
)

CONFIRMED = {"Digitalt visjonær", "Sluttkundefokus", "Økosystem-tankesett", "Teknologisk fremsyn"}


def test_capabilities_only_four_names_verified(sessions_dir):
    framework = load_framework(sessions_dir / "frameworks" / "capabilities-10-3.toml")
    items = framework["items"]
    assert len(items) == 13
    assert [i["dimension"] for i in items].count("leder") == 3
    assert {i["name"] for i in items if i["verified"]} == CONFIRMED
    assert all(i["note"] for i in items if not i["verified"])
    assert [a["key"] for a in framework["areas"]] == ["strategi", "teknologi", "organisasjon",
                                                      "ledelse"]


def test_generations_in_order(sessions_dir):
    framework = load_framework(sessions_dir / "frameworks" / "di2x-generations.toml")
    assert framework["kind"] == "levels"
    assert [i["number"] for i in framework["items"]] == [1, 2, 3, 4, 5, 6]
    assert not any(i["verified"] for i in framework["items"])
    assert framework["radar"] == "items"
    assert framework["scale"] == {"points": 6, "dont_know": True, "labels": [
        "Passer ikke i det hele tatt", "", "", "", "", "Passer helt"]}


def test_the_dimios_style_set_is_the_programmes_own_wording(sessions_dir):
    framework = load_framework(sessions_dir / "frameworks" / "dimios-style.toml")
    assert len(framework["items"]) == 30
    assert not any(item["verified"] for item in framework["items"])
    assert [d["key"] for d in framework["dimensions"]] == ["kapabilitet", "arv"]
    assert len(framework["areas"]) == 6
    assert {a["dimension"] for a in framework["areas"][:3]} == {"kapabilitet"}
    assert {a["dimension"] for a in framework["areas"][3:]} == {"arv"}
    assert sorted(t["key"] for t in framework["grid"]["types"]) == ["A", "B", "C", "D"]
    assert framework["weakest"] == 3
    assert "Programmets egne formuleringer" in framework["licence"]
    assert "ikke undersøkelsens tekst" in framework["source"].lower()


def test_every_shipped_framework_names_version_language_source_and_licence(sessions_dir):
    listed = list_frameworks(sessions_dir / "frameworks")
    assert [f["key"] for f in listed] == ["capabilities-10-3", "di2x-generations",
                                          "dimios-style"]
    for framework in listed:
        assert "error" not in framework
        for field in ("name", "version", "language", "source", "licence"):
            assert framework[field], (framework["key"], field)


GOOD = """key = "f"
name = "F"
version = "1"
language = "nb"
kind = "capabilities"
source = "Kilde"
licence = "Fri"

[scale]
points = 4
labels = ["Lav", "", "", "Høy"]

[[areas]]
key = "a"
name = "A"

[[items]]
key = "x"
name = "X"
area = "a"
verified = false
"""


def write(tmp_path, text, name="f.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path, text, name="f.toml") -> str:
    path = write(tmp_path, text, name)
    with pytest.raises(FrameworkError) as error:
        load_framework(path)
    return str(error.value).replace(str(path), "f.toml")


def test_a_good_file_loads_with_defaults(tmp_path):
    framework = load_framework(write(tmp_path, GOOD))
    assert framework["items"] == [{"key": "x", "name": "X", "text": "X", "description": "",
                                   "area": "a", "dimension": "", "verified": False,
                                   "note": ""}]
    assert framework["areas"][0]["code"] == "A"
    assert framework["scale"]["dont_know"] is False
    assert framework["grid"] is None and framework["weakest"] == 0
    assert framework["prompt"]


def test_missing_verified_flag(tmp_path):
    text = GOOD.replace("verified = false\n", "")
    assert refused(tmp_path, text) == (
        "f.toml, line 17, item 1, field 'verified': is required and must be true or false")


def test_unknown_area_names_the_item_line_and_field(tmp_path):
    text = GOOD.replace('area = "a"', 'area = "b"')
    assert refused(tmp_path, text) == (
        "f.toml, line 20, item 1, field 'area': must be one of a, not 'b'")


def test_labels_must_match_the_points(tmp_path):
    text = GOOD.replace('labels = ["Lav", "", "", "Høy"]', 'labels = ["Lav", "Høy"]')
    assert refused(tmp_path, text) == (
        "f.toml, line 11, field 'scale.labels': must be a list of 4 texts, one per point "
        "(\"\" for a point without a label)")


def test_a_typo_is_refused_with_a_hint(tmp_path):
    text = GOOD.replace('licence = "Fri"', 'license = "Fri"')
    assert refused(tmp_path, text) == (
        "f.toml, line 7, field 'license': unknown key 'license' (did you mean 'licence'?)")


def test_the_key_must_match_the_file_name(tmp_path):
    assert refused(tmp_path, GOOD, "other.toml") == (
        "f.toml, line 1, field 'key': must match the file name: 'other'")


def test_duplicate_item_keys(tmp_path):
    text = GOOD + '\n[[items]]\nkey = "x"\nname = "Y"\narea = "a"\nverified = true\n'
    assert refused(tmp_path, text) == "f.toml, line 24, item 2, field 'key': duplicate key 'x'"


def test_a_second_area_without_items_names_its_line(tmp_path):
    text = GOOD.replace('[[items]]', '[[areas]]\nkey = "b"\nname = "B"\n\n[[items]]')
    assert refused(tmp_path, text) == (
        "f.toml, line 18, field 'areas[1].key': area 'b' has no items")


def test_toml_syntax_errors_name_the_line(tmp_path):
    message = refused(tmp_path, GOOD.replace('name = "X"', 'name = "X'))
    assert message.startswith("f.toml, line 19: TOML syntax error")


def test_grid_needs_four_corners_over_two_dimensions(tmp_path):
    text = GOOD.replace("[[areas]]", '[[dimensions]]\nkey = "d1"\nname = "D1"\n\n'
                        '[[dimensions]]\nkey = "d2"\nname = "D2"\n\n[[areas]]') + (
        '\n[grid]\nx = "d1"\ny = "d1"\n')
    assert "field 'grid.y': must be another dimension than x" in refused(tmp_path, text)


def test_levels_are_numbered_in_order(tmp_path):
    text = GOOD.replace('kind = "capabilities"', 'kind = "levels"').replace(
        "verified = false", "verified = false\nnumber = 2")
    assert "item 1, field 'number': levels are numbered 1, 2, 3, ... in order; expected 1" in \
        refused(tmp_path, text)


def test_get_framework_finds_by_key_and_lists_malformed_files(tmp_path):
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace('key = "f"', 'key = "g"').replace("version", "versjon"),
          "g.toml")
    assert get_framework(tmp_path, "f")["key"] == "f"
    assert get_framework(tmp_path, "nope") is None
    assert get_framework(tmp_path, "../f") is None
    listed = list_frameworks(tmp_path)
    assert listed[0]["key"] == "f" and "error" not in listed[0]
    assert listed[1]["key"] == "g" and "unknown key 'versjon'" in listed[1]["error"]


def test_a_snapshot_is_checked_by_the_same_rules(sessions_dir):
    framework = load_framework(sessions_dir / "frameworks" / "dimios-style.toml")
    copy = {k: v for k, v in framework.items() if k != "path"}
    assert check_snapshot(copy) == copy
    with pytest.raises(FrameworkError) as error:
        check_snapshot({**copy, "scale": {**copy["scale"], "points": 1}})
    assert error.value.field == "scale.points"
