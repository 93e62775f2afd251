"""The load test (`eval/loadtest.py`) end to end at a small size: real websocket sessions against
a real `streamlit run`, a `kb add` in the middle; every answer arrives and the add succeeds.
Its latencies are reported, not asserted (README, "Under load")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


def test_load_test_with_an_add_in_the_middle(tmp_path):
    doc = tmp_path / "考勤规定.txt"
    doc.write_text("外包人员考勤规定\n第一条 外包人员应当按时打卡。\n第二条 迟到三次以上的，通报批评。\n"
                   "第三条 请假须提前一天书面申请。\n", encoding="utf-8")
    out = tmp_path / "load.json"
    p = subprocess.run([sys.executable, str(ROOT / "eval" / "loadtest.py"), "--start-server",
                        "--users", "1,3", "--questions-per-user", "2", "--add-midway", str(doc),
                        "--max-seconds", "240", "--out", str(out)],
                       capture_output=True, text=True, timeout=400)
    assert p.returncode == 0, p.stderr[-2000:]
    levels = json.loads(out.read_text())["levels"]
    assert [lv["users"] for lv in levels] == [1, 3]
    for lv in levels:
        assert lv["errors"] == 0, lv["first_errors"]
        assert lv["answers"] >= 2 * lv["users"] and lv["add"]["exit"] == 0, lv
