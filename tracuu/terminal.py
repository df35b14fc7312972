"""Readable Vietnamese terminal text of answers, figure traces and reference mentions: what
``tracuu ask`` and ``tracuu trace`` print without ``--json``, and ``tracuu refs KEY``."""

from __future__ import annotations

from collections.abc import Sequence

from index import Mention
from qa import Answer, Citation, TraceHit

QUOTE_WIDTH = 400  # longest quote shown before "…"


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_citation(c: Citation) -> str:
    where = f"{c.doc_number or c.doc}, trang {c.page}"
    if c.kind == "footnote":
        where += f", chú thích {c.footnotes[0].n}" if c.footnotes else ", chú thích"
    if c.section:
        where += f", mục {c.section}"
    lines = [f"  [{c.n}] {where}", f"      “{_short(c.quote)}”"]
    if c.kind == "body":
        lines += [f"      ↳ chú thích {f.n}: {_short(f.text, 200)}" for f in c.footnotes]
    if c.ocr:
        lines.append("      (văn bản nhận dạng từ ảnh quét, cần đối chiếu bản gốc)")
    return "\n".join(lines)


def render_answer(answer: Answer) -> str:
    lines = [f"Hỏi: {answer.question}", f"Trả lời: {answer.answer}"]
    if answer.citations:
        lines += ["Nguồn:"] + [render_citation(c) for c in answer.citations]
    if answer.abstained and answer.closest:
        lines += ["Các đoạn gần nhất (để tự kiểm tra):"] + [render_citation(c) for c in answer.closest]
    lines += [f"Lưu ý: {w}" for w in answer.warnings]
    mode = "LLM" if answer.mode == "llm" else "trích xuất"
    lines.append(f"({mode}, {answer.elapsed_ms:.0f} ms)")
    return "\n".join(lines)


def render_trace(hits: Sequence[TraceHit]) -> str:
    lines = [f"Tìm thấy {len(hits)} vị trí:"]
    for i, h in enumerate(hits, start=1):
        kind = f"chú thích {h.footnote}" if h.kind == "footnote" else "thân văn bản"
        section = f", mục {h.section}" if h.section else ""
        lines.append(f"{i}. {h.doc_number or h.doc}, trang {h.page}, {kind}{section}: “{_short(h.quote)}”")
        for c in h.linked:
            if c.kind == "footnote":
                lines.append(f"     ↳ chú thích {c.footnotes[0].n}: {_short(c.quote, 200)}")
            else:
                lines.append(f"     ↳ câu có dấu chú thích, trang {c.page}: “{_short(c.quote, 200)}”")
    return "\n".join(lines)


def render_mentions(mentions: Sequence[Mention]) -> str:
    lines = []
    for i, m in enumerate(mentions, start=1):
        ref = m.ref
        lines.append(f"{i}. {ref.raw.strip()} — {m.doc.number or m.doc.file_name}, trang {ref.page}")
        lines.append(f"     “{_short(ref.sentence, 300)}”")
    return "\n".join(lines)
