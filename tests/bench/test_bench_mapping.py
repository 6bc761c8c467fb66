"""The mapping scenario of `facilitate bench` at CI size: 30 phones each save
30 ratings one by one; every rating is acknowledged once, the database holds
exactly those ratings and the projector shows the exact heatmap. (The 300-phone
figures are in docs/PERFORMANCE.md; timings on a shared CI machine are not
asserted here.)"""

import json
import subprocess
import sys

PHONES = 30


def test_thirty_phones_map_thirty_items_and_the_heatmap_is_exact(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "facilitate", "bench", "--phones", str(PHONES), "--modes",
         "gevent", "--scenarios", "mapping", "--no-baseline", "--json", str(out)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    [run] = report["runs"]
    assert (run["target"], run["scenario"], run["phones"]) == ("gevent", "mapping", PHONES)
    assert "fatal" not in run, run
    assert run["errors"]["total"] == 0, run["errors"]
    assert run["connect"]["connected"] == PHONES
    assert run["answers"]["sent"] == PHONES * 30
    assert run["answers"]["committed"] == PHONES * 30 and run["answers"]["acked_pct"] == 100
    assert run["projector"]["exact"] is True and run["projector"]["delay_ms"] is not None
    assert run["projector"]["expected"]["ratings"] == PHONES * 30
    assert run["stored_tally_exact"] is True
    assert isinstance(run["answers"]["ack_ms"]["p99"], int | float)
    verdicts = {v["target"]: v for v in report["targets"]}
    assert verdicts["mapping: exact heatmap on the projector <= 1 s after the last save"][
        "measured"].endswith(" ms")
    assert "| gevent | 30 | mapping |" in done.stdout
