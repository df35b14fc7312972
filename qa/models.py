"""Answer and citation: one definition for the CLI JSON and the UI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

AnswerType = Literal["quantity", "date", "document", "provision", "who", "list", "yesno", "figure", "other"]


@dataclass(frozen=True)
class FootnoteRef:
    n: int
    text: str


@dataclass(frozen=True)
class Citation:
    n: int  # the [n] marker used in the answer
    doc: str  # file name
    doc_id: str
    doc_number: str | None
    title: str | None
    page: int
    section: str
    quote: str  # exact text from Page.text[start:end] (body) or the footnote text (footnote)
    start: int  # offsets into the page text (body) or into the footnote text (kind == "footnote")
    end: int
    footnotes: tuple[FootnoteRef, ...] = ()
    kind: Literal["body", "footnote"] = "body"
    ocr: bool = False


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # short answer with [n] markers, or the abstention message
    abstained: bool
    answer_type: AnswerType
    citations: tuple[Citation, ...] = ()
    elapsed_ms: float = 0.0
    closest: tuple[Citation, ...] = ()  # when abstaining: the closest passages, for the reader to check
    warnings: tuple[str, ...] = ()  # e.g. LLM sentences dropped because a number was unsupported
    mode: Literal["extractive", "llm"] = "extractive"

    def to_json_dict(self) -> dict:
        """The CLI contract: question, answer, abstained, answer_type, citations[...], elapsed_ms (+ extras)."""
        d = asdict(self)
        for c in d["citations"] + d["closest"]:
            c["footnotes"] = [dict(f) for f in c["footnotes"]]
        d["citations"] = list(d["citations"])
        d["closest"] = list(d["closest"])
        d["warnings"] = list(d["warnings"])
        return d


NO_ANSWER = "Không tìm thấy thông tin trong tài liệu"
