"""Learns the weights of the answer features (qa/features.py) from the dev split of bench/gold and
writes them, with the abstention threshold, to qa/weights.json.

    python bench/learn_weights.py [--index-dir DIR] [--groups report,realdocs,realdocs2] [--l2 L2] [--dry-run]

Only dev questions are read: the test split is for reporting (bench/quality.py --split test).

1. Every dev question goes through the Answerer's reading path (``Answerer.candidates``: scope,
   hybrid search, passages, the rule reader); each candidate comes with its named features. A
   candidate is *right* when its short answer holds a gold answer (bench/quality.py's
   ``contains_expected``) and it is of the asked type (``fits``).
2. Weights: listwise logistic regression. For every answerable question with a right candidate,
   the softmax over its candidates' scores ``w·f`` should put its mass on the right ones: minimise
   the mean of ``-log P(right)`` plus ``l2 * |w - w_hand|²`` (the hand-set weights of qa.features
   are the prior, so a feature the dev set says little about keeps its hand weight).
   The strength ``l2`` is chosen by 5-fold cross-validation on the dev questions (right best
   candidates on the held-out folds); a large value keeps the hand weights.
3. Threshold: ``min_score`` is chosen on the dev questions' best candidates under the learned
   weights to maximise right answers + right abstentions - 0.5 x wrong answers (a wrong figure is
   worse than no answer, an abstention on an answerable question is no answer either).

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
from qa.features import FEATURES, HAND_MIN_SCORE, WEIGHTS_FILE, hand_weights  # noqa: E402
from tracuu.settings import get_settings  # noqa: E402

NAMES = list(FEATURES)
# A wrong answer costs half what a right one earns: worse than no answer (the mission), while an
# abstention on an answerable question is no answer either (the abstention-precision goal).
WRONG_ANSWER_COST = 0.5
L2_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 100.0)
FOLDS = 5


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


def save(path: Path, questions: list[Question]) -> None:
    arrays = {}
    for i, q in enumerate(questions):
        arrays[f"f{i}"], arrays[f"r{i}"], arrays[f"t{i}"] = q.features, q.right, q.fits
    meta = np.array([[q.id, str(q.answerable)] for q in questions])
    np.savez(path, meta=meta, names=np.array(NAMES), **arrays)


def load(path: Path) -> list[Question]:
    data = np.load(path)
    if list(data["names"]) != NAMES:
        sys.exit(f"{path}: đặc trưng đã đổi, hãy thu lại ứng viên (xoá tệp này)")
    return [
        Question(qid, answerable == "True", data[f"f{i}"], data[f"r{i}"], data[f"t{i}"])
        for i, (qid, answerable) in enumerate(data["meta"])
    ]


def learn(questions: list[Question], prior: np.ndarray, l2: float) -> np.ndarray:
    """Weights maximising, over the answerable dev questions that have a right candidate, the
    softmax probability of the right candidates among all of the question's candidates (a listwise
    loss: it rewards putting a right one first), plus ``l2 * |w - prior|²``."""
    usable = [q for q in questions if q.answerable and q.right.any()]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = l2 * np.sum((w - prior) ** 2), 2 * l2 * (w - prior)
        for q in usable:
            scores = q.features @ w
            p = np.exp(scores - scores.max())
            p /= p.sum()
            p_right = p[q.right].sum()
            value -= np.log(p_right) / len(usable)
            # d(-log sum_right p)/dw = E_all[f] - E_right[f]
            grad += (p @ q.features - (p[q.right] @ q.features[q.right]) / p_right) / len(usable)
        return value, grad

    return minimize(loss, prior, jac=True, method="L-BFGS-B").x


def cross_validate(questions: list[Question], prior: np.ndarray) -> float:
    """The l2 of L2_GRID whose weights put a right candidate first on most held-out questions."""
    folds = [questions[i::FOLDS] for i in range(FOLDS)]

    def held_out_right(l2: float) -> int:
        total = 0
        for k, fold in enumerate(folds):
            train = [q for j, f in enumerate(folds) if j != k for q in f]
            w = learn(train, prior, l2)
            total += sum(bool(q.right[int(np.argmax(q.features @ w))]) for q in fold)
        print(f"  l2 {l2:g}: {total} câu có ứng viên đầu đúng (kiểm chéo)", flush=True)
        return total

    return max(L2_GRID, key=lambda l2: (held_out_right(l2), l2))


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
    parser.add_argument("--l2", type=float, default=None, help="độ kéo về trọng số đặt tay (mặc định: chọn bằng kiểm chéo)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ in kết quả, không ghi qa/weights.json")
    parser.add_argument("--cache", type=Path, default=None, help="tệp .npz lưu/đọc lại ứng viên đã thu (bỏ qua bước hỏi)")
    args = parser.parse_args(argv)

    if args.cache and args.cache.exists():
        questions = load(args.cache)
    else:
        settings = get_settings(index_dir=args.index_dir)
        index, _ = build_index(settings, set(args.groups.split(",")))
        try:
            questions = collect(Answerer(index, settings), gold_questions(set(args.groups.split(",")), "dev"))
        finally:
            index.close()
        if args.cache:
            save(args.cache, questions)
    prior = np.array([hand_weights()[n] for n in NAMES])
    l2 = args.l2 if args.l2 is not None else cross_validate(questions, prior)
    learned = learn(questions, prior, l2)
    threshold = choose_threshold(questions, learned)
    print(f"\n{len(questions)} câu dev có ứng viên")
    reachable = sum(bool(q.right.any()) for q in questions)
    print(f"{reachable} câu có ứng viên đúng; ngưỡng đặt tay {HAND_MIN_SCORE}: {outcomes(questions, prior, HAND_MIN_SCORE)}")
    for name, w, t in (("đặt tay", prior, choose_threshold(questions, prior)), ("học", learned, threshold)):
        print(f"{name}: ngưỡng {t:.3f}, {outcomes(questions, w, t)}, lợi ích {utility(outcomes(questions, w, t)):.0f}")
    print("\n".join(f"  {n:18s} {p:+.3f} -> {x:+.3f}" for n, p, x in zip(NAMES, prior, learned)))
    if not args.dry_run:
        table = {
            "learned_by": "bench/learn_weights.py",
            "l2": l2,
            "dev_questions": len(questions),
            "min_score": round(threshold, 4),
            "weights": {n: round(float(x), 4) for n, x in zip(NAMES, learned)},
        }
        WEIGHTS_FILE.write_text(json.dumps(table, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"Đã ghi {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
