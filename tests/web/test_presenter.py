"""The projector page and the QR codes it shows."""

import json
import re

from facilitate.activities import KINDS


def projector_url(demo, **extra) -> str:
    gathering = demo["gathering"]
    query = "&".join(f"{k}={v}" for k, v in {"key": gathering["presenter_key"], **extra}.items())
    return f"/p/{gathering['code']}?{query}"


def test_projector_shows_the_code_and_the_qr(client, demo):
    code = demo["gathering"]["code"]
    response = client.get(projector_url(demo))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<div class="code" data-join-code>{code}</div>' in page
    assert f'<img src="/j/{code}/qr.svg"' in page
    assert "localhost/j" in page
    assert demo["gathering"]["title"] in page
    assert "data-municipality-qrs" not in page


def test_projector_with_a_wrong_key_is_404(client, demo):
    code = demo["gathering"]["code"]
    wrong = client.get(f"/p/{code}?key=guess")
    assert wrong.status_code == 404
    assert code not in wrong.get_data(as_text=True)
    assert client.get(f"/p/{code}?key=").status_code == 404


def test_projector_without_a_key_is_404(client, demo):
    assert client.get(f"/p/{demo['gathering']['code']}").status_code == 404


def test_projector_key_of_another_gathering_is_404(client, demo, db):
    other = list(db.query("SELECT * FROM gatherings WHERE id != ?", [demo["gathering"]["id"]]))[0]
    response = client.get(f"/p/{demo['gathering']['code']}?key={other['presenter_key']}")
    assert response.status_code == 404


def test_projector_with_an_unknown_code_is_404(client, demo):
    key = demo["gathering"]["presenter_key"]
    assert client.get(f"/p/ZZZZZZ?key={key}").status_code == 404


def test_qr_is_an_svg_image(client, demo):
    response = client.get(f"/j/{demo['gathering']['code']}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "<svg" in response.get_data(as_text=True)


def test_qr_for_a_municipality_differs_from_the_plain_one(client, demo):
    code = demo["gathering"]["code"]
    plain = client.get(f"/j/{code}/qr.svg")
    sola = client.get(f"/j/{code}/qr.svg?m=sola")
    assert sola.status_code == 200
    assert sola.mimetype == "image/svg+xml"
    assert "<svg" in sola.get_data(as_text=True)
    assert sola.get_data() != plain.get_data()


def test_qr_with_an_unknown_municipality_is_404(client, demo):
    assert client.get(f"/j/{demo['gathering']['code']}/qr.svg?m=oslo").status_code == 404


def test_qr_with_a_municipality_of_another_gathering_is_404(client, demo, db):
    members = {m["slug"] for m in demo["municipalities"]}
    outside = next(m["slug"] for m in db.query("SELECT slug FROM municipalities")
                   if m["slug"] not in members)
    response = client.get(f"/j/{demo['gathering']['code']}/qr.svg?m={outside}")
    assert response.status_code == 404


def test_qr_for_an_unknown_code_is_404(client, demo):
    assert client.get("/j/ZZZZZZ/qr.svg").status_code == 404


def test_one_qr_per_municipality(client, demo):
    code = demo["gathering"]["code"]
    page = client.get(projector_url(demo, qr="municipalities")).get_data(as_text=True)
    sources = re.findall(rf'<img src="(/j/{code}/qr\.svg\?m=[a-z0-9-]+)"', page)
    assert len(sources) == len(demo["municipalities"]) == 8
    assert sorted(sources) == sorted(f"/j/{code}/qr.svg?m={m['slug']}"
                                     for m in demo["municipalities"])
    for municipality in demo["municipalities"]:
        assert f"<figcaption>{municipality['name']}</figcaption>" in page
    for source in sources:
        assert client.get(source).status_code == 200


def test_pages_use_the_configured_socket_transports(app, demo):
    app.config["SOCKET_TRANSPORTS"] = "websocket"
    gathering = demo["gathering"]
    page = app.test_client().get(f"/p/{gathering['code']}?key={gathering['presenter_key']}")
    html = page.get_data(as_text=True)
    block = html.split('<script type="application/json" id="live-config">', 1)[1]
    config = json.loads(block.split("</script>", 1)[0])
    assert config["transports"] == ["websocket"]
    # Every activity kind's module is named with a version stamp, and is served.
    assert set(config["kinds"]) == set(KINDS)
    for kind in config["kinds"].values():
        assert "?v=" in kind["module"]
        served = app.test_client().get(kind["module"])
        assert served.status_code == 200
        served.close()
