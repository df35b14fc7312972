"""Deterministic dev/test split of the gold questions (about 60% dev, 40% test).

    python bench/gold/split.py               # give every question without a "split" field one
    python bench/gold/split.py --reassign    # recompute every split from the rule below
    python bench/gold/split.py --check       # exit 1 if a question lacks a split (writes nothing)

Rule, stratified by document and question type (systematic sampling):

* Questions that ask for the same fact (same ``doc``, same ``answers`` and same ``evidence``, e.g. a
  question and its accentless variant) form one unit and always land in the same split, so tuning
  on a dev question never reveals a test answer. Unanswerable questions are each their own unit.
* Units are grouped by (``doc``, ``type`` of the unit's question with the smallest id). The units
  are put in one list: documents in the order of the SHA-256 of their name, inside a document its
  (doc, type) groups in the order of the SHA-256 of the key, inside a group the units in the order
  of the SHA-256 of that smallest id. Walking the list, unit number ``k`` goes to ``test`` when
  ``floor((k + 1) * 0.4 + c)`` is larger than ``floor(k * 0.4 + c)`` (``c`` a fixed constant from a
  hash). Any contiguous run of ``n`` units gets ``floor`` or ``ceil`` of ``0.4 * n`` test units, so
  the file, every document and every (doc, type) group are split 60/40 up to rounding; a group of
  one question goes to test with probability 0.4 rather than always to dev.
* Splits are frozen once written: by default only questions without a ``split`` get one (from the
  rule applied to the whole file), so adding questions never moves an old test question into dev.
  ``--reassign`` recomputes every split from the rule.

The rule depends only on the records, not on the file order or the machine. Only the ``split``
field is added or replaced; every other field and the line order are kept byte for byte
(lines are re-serialised with ``json.dumps(..., ensure_ascii=False)``, the form they are written in).

``dev``: tune on it. ``test``: report only, never read while tuning.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
GOLD_FILES = ("report.jsonl", "realdocs.jsonl", "realdocs2.jsonl")
TEST_SHARE = 0.4
SPLITS = ("dev", "test")


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def _unit_key(record: dict) -> tuple:
    if not record.get("answerable", bool(record.get("answers"))):
        return ("noanswer", record["id"])
    return (record["doc"], tuple(record["answers"]), record["evidence"])


def assign_splits(records: list[dict]) -> dict[str, str]:
    """id -> "dev" | "test" for every record (see the module docstring for the rule)."""
    units: dict[tuple, list[dict]] = {}
    for r in records:
        units.setdefault(_unit_key(r), []).append(r)
    groups: dict[tuple[str, str], list[list[dict]]] = defaultdict(list)
    for members in units.values():
        members.sort(key=lambda r: r["id"])
        first = members[0]
        groups[(first["doc"], first["type"])].append(members)
    offset = (_hash("tracuu gold split") % 10_000) / 10_000
    # documents in hash order, each document's types in hash order, units in hash order: every
    # contiguous run (a document, a (document, type) group) gets 40% test units, rounded.
    group_order = sorted(groups, key=lambda key: (_hash(key[0]), _hash("|".join(key))))
    ordered = [members for key in group_order
               for members in sorted(groups[key], key=lambda members: _hash(members[0]["id"]))]
    splits: dict[str, str] = {}
    for k, members in enumerate(ordered):
        is_test = math.floor((k + 1) * TEST_SHARE + offset) > math.floor(k * TEST_SHARE + offset)
        for r in members:
            splits[r["id"]] = "test" if is_test else "dev"
    return splits


def split_lines(lines: list[str], reassign: bool = False) -> list[str]:
    """The JSONL lines with their "split" field set (kept where present unless ``reassign``);
    blank lines are kept as they are."""
    records = [json.loads(line) for line in lines if line.strip()]
    splits = assign_splits(records)
    out = []
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        record = json.loads(line)
        if reassign or record.get("split") not in SPLITS:
            record["split"] = splits[record["id"]]
        out.append(json.dumps(record, ensure_ascii=False))
    return out


def process(path: Path, check: bool, reassign: bool = False) -> bool:
    """Write (or, with ``check``, only compare) one file; True when it was already up to date."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    new_text = "\n".join(split_lines(lines, reassign and not check))
    if new_text == text:
        return True
    if not check:
        path.write_text(new_text, encoding="utf-8")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Gán tập dev/test cho các câu hỏi chuẩn (bench/gold).")
    parser.add_argument("files", nargs="*", type=Path, help=f"tệp JSONL (mặc định: {', '.join(GOLD_FILES)})")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi; mã thoát 1 nếu có câu thiếu split")
    parser.add_argument("--reassign", action="store_true", help="tính lại split của mọi câu theo quy tắc")
    args = parser.parse_args(argv)
    paths = args.files or [GOLD_DIR / name for name in GOLD_FILES]
    stale = []
    for path in paths:
        ok = process(path, args.check, args.reassign)
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        counts = {s: sum(r.get("split") == s for r in records) for s in SPLITS}
        state = "đúng" if ok else ("LỆCH" if args.check else "đã ghi")
        print(f"{path.name}: {len(records)} câu, dev {counts['dev']}, test {counts['test']} ({state})")
        if not ok:
            stale.append(path)
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
