import pytest

from facilitate.model.frameworks import FrameworkError, load_framework

CONFIRMED = {"Digitalt visjonær", "Sluttkundefokus", "Økosystem-tankesett", "Teknologisk fremsyn"}


def test_capabilities_only_four_names_verified(sessions_dir):
    framework = load_framework(sessions_dir / "frameworks" / "capabilities-10-3.toml")
    items = framework["items"]
    assert len(items) == 13
    assert [i["group"] for i in items].count("leader") == 3
    assert {i["name"] for i in items if i["verified"]} == CONFIRMED
    assert all(i["note"] for i in items if not i["verified"])


def test_generations_in_order(sessions_dir):
    framework = load_framework(sessions_dir / "frameworks" / "di2x-generations.toml")
    assert framework["kind"] == "levels"
    assert [i["number"] for i in framework["items"]] == [1, 2, 3, 4, 5, 6]
    assert not any(i["verified"] for i in framework["items"])


def test_missing_verified_flag(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text(
        'key = "f"\ntitle = "F"\nkind = "capabilities"\n\n[[items]]\nkey = "a"\nname = "A"\n',
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError) as error:
        load_framework(path)
    assert str(error.value) == (
        f"{path}, line 5, item 1, field 'verified': is required and must be true or false"
    )
