"""The CI-sized breakout benchmark: `facilitate bench --scenarios board` with
50 phones in 25 mixed groups; every note and dot acknowledged, every note
reaches every other member of its group, and no update reaches a phone
outside its group. docs/PERFORMANCE.md has the 300-phone figures."""

import json
import subprocess
import sys

PHONES = 50


def test_a_small_breakout_delivers_every_note_to_its_group_and_nowhere_else(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "facilitate", "bench", "--phones", str(PHONES), "--modes", "gevent",
         "--scenarios", "board", "--no-baseline", "--json", str(out)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr

    [run] = json.loads(out.read_text())["runs"]
    assert "fatal" not in run, run
    assert run["errors"]["total"] == 0, run["errors"]
    board = run["board"]
    assert board["groups"] == 25 and board["group_sizes"]["max"] == 2
    assert board["notes_posted"] == PHONES * 5
    assert board["deliveries"] == board["expected_deliveries"] == PHONES * 5  # one other member
    assert board["leaks"] == 0
    assert isinstance(board["delivery_ms"]["p99"], int | float)
    # Every note and every one of the 5 votes acknowledged, each stored once.
    assert run["answers"]["acked_pct"] == 100
    assert run["answers"]["committed"] == PHONES * 10
    assert "| gevent | 50 | board |" in done.stdout
