"""``Answerer``: question -> cited short answer, or an abstention with the closest passages.

Flow: analyse the question; a bare figure is traced; a document question is answered from the
stored references; otherwise hybrid search, then sentence/span extraction over the hit
passages (body sentences and footnote texts, plus the footnotes linked to every hit).
Every number in the final answer is checked against its cited quotes; a failed check abstains.
With ``settings.llm_base_url`` set, an LLM rewrites the answer from the same numbered
passages and its reply is checked the same way; any failure keeps the extractive answer.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from index import Index
from index.models import DocumentInfo, Hit, SearchFilters
from ingest.models import Footnote
from qa.about import answer_about, asked_about, named_after_type
from qa.analyze import QuestionInfo, analyze, asks_standard, described_type, names_only_as_source
from qa.cite import Sources
from qa.documents import answer_document, answer_document_date
from qa.extract import BLOCK_MAX, Extraction, Passage, lead_of
from qa.features import min_score
from qa.llm import LlmError, ask_llm
from qa.models import NO_ANSWER, Answer, Citation
from tracuu.vn.sentences import Sentence, split_sentences
from qa.reader import make_reader, make_reranker
from qa.scope import named_scope, unknown_references
from qa.trace import trace_in
from qa.verify import UnsupportedNumberError, check_numbers
from tracuu.settings import Settings
from tracuu.vn.accents import AccentModel

CLOSEST = 3  # passages shown with an abstention
LEAD_REACH = 12  # sentences back from a chunk's first list item to its lead
# What a question may ask of the best hit's document without naming its type (qa.about kinds).
ANY_TYPE = ("signer", "effective", "until")
ACCENT_SAMPLE = 20_000  # chunks read to learn how the library writes its words (tracuu.vn.accents)
DEFINITION_HITS = 2  # passages added for a definition question, found by "<term> là"
READ_LIMIT = 5  # candidates the reader returns (the best answers, the closest sentences, the LLM's evidence)
TRACE_CITED = 8  # occurrences cited in a bare-figure answer (``trace_figure`` lists them all)
_CITE_RE = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class _PagePiece:
    """``passage.text[at : at + length] == page text[start : start + length]`` of ``page``."""

    page: int
    start: int
    at: int
    length: int


@dataclass(frozen=True)
class _Origin:
    """Where a passage came from, to turn a chosen sentence into citations."""

    doc: DocumentInfo
    page: int
    note: Footnote | None  # set for a footnote passage
    ocr: bool = False
    pieces: tuple[_PagePiece, ...] = ()  # set when the passage joins a sentence cut by a page break


def _across_breaks(
    page: int,
    text: str,
    sentences: tuple[Sentence, ...],
    inside: tuple[Sentence, ...],
    lead: Sentence | None,
    before: tuple[Sentence, Sentence] | None,
    after: tuple[Sentence, Sentence] | None,
    items: Sentence | None = None,
) -> tuple[str, tuple[Sentence, ...], Sentence | None, tuple[_PagePiece, ...]]:
    """A page's passage with the sentences its page breaks cut made whole: the previous page's last
    sentence (``before``, from ``Sources.straddling``) joined to the page's first, the next page's
    first (``after``) to its last ("… tốc độ tăng … (GRDP) đạt" | page break | "6,33%, trong đó: …").
    ``items``: the list items the next page opens with when this page ends with their lead
    (``Sources.items_after``), written after the page's text to complete an answer block (no
    candidates of their own: that page's passage reads them). Returns the passage text, its sentences
    and lead in its offsets, and where each page's piece lies."""
    last = bool(inside) and inside[-1] == sentences[-1]
    prefix = before[0].text if before and inside and inside[0] == sentences[0] else ""
    written_after = after[1] if after and last else items if items is not None and last else None
    suffix = written_after.text if written_after is not None else ""
    if not prefix and not suffix:
        return text, inside, lead, ()
    shift = len(prefix) + 1 if prefix else 0
    joined = f"{prefix}\n" * bool(prefix) + text + f"\n{suffix}" * bool(suffix)
    moved = [Sentence(s.text, s.start + shift, s.end + shift) for s in inside]
    if prefix:
        moved[0] = Sentence(joined[: moved[0].end], 0, moved[0].end)
    if suffix and written_after is not items:  # one sentence across the break
        moved[-1] = Sentence(joined[moved[-1].start :], moved[-1].start, len(joined))
    pieces = [_PagePiece(page - 1, before[0].start, 0, len(prefix))] if prefix else []
    pieces.append(_PagePiece(page, 0, shift, len(text)))
    if suffix:
        pieces.append(_PagePiece(page + 1, written_after.start, shift + len(text) + 1, len(suffix)))
    if lead is not None and lead in sentences:
        lead = Sentence(lead.text, lead.start + shift, lead.end + shift)
    return joined, tuple(moved), lead, tuple(pieces)


