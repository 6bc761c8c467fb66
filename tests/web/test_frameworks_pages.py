"""The admin lists and previews the capability frameworks; unverified
wording is marked as the programme's own."""

from support import log_in


def test_the_list_shows_every_shipped_framework(app, demo, client):
    log_in(client, demo)
    page = client.get("/frameworks").get_data(as_text=True)
    for key in ("capabilities-10-3", "di2x-generations", "dimios-style"):
        assert f'data-framework="{key}"' in page
    assert "Digital kapabilitet og digital arv" in page
    assert "versjon 2026.1" in page or "version 2026.1" in page


def test_a_preview_marks_the_programmes_own_wording(app, demo, client):
    log_in(client, demo)
    page = client.get("/frameworks/capabilities-10-3?lang=en").get_data(as_text=True)
    assert page.count('data-verified="true"') == 4
    assert page.count('data-verified="false"') == 9
    assert page.count("The programme's own wording") >= 9
    assert "Teknologisk fremsyn" in page and "data-own-wording" in page


def test_a_malformed_framework_is_shown_with_its_error(app, demo, client, tmp_path):
    folder = tmp_path / "sessions" / "frameworks"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('key = "broken"\nname = "B"\nversjon = "1"\n',
                                        encoding="utf-8")
    app.config["SESSIONS_DIR"] = str(tmp_path / "sessions")
    log_in(client, demo)
    listed = client.get("/frameworks").get_data(as_text=True)
    assert "line 3" in listed and "versjon" in listed and "data-framework-error" in listed
    shown = client.get("/frameworks/broken").get_data(as_text=True)
    assert "field &#39;versjon&#39;" in shown
