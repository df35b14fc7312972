"""Learns the weights of the answer features (qa/features.py) from the dev split of bench/gold and
writes them, with the abstention threshold, to qa/weights.json.

    python bench/learn_weights.py [--index-dir DIR] [--groups report,realdocs,realdocs2] [--l2 0.5] [--dry-run]

Only dev questions are read: the test split is for reporting (bench/quality.py --split test).

1. Every dev question goes through the Answerer's reading path (``Answerer.candidates``: scope,
   hybrid search, passages, the rule reader); each candidate comes with its named features. A
   candidate is *right* when its short answer holds a gold answer (bench/quality.py's
   ``contains_expected``) and it is of the asked type (``fits``).
2. Weights: pairwise logistic regression. For every answerable question with right and wrong
   candidates, each (right, wrong) pair should be ordered: minimise the mean of
   ``log(1 + exp(-w·(f_right - f_wrong)))`` plus ``l2 * |w - w_hand|²`` (the hand-set weights of
   qa.features are the prior, so a feature the dev set says little about keeps its hand weight).
3. Threshold: ``min_score`` is chosen on the dev questions' best candidates under the learned
   weights to maximise right answers + right abstentions - 2 x wrong answers (a wrong figure is
   worse than no answer).

Prints, for the hand and the learned table: dev questions whose best candidate is right, and the
answer / abstain / wrong counts at the chosen threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT_DIR, REPO_ROOT  # noqa: E402
from quality import GOLD_FILES, build_index, contains_expected, gold_questions  # noqa: E402

sys.path.insert(0, str(REPO_ROOT))
from qa import Answerer  # noqa: E402
from qa.features import FEATURES, WEIGHTS_FILE, hand_weights  # noqa: E402
from tracuu.settings import get_settings  # noqa: E402

NAMES = list(FEATURES)
WRONG_PER_QUESTION = 30  # wrong candidates paired with each right one (the best-scored under hand weights)
WRONG_ANSWER_COST = 2.0  # a wrong answer costs twice what a right one earns


@dataclass
class Question:
    id: str
    answerable: bool
    features: np.ndarray  # candidates x features
    right: np.ndarray  # bool per candidate
    fits: np.ndarray  # bool per candidate


def collect(answerer: Answerer, questions: list[dict]) -> list[Question]:
    out = []
    for i, q in enumerate(questions, 1):
        found = answerer.candidates(q["question"])
        if not found:
            continue  # answered from metadata, references or a trace: no reader candidates
        rows = np.array([[x.features.get(n, 0.0) for n in NAMES] for x in found])
        right = np.array([x.fits and any(contains_expected(x.answer, a) for a in q["answers"]) for x in found])
        out.append(Question(q["id"], q["answerable"], rows, right, np.array([x.fits for x in found])))
        print(f"[{i}/{len(questions)}] {q['id']}: {len(found)} ứng viên, {int(right.sum())} đúng", flush=True)
    return out


def pairs(questions: list[Question], prior: np.ndarray) -> np.ndarray:
    """Feature differences right - wrong over every question's pairs."""
    diffs = []
    for q in questions:
        if not q.answerable or not q.right.any() or q.right.all():
            continue
        wrong = q.features[~q.right]
        wrong = wrong[np.argsort(-(wrong @ prior))[:WRONG_PER_QUESTION]]
        for good in q.features[q.right]:
            diffs.append(good - wrong)
    return np.vstack(diffs) if diffs else np.zeros((0, len(NAMES)))


def learn(diffs: np.ndarray, prior: np.ndarray, l2: float) -> np.ndarray:
    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = diffs @ w
        value = np.logaddexp(0.0, -margin).mean() + l2 * np.sum((w - prior) ** 2)
        grad = -(diffs * (1 / (1 + np.exp(margin)))[:, None]).mean(axis=0) + 2 * l2 * (w - prior)
        return value, grad

    return minimize(loss, prior, jac=True, method="L-BFGS-B").x


def outcomes(questions: list[Question], w: np.ndarray, threshold: float) -> dict[str, int]:
    """Right / wrong answers and right / wrong abstentions of the best candidate at ``threshold``."""
    counts = {"right": 0, "wrong": 0, "abstained_right": 0, "abstained_wrong": 0, "best_right": 0}
    for q in questions:
        scores = q.features @ w
        best = int(np.argmax(scores))
        counts["best_right"] += bool(q.right[best])
        answers = q.fits[best] and scores[best] >= threshold
        if answers:
            counts["right" if q.right[best] else "wrong"] += 1
        else:
            counts["abstained_right" if not q.answerable else "abstained_wrong"] += 1
    return counts


def utility(c: dict[str, int]) -> float:
    return c["right"] + c["abstained_right"] - WRONG_ANSWER_COST * c["wrong"]


def choose_threshold(questions: list[Question], w: np.ndarray) -> float:
    """The threshold of best utility among the best candidates' scores (midpoints between them)."""
    tops = sorted({float(np.max(q.features @ w)) for q in questions})
    cuts = [tops[0] - 0.01] + [(a + b) / 2 for a, b in zip(tops, tops[1:])] + [tops[-1] + 0.01]
    return max(cuts, key=lambda t: (utility(outcomes(questions, w, t)), -abs(t)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Học trọng số đặc trưng trả lời (qa/weights.json) từ tập dev.")
    parser.add_argument("--index-dir", type=Path, default=OUT_DIR / "index", help="thư mục chỉ mục (như bench/quality.py)")
    parser.add_argument("--groups", default=",".join(GOLD_FILES), help="các bộ câu hỏi, cách nhau bởi dấu phẩy")
    parser.add_argument("--l2", type=float, default=0.5, help="độ kéo về trọng số đặt tay")
    parser.add_argument("--dry-run", action="store_true", help="chỉ in kết quả, không ghi qa/weights.json")
    args = parser.parse_args(argv)

    settings = get_settings(index_dir=args.index_dir)
    index, _ = build_index(settings, set(args.groups.split(",")))
    try:
        questions = collect(Answerer(index, settings), gold_questions(set(args.groups.split(",")), "dev"))
    finally:
        index.close()
    prior = np.array([hand_weights()[n] for n in NAMES])
    diffs = pairs(questions, prior)
    learned = learn(diffs, prior, args.l2)
    threshold = choose_threshold(questions, learned)
    print(f"\n{len(questions)} câu dev có ứng viên, {len(diffs)} cặp đúng-sai")
    for name, w, t in (("đặt tay", prior, choose_threshold(questions, prior)), ("học", learned, threshold)):
        print(f"{name}: ngưỡng {t:.3f}, {outcomes(questions, w, t)}, lợi ích {utility(outcomes(questions, w, t)):.0f}")
    print("\n".join(f"  {n:18s} {p:+.3f} -> {x:+.3f}" for n, p, x in zip(NAMES, prior, learned)))
    if not args.dry_run:
        table = {
            "learned_by": "bench/learn_weights.py",
            "l2": args.l2,
            "dev_questions": len(questions),
            "pairs": len(diffs),
            "min_score": round(threshold, 4),
            "weights": {n: round(float(x), 4) for n, x in zip(NAMES, learned)},
        }
        WEIGHTS_FILE.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"Đã ghi {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