def _marked(citations: list[Citation]) -> str:
    return "".join(f"[{c.n}]" for c in citations)


def _cut_lead(
    page: tuple[Sentence, ...], inside: tuple[Sentence, ...], before: tuple[Sentence, ...] = (), text: str | None = None
) -> Sentence | None:
    """The lead of the list a chunk starts inside ("Sở Công Thương ... có trách nhiệm:" before "b)
    Kiểm tra việc ..."), when a chunk border cut it off: what an item says is said of its subject.
    ``before``: the previous page's sentences, where the lead of a list that runs over a page break
    stands ("Ký hiệu … của mỗi Bên ký kết như sau: a) …" | page break | "đ) Cộng hòa Philippines: RP;")."""
    if not inside or inside[0] not in page:
        return None
    first = page.index(inside[0])
    lead = lead_of(page, first, text)  # ``text``: the page's, where an item's line may hold more sentences
    if lead is not None:
        return None if first - lead > LEAD_REACH else page[lead]
    sentences = before + page
    first += len(before)
    lead = lead_of(sentences, first)
    return None if lead is None or first - lead > LEAD_REACH else sentences[lead]


class Answerer:
    def __init__(self, index: Index, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.reranker = make_reranker(settings)
        self.reader = make_reader(index, settings)
        self.sources = Sources(index)
        self._accent_model: tuple[tuple[str, ...], AccentModel] | None = None
        self._accent_lock = threading.Lock()

    def _sample_texts(self, doc_ids: tuple[str, ...]) -> Iterator[str]:
        """Chunk texts of the library for the accent model, at most ACCENT_SAMPLE chunks spread over
        its documents (word statistics settle long before a large library is read whole)."""
        per_doc = max(1, ACCENT_SAMPLE // max(len(doc_ids), 1))
        for doc_id in doc_ids:
            for chunk in self.index.chunks(doc_id)[:per_doc]:
                yield chunk.text

    def analyze_question(self, question: str) -> QuestionInfo:
        """The question analysed; typed without diacritics, analysed with the diacritics the
        library's own words most likely give it (tracuu.vn.accents: "tinh lang son co bao nhieu
        nguoi dan" -> "tỉnh Lạng Sơn có bao nhiêu người dân"), so its cue words, units and names
        read as typed with them."""
        info = analyze(question)
        if not info.accentless:
            return info
        docs = tuple(sorted(d.id for d in self.index.documents()))
        with self._accent_lock:
            if self._accent_model is None or self._accent_model[0] != docs:
                self._accent_model = (docs, AccentModel(self._sample_texts(docs)))
            model = self._accent_model[1]
        # read with the restored diacritics, but matched leniently (folded) where a guess may be wrong
        return replace(analyze(model.restore(question)), accentless=True)

    # --- passages ---------------------------------------------------------------------
    def _passages(self, hits: list[Hit]) -> tuple[list[Passage], list[_Origin]]:
        passages: list[Passage] = []
        origins: list[_Origin] = []
        seen_notes: set[tuple[str, int]] = set()

        def add_note(doc: DocumentInfo, note: Footnote, rank: int) -> None:
            if (doc.id, note.number) in seen_notes:
                return
            seen_notes.add((doc.id, note.number))
            context, words = self._note_context(doc.id, note), self.sources.folded_words(doc.id)
            passages.append(Passage(note.text, tuple(split_sentences(note.text)), rank, context, words))
            origins.append(_Origin(doc, note.page, note))

        for rank, hit in enumerate(hits):
            chunk = hit.chunk
            if chunk.kind == "closing":
                continue  # the "Nơi nhận:" list and the signer block: searchable, never an answer
            if chunk.kind == "footnote":
                for note in chunk.footnotes:
                    add_note(hit.doc, self.sources.footnote(hit.doc.id, note.number) or note, rank)
                continue
            for span in chunk.spans:
                text, sentences = self.sources.page(hit.doc.id, span.page)
                inside = tuple(s for s in sentences if s.start < span.end and span.start < s.end)
                lead = _cut_lead(sentences, inside, self._page_before(hit.doc.id, span.page), text)
                before = self.sources.straddling(hit.doc.id, span.page - 1, hit.doc.pages)
                after = self.sources.straddling(hit.doc.id, span.page, hit.doc.pages)
                items = self.sources.items_after(hit.doc.id, span.page, hit.doc.pages, BLOCK_MAX) if after is None else None
                joined, inside, lead, pieces = _across_breaks(span.page, text, sentences, inside, lead, before, after, items)
                passages.append(Passage(
                    joined, inside, rank, document=self.sources.folded_words(hit.doc.id), lead=lead, headings=chunk.section
                ))
                origins.append(_Origin(hit.doc, span.page, None, chunk.ocr, pieces))
            for note in chunk.footnotes:  # a fact may be only in a note linked to the hit ("Năm 2022 đạt 7%")
                add_note(hit.doc, self.sources.footnote(hit.doc.id, note.number) or note, rank + 1)
        return passages, origins

    def _page_before(self, doc_id: str, page: int) -> tuple[Sentence, ...]:
        """The sentences of the page before ``page`` (none for the first)."""
        return self.sources.page(doc_id, page - 1)[1] if page > 1 else ()

    def _note_context(self, doc_id: str, note: Footnote) -> str:
        """What a footnote elaborates: each sentence carrying its marker, with the sentence before it."""
        parts: list[str] = []
        for page, marked in self.sources.marker_sentences(doc_id, note):
            _, sentences = self.sources.page(doc_id, page)
            before = [s.text for s in sentences if s.end <= marked.start][-1:]
            parts += before + [marked.text]
        return " ".join(parts)

    def _citations(self, origin: _Origin, sentence: Sentence, first_n: int = 1) -> list[Citation]:
        if origin.note is not None:
            return self.sources.footnote_citations(first_n, origin.doc, origin.note, sentence)
        if not origin.pieces:
            return [self.sources.body_citation(first_n, origin.doc, origin.page, sentence, ocr=origin.ocr)]
        cites: list[Citation] = []  # a sentence across a page break: one quote per page
        for piece in origin.pieces:
            start = piece.start + max(sentence.start, piece.at) - piece.at
            end = piece.start + min(sentence.end, piece.at + piece.length) - piece.at
            text, _ = self.sources.page(origin.doc.id, piece.page)
            start += len(text[start:end]) - len(text[start:end].lstrip())
            end -= len(text[start:end]) - len(text[start:end].rstrip())
            if start < end:
                quote = Sentence(text[start:end], start, end)
                cites.append(self.sources.body_citation(first_n + len(cites), origin.doc, piece.page, quote, ocr=origin.ocr))
        return cites

    # --- answers ----------------------------------------------------------------------
    def _abstain(self, info: QuestionInfo, closest: list[Citation], warnings: tuple[str, ...] = ()) -> Answer:
        return Answer(info.question, NO_ANSWER, True, info.answer_type, closest=tuple(closest), warnings=warnings)

    def _closest(self, passages: list[Passage], origins: list[_Origin], found: list[Extraction]) -> list[Citation]:
        """The best sentences seen, for the reader to check when we abstain."""
        cites: list[Citation] = []
        for x in found:
            if len(cites) < CLOSEST and all(c.quote != x.sentence.text for c in cites):
                cites += self._citations(origins[x.passage], x.sentence, len(cites) + 1)[:1]
        for p, o in zip(passages, origins):
            if len(cites) >= CLOSEST:
                break
            if p.sentences and all(c.quote != p.sentences[0].text for c in cites):
                cites += self._citations(o, p.sentences[0], len(cites) + 1)[:1]
        return cites

    def _trace_answer(self, info: QuestionInfo, filters: SearchFilters | None) -> Answer:
        hits = trace_in(self.sources, info.question, filters)
        if not hits:
            return self._abstain(info, [])
        citations = [h.citation(i) for i, h in enumerate(hits[:TRACE_CITED], start=1)]
        # No count in the text: every number of an answer must occur in its quotes.
        text = f"{hits[0].figure} xuất hiện tại: {_marked(citations)}"
        return Answer(info.question, text, False, "figure", tuple(citations))

    def _extractive(
        self, info: QuestionInfo, filters: SearchFilters | None, limit: int = READ_LIMIT
    ) -> tuple[Answer, list[Passage], list[_Origin], list[Extraction]]:
        documents = self.index.documents()
        scope = named_scope(info, documents, filters, self.index.mentions)
        # A document number the library neither holds nor mentions: nothing can answer about it.
        unknown = unknown_references(info, documents, lambda key: bool(self.index.mentions(key)))
        asked = asked_about(info)
        described = described_type(info)
        # a document named by a number the library does not hold is asked about, not the best hit's
        about_scope = scope.leads if scope is not None else bool(asked in ANY_TYPE or described) and not info.doc_numbers
        if asked and not unknown and about_scope:
            # A question may describe its document instead of naming it: the best hit's document is
            # asked about, when it is of the type the question names ("Tờ trình của Sở Tư pháp ... ký
            # ngày nào?"); a signer or effective-date question needs no type, and one naming
            # another type must name the document's title after it ("Luật Đất đai …" over the consolidated
            # text "ĐẤT ĐAI", not "Luật Khoa học, công nghệ … (có sửa đổi Luật Đất đai) có hiệu lực …").
            if scope is not None:
                doc_ids = list(scope.filters.doc_ids)
            else:
                doc_ids = [
                    h.doc.id
                    for h in self.index.search(info.question, k=1, filters=filters)
                    if (h.doc.doc_type or "").lower() == described
                    or (asked in ANY_TYPE and (not described or named_after_type(info, h.doc, described)))
                ]
            for doc_id in doc_ids:
                about = answer_about(info, self.index.document(doc_id), self.sources)
                if about is not None:
                    text = f"{about.answer} {_marked(list(about.citations))}"
                    return Answer(info.question, text, False, info.answer_type, about.citations), [], [], []
        # a named document's stored date is its issue date: not what "có hiệu lực từ ngày nào?" asks,
        # nor what a question asks of the document it names as its source ("Theo TT …, kể từ ngày nào …")
        source_only = asked is None and names_only_as_source(info)
        # a standard's code ("TCVN 6909:2001") is no document number: read from the passages
        standard = asks_standard(info.folded)
        if info.answer_type in ("document", "date") and not unknown and asked not in ("effective", "until") and not source_only and not standard:
            find = answer_document if info.answer_type == "document" else answer_document_date
            doc_answer = find(info, self.index, self.sources, scope.filters if scope is not None else filters)
            if doc_answer is not None:
                text = f"{doc_answer.answer} {_marked(list(doc_answer.citations))}"
                return Answer(info.question, text, False, info.answer_type, doc_answer.citations), [], [], []
        if scope is not None:
            info, filters = scope.info, scope.filters
        hits = self.index.search(" ".join(info.keywords) if scope else info.question, filters=filters)
        if info.defines:  # the definition itself ("“Danh mục hồ sơ” là bảng kê …") among the many uses of a term
            seen = {h.chunk.id for h in hits}
            hits += [h for h in self.index.search(f"{info.defines} là", k=DEFINITION_HITS, filters=filters) if h.chunk.id not in seen]
        passages, origins = self._passages(self.reranker.rerank(info, hits))
        found = self.reader.read(info, passages, limit)
        if unknown:
            warning = f"Thư viện không có văn bản nào số {', '.join(unknown)} và không văn bản nào nhắc đến số này"
            return self._abstain(info, self._closest(passages, origins, found), (warning,)), passages, origins, found
        if not found or found[0].score < min_score() or not found[0].fits:
            return self._abstain(info, self._closest(passages, origins, found)), passages, origins, found
        best = found[0]
        citations = self._citations(origins[best.passage], best.sentence)
        text = f"{best.answer} {_marked(citations)}"
        return Answer(info.question, text, False, info.answer_type, tuple(citations)), passages, origins, found

    def _with_llm(self, answer: Answer, found: list[Extraction], origins: list[_Origin]) -> Answer:
        """Let the LLM phrase the answer from numbered evidence; keep only what the evidence supports."""
        evidence: list[Citation] = []
        for x in found:
            if all(c.quote != x.sentence.text for c in evidence):
                evidence.append(self._citations(origins[x.passage], x.sentence, len(evidence) + 1)[0])
        try:
            reply = ask_llm(self.settings, answer.question, [c.quote for c in evidence])
        except LlmError as exc:
            return replace(answer, warnings=answer.warnings + (f"LLM không dùng được, giữ câu trả lời trích xuất: {exc}",))
        renumber = {old: new for new, old in enumerate(reply.cited, start=1)}
        text = _CITE_RE.sub(lambda m: f"[{renumber[int(m.group(1))]}]" if int(m.group(1)) in renumber else "", reply.text)
        cited = tuple(replace(evidence[old - 1], n=new) for old, new in renumber.items())
        warnings = tuple(f"Đã bỏ câu không được nguồn hỗ trợ: {d}" for d in reply.dropped)
        return replace(answer, answer=text, citations=cited, abstained=False, warnings=answer.warnings + warnings, mode="llm")

    def candidates(self, question: str, limit: int = 1000) -> list[Extraction]:
        """Every candidate the reader ranks for ``question``, best first; empty when the question is
        answered from document metadata, references or a figure trace. bench/learn_weights.py
        learns the feature weights (qa.features) from them."""
        info = self.analyze_question(question)
        return [] if info.answer_type == "figure" else self._extractive(info, None, limit)[3]

    def ask(self, question: str, filters: SearchFilters | None = None) -> Answer:
        started = time.perf_counter()
        info = self.analyze_question(question)
        found: list[Extraction] = []
        origins: list[_Origin] = []
        if info.answer_type == "figure":
            answer = self._trace_answer(info, filters)
        else:
            answer, _, origins, found = self._extractive(info, filters)
        if not answer.abstained:
            quotes = [c.quote for c in answer.citations] + [f.text for c in answer.citations for f in c.footnotes]
            try:
                check_numbers(answer.answer, quotes)
            except UnsupportedNumberError as exc:
                answer = self._abstain(info, list(answer.citations), (str(exc),))
        if self.settings.llm_base_url and found and not answer.abstained:
            answer = self._with_llm(answer, found, origins)
        elapsed = (time.perf_counter() - started) * 1000
        return replace(answer, elapsed_ms=round(elapsed, 1))
