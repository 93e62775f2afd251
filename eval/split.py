"""Split eval/questions.jsonl into eval/tune.jsonl and eval/holdout.jsonl.

Stratified by "kind": for each kind, ceil(45%) of its questions, drawn with
random.Random(20261124), go to holdout; the rest go to tune. Both files keep
the original line order. Run from the repository root: python3 eval/split.py
"""

import json
import math
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261124
HOLDOUT_SHARE = 0.45


def main():
    text = (HERE / "questions.jsonl").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    by_kind = defaultdict(list)
    for i, line in enumerate(lines):
        by_kind[json.loads(line)["kind"]].append(i)
    rng = random.Random(SEED)
    holdout = set()
    for kind in sorted(by_kind):
        idx = by_kind[kind]
        holdout.update(rng.sample(idx, math.ceil(HOLDOUT_SHARE * len(idx))))
    tune = [line for i, line in enumerate(lines) if i not in holdout]
    hold = [line for i, line in enumerate(lines) if i in holdout]
    (HERE / "tune.jsonl").write_text("".join(line + "\n" for line in tune), encoding="utf-8")
    (HERE / "holdout.jsonl").write_text("".join(line + "\n" for line in hold), encoding="utf-8")
    print(f"tune {len(tune)}, holdout {len(hold)}")


if __name__ == "__main__":
    main()
