"""Build the bundled corpus PDFs from the text of the real report.

    python scripts/build_corpus.py

Input:  corpus/src/bao-cao-tu-giam-sat-nq11-lang-son.txt (one paragraph per line; each
        source page ends with its footnote block; see corpus/SOURCE.md).
Output: corpus/bao-cao-tu-giam-sat-nq11-lang-son.pdf (the report, laid out like the
        original Party document) and corpus/phu-luc-van-ban-cu-the-hoa-nq11.pdf (a table of
        the documents the report cites by number).

The script adds layout only: header block, fonts, page breaks, footnote placement, page
numbers. Every word of the body comes from the source text; the header leaves the
document number and the day/month blank because the source does not give them.

Footnote layout is the classic one: a line that holds a marker is placed on a page only if
the footnotes it calls fit at the bottom of that page too; otherwise the line moves on.
Markers and footnote numbers are ASCII digits in a smaller size on a raised baseline. The
raise is done by moving the text matrix (not with the Ts operator), so tools that read the
text matrix, like pypdf's visitor, see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tracuu.vn.normalize import nfc

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
SOURCE_TXT = CORPUS_DIR / "src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"
REPORT_NAME = "bao-cao-tu-giam-sat-nq11-lang-son.pdf"
APPENDIX_NAME = "phu-luc-van-ban-cu-the-hoa-nq11.pdf"

AUTHOR = "Tỉnh ủy Lạng Sơn"
CREATOR = "tracuu scripts/build_corpus.py"  # the PDF's Creator is "<CREATOR>; font <family>"
ISSUER_LINES = ("TỈNH ỦY LẠNG SƠN", "*")
PARTY_LINE = "ĐẢNG CỘNG SẢN VIỆT NAM"
# The source gives neither the number nor the day and month: they stay blank.
NUMBER_LINE = "Số      -BC/TU"
PLACE_DATE_LINE = "Lạng Sơn, ngày      tháng      năm 2024"

# ---------------------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------------------

STYLES = ("regular", "bold", "italic", "bolditalic")
LIBERATION_SERIF_FILES = (
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
)
# Liberation Serif has Times metrics, like the original report; version 2 has Vietnamese glyphs
# (Debian bookworm: fonts-liberation2; later Debian: fonts-liberation). DejaVu Serif is the fallback.
FONT_FAMILIES = (
    ("Liberation Serif", Path("/usr/share/fonts/truetype/liberation2"), LIBERATION_SERIF_FILES),
    ("Liberation Serif", Path("/usr/share/fonts/truetype/liberation"), LIBERATION_SERIF_FILES),
    (
        "DejaVu Serif",
        Path("/usr/share/fonts/truetype/dejavu"),
        ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ),
)
# Names the fonts are registered under in reportlab (the PDF shows each file's own font name).
FONT_NAME = {style: f"CorpusSerif-{style}" for style in STYLES}


def register_fonts(text: str) -> str:
    """Register the first serif family whose four files exist and have a glyph for every
    character of ``text``; return the family name. (Debian's fonts-liberation 1.07 has no
    Vietnamese letters such as "ơ", "ư", "ạ", so on such machines DejaVu Serif is used.)"""
    needed = {ord(ch) for ch in text if not ch.isspace()}
    for family, folder, files in FONT_FAMILIES:
        paths = [folder / name for name in files]
        if not all(p.is_file() for p in paths):
            continue
        fonts = [TTFont(FONT_NAME[style], str(path)) for style, path in zip(STYLES, paths)]
        if all(needed <= font.face.charToGlyph.keys() for font in fonts):
            for font in fonts:
                pdfmetrics.registerFont(font)
            return family
    raise FileNotFoundError("no serif font with Vietnamese glyphs found (Liberation Serif 2.x or DejaVu Serif)")


# ---------------------------------------------------------------------------------------
# Page geometry and type sizes
# ---------------------------------------------------------------------------------------

PAGE_W, PAGE_H = A4
MARGIN_TOP = 1.8 * cm
MARGIN_BOTTOM = 1.8 * cm
MARGIN_LEFT = 3.0 * cm
MARGIN_RIGHT = 1.5 * cm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
PAGE_NUMBER_Y = PAGE_H - 1.2 * cm  # baseline of the page number, centred in the top margin

BODY_SIZE = 14.0
BODY_LEADING = 17.0
PARA_GAP = 3.0  # extra space before a paragraph
FIRST_INDENT = 1.0 * cm
TITLE_SIZE = 15.0

FOOTNOTE_SIZE = 10.0
FOOTNOTE_LEADING = 11.0
FOOTNOTE_RULE_W = 5.0 * cm
FOOTNOTE_RULE_GAP = 9.0  # space taken by the rule above the first footnote
FOOTNOTE_GAP = 1.0  # extra space between two footnotes

SUP_SCALE = 0.62  # superscript size / size of the text it belongs to
SUP_RISE = 0.36  # superscript baseline raise / size of the text it belongs to

# Last line of a paragraph that goes on at the next page: justified when it is at least
# this full, so the break looks like a page break and not like a paragraph end.
JUSTIFY_CONTINUED_MIN_FILL = 0.7

# ---------------------------------------------------------------------------------------
# Text model
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text in one style. ``sup`` marks a footnote number drawn as a superscript."""

    text: str
    style: str = "regular"
    sup: bool = False


@dataclass
class Block:
    """A paragraph, heading or centred title line, as runs."""

    runs: list[Run]
    align: str = "justify"  # justify | center | left | right
    size: float = BODY_SIZE
    leading: float = BODY_LEADING
    indent: float = FIRST_INDENT  # first-line indent
    continues: bool = False  # the paragraph goes on at the top of the next source page
    is_heading: bool = False


@dataclass
class SourcePage:
    """The paragraphs of one page of the source and the footnotes printed under them."""

    blocks: list[Block] = field(default_factory=list)
    notes: dict[int, list[Run]] = field(default_factory=dict)


@dataclass
class Report:
    title: str
    subject: str
    pages: list[SourcePage]
    recipients: list[str]  # the "Nơi nhận:" list
    signer_title: list[str]  # "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"
    signer_name: str


# ---------------------------------------------------------------------------------------
# Reading the source text
# ---------------------------------------------------------------------------------------

SUPERSCRIPT_TO_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
FOOTNOTE_LINE_RE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.+)$")
# "I- ", "1. ", "1.1. ", "2.3.1. ", "a) ", "* " open a heading when the line has no final full stop
# (the numbered items of parts III and IV end with one and are body paragraphs).
HEADING_RE = re.compile(r"^(?:[IVX]+-|\d+(?:\.\d+)*\.|[a-zđ]\)|\*) ")
ROMAN_HEADING_RE = re.compile(r"^[IVX]+- ")
# A paragraph that ends without one of these and is followed by a non-heading line was cut
# by a page break of the original; the next line continues it.
PARAGRAPH_END = (".", ";", ":", "!", "?", ")")
RECIPIENTS_LINE = "Nơi nhận:"


def is_heading(line: str) -> bool:
    return bool(HEADING_RE.match(line)) and not line.endswith(".")


class MarkerCounter:
    """Footnotes are numbered 1, 2, 3... in reading order. A superscript digit run in the
    body is a marker only when it is the next number: "km²" (square kilometres) is not."""

    def __init__(self) -> None:
        self.next_number = 1

    def split(self, text: str, style: str) -> list[Run]:
        runs: list[Run] = []
        pos = 0
        for m in SUPERSCRIPT_RUN_RE.finditer(text):
            digits = m.group().translate(SUPERSCRIPT_TO_ASCII)
            if int(digits) != self.next_number:
                continue
            if m.start() > pos:
                runs.append(Run(text[pos : m.start()], style))
            runs.append(Run(digits, style, sup=True))
            self.next_number += 1
            pos = m.end()
        if pos < len(text):
            runs.append(Run(text[pos:], style))
        return runs


def body_runs(line: str, counter: MarkerCounter) -> list[Run]:
    """Runs of a body paragraph: ``*...*`` is italic in the source, superscripts are markers."""
    runs: list[Run] = []
    for i, part in enumerate(line.split("*")):
        if part:
            runs.extend(counter.split(part, "italic" if i % 2 else "regular"))
    return runs


def heading_block(line: str, counter: MarkerCounter) -> Block:
    if ROMAN_HEADING_RE.match(line):
        line = line.upper()  # Roman-numeral headings are set in bold capitals
    return Block(counter.split(line, "bold"), is_heading=True)


def source_lines(text: str) -> list[str]:
    """Non-empty lines; a line holding two headings glued by ``**`` becomes two lines."""
    lines: list[str] = []
    for raw in nfc(text).splitlines():
        lines.extend(part.strip() for part in raw.split("**") if part.strip())
    return lines


def read_report(text: str) -> Report:
    lines = source_lines(text)
    title, subject = lines[0], lines[1]
    closing_at = lines.index(RECIPIENTS_LINE)
    body, closing = lines[2:closing_at], lines[closing_at + 1 :]

    counter = MarkerCounter()
    pages = [SourcePage()]
    previous_body: str | None = None  # last body paragraph, None after a heading
    after_notes = False
    for line in body:
        note = FOOTNOTE_LINE_RE.match(line)
        if note:
            number = int(note.group(1).translate(SUPERSCRIPT_TO_ASCII))
            pages[-1].notes[number] = [Run(note.group(2))]
            after_notes = True
            continue
        heading = is_heading(line)
        continued = not heading and previous_body is not None and not previous_body.endswith(PARAGRAPH_END)
        if after_notes or continued:
            pages.append(SourcePage())
            after_notes = False
        if continued:
            pages[-2].blocks[-1].continues = True
        if heading:
            pages[-1].blocks.append(heading_block(line, counter))
        else:
            pages[-1].blocks.append(Block(body_runs(line, counter), indent=0.0 if continued else FIRST_INDENT))
        previous_body = None if heading else line

    recipients = [line for line in closing if line.startswith("- ")]
    signer = closing[len(recipients) :]
    return Report(title, subject, pages, recipients, signer_title=signer[:-1], signer_name=signer[-1])


# ---------------------------------------------------------------------------------------
# Line breaking and drawing
# ---------------------------------------------------------------------------------------

Word = list[Run]  # the runs of one word: "người" + superscript "1" + "." is one word


@dataclass
class Line:
    runs: list[Run]  # words with single-space runs between them
    size: float
    leading: float
    indent: float
    width: float  # width of the column the line sits in
    align: str  # justify | center | left | right
    notes: list[int] = field(default_factory=list)  # footnote numbers whose markers are on this line


def run_size(run: Run, size: float) -> float:
    return size * SUP_SCALE if run.sup else size


def run_width(run: Run, size: float) -> float:
    return pdfmetrics.stringWidth(run.text, FONT_NAME[run.style], run_size(run, size))


def words_of(runs: list[Run]) -> list[Word]:
    words: list[Word] = [[]]
    for run in runs:
        for i, part in enumerate(run.text.split(" ")):
            if i > 0:
                words.append([])
            if part:
                words[-1].append(Run(part, run.style, run.sup))
    return [w for w in words if w]


def space_after(word: Word) -> Run:
    return Run(" ", word[-1].style)


def join_words(words: list[Word]) -> list[Run]:
    runs: list[Run] = []
    for i, word in enumerate(words):
        if i > 0:
            runs.append(space_after(words[i - 1]))
        runs.extend(word)
    return runs


def break_lines(block: Block, width: float) -> list[Line]:
    """Greedy first-fit line breaking of a block into lines of at most ``width`` points."""
    lines: list[Line] = []
    current: list[Word] = []
    current_w = 0.0
    for word in words_of(block.runs):
        indent = block.indent if not lines else 0.0
        word_w = sum(run_width(r, block.size) for r in word)
        gap = run_width(space_after(current[-1]), block.size) if current else 0.0
        if current and current_w + gap + word_w > width - indent:
            lines.append(make_line(current, block, indent, width))
            current, current_w, gap = [], 0.0, 0.0
        current.append(word)
        current_w += gap + word_w
    if current:
        lines.append(make_line(current, block, block.indent if not lines else 0.0, width))
    lines[-1].align = last_line_align(lines[-1], block)
    return lines


def make_line(words: list[Word], block: Block, indent: float, width: float) -> Line:
    runs = join_words(words)
    notes = [int(r.text) for r in runs if r.sup]
    return Line(runs, block.size, block.leading, indent, width, block.align, notes)


def last_line_align(line: Line, block: Block) -> str:
    if block.align != "justify":
        return block.align
    fill = natural_width(line) / (line.width - line.indent)
    return "justify" if block.continues and fill >= JUSTIFY_CONTINUED_MIN_FILL else "left"


def natural_width(line: Line) -> float:
    return sum(run_width(r, line.size) for r in line.runs)


def draw_line(canvas: Canvas, line: Line, x: float, baseline: float) -> None:
    """Draw one line; the spaces absorb the justification (PDF word spacing, Tw)."""
    natural = natural_width(line)
    spaces = sum(1 for r in line.runs if r.text == " ")
    free = line.width - line.indent - natural
    word_space = free / spaces if line.align == "justify" and spaces else 0.0
    x += line.indent + {"center": free / 2, "right": free}.get(line.align, 0.0)

    text = canvas.beginText()
    text.setWordSpace(word_space)
    current_y: float | None = None
    current_font: tuple[str, float] | None = None
    for run in line.runs:
        size = run_size(run, line.size)
        y = baseline + line.size * SUP_RISE if run.sup else baseline
        if y != current_y:  # raise or lower the baseline by moving the text matrix
            text.setTextOrigin(x, y)
            current_y = y
        if (FONT_NAME[run.style], size) != current_font:
            current_font = (FONT_NAME[run.style], size)
            text.setFont(*current_font)
        text.textOut(run.text)
        x += run_width(run, line.size) + (word_space if run.text == " " else 0.0)
    canvas.drawText(text)


# ---------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------


def footnote_lines(number: int, runs: list[Run]) -> list[Line]:
    """A footnote: its number as a superscript, a space, then the text, justified."""
    note = Block([Run(str(number), sup=True), Run(" "), *runs], size=FOOTNOTE_SIZE, leading=FOOTNOTE_LEADING)
    return break_lines(note, TEXT_W)


def lines_height(lines: list[Line]) -> float:
    return sum(line.leading for line in lines)


class ReportWriter:
    """Places lines top-down on the current page and its footnotes bottom-up."""

    def __init__(self, canvas: Canvas, notes: dict[int, list[Line]]) -> None:
        self.canvas = canvas
        self.notes = notes  # footnote number -> its lines
        self.page = 1
        self.y = PAGE_H - MARGIN_TOP  # top of the free space for the next body line
        self.page_notes: list[int] = []
        self.page_is_empty = True
        self.note_pages: dict[int, int] = {}  # footnote number -> page it is printed on
        self.marker_pages: dict[int, int] = {}  # footnote number -> page of its marker

    def notes_height(self, numbers: list[int]) -> float:
        if not numbers:
            return 0.0
        lines = sum(lines_height(self.notes[n]) for n in numbers)
        return FOOTNOTE_RULE_GAP + lines + FOOTNOTE_GAP * (len(numbers) - 1)

    def fits(self, height: float, notes: list[int]) -> bool:
        bottom = MARGIN_BOTTOM + self.notes_height(self.page_notes + notes)
        return self.y - height >= bottom

    def place_block(self, block: Block, keep_after: float = 0.0) -> None:
        """Place a block; ``keep_after`` reserves room below its last line (heading + next line)."""
        lines = break_lines(block, TEXT_W)
        for i, line in enumerate(lines):
            gap = PARA_GAP if i == 0 and not self.page_is_empty else 0.0
            reserve = keep_after if i == len(lines) - 1 else 0.0
            if not self.fits(gap + line.leading + reserve, line.notes) and not self.page_is_empty:
                self.new_page()
                gap = 0.0
            self.place_line(line, gap)

    def place_line(self, line: Line, gap: float = 0.0) -> None:
        self.y -= gap + line.leading
        draw_line(self.canvas, line, MARGIN_LEFT, self.y + (line.leading - line.size))
        self.page_is_empty = False
        for number in line.notes:
            self.page_notes.append(number)
            self.marker_pages[number] = self.page

    def skip(self, height: float) -> None:
        self.y -= height

    def new_page(self) -> None:
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP
        self.page_notes = []
        self.page_is_empty = True

    def finish_page(self) -> None:
        if self.page > 1:
            self.canvas.setFont(FONT_NAME["regular"], BODY_SIZE - 1)
            self.canvas.drawCentredString(PAGE_W / 2, PAGE_NUMBER_Y, str(self.page))
        if not self.page_notes:
            return
        top = MARGIN_BOTTOM + self.notes_height(self.page_notes)
        rule_y = top - FOOTNOTE_RULE_GAP / 2
        self.canvas.setLineWidth(0.5)
        self.canvas.line(MARGIN_LEFT, rule_y, MARGIN_LEFT + FOOTNOTE_RULE_W, rule_y)
        y = top - FOOTNOTE_RULE_GAP
        for i, number in enumerate(self.page_notes):
            y -= FOOTNOTE_GAP if i else 0.0
            for line in self.notes[number]:
                y -= line.leading
                draw_line(self.canvas, line, MARGIN_LEFT, y + (line.leading - line.size))
            self.note_pages[number] = self.page


def draw_party_header(canvas: Canvas) -> float:
    """The header block of page 1; returns the y below it."""
    left_x = MARGIN_LEFT + 3.2 * cm  # centre of the issuer column
    right_x = MARGIN_LEFT + TEXT_W - 4.6 * cm  # centre of the party/date column
    top = PAGE_H - MARGIN_TOP - BODY_SIZE

    canvas.setFont(FONT_NAME["bold"], BODY_SIZE)
    canvas.drawCentredString(left_x, top, ISSUER_LINES[0])
    canvas.drawCentredString(right_x, top, PARTY_LINE)
    party_w = pdfmetrics.stringWidth(PARTY_LINE, FONT_NAME["bold"], BODY_SIZE)
    canvas.setLineWidth(0.6)
    canvas.line(right_x - party_w / 2, top - 3, right_x + party_w / 2, top - 3)
    canvas.setFont(FONT_NAME["regular"], BODY_SIZE)
    canvas.drawCentredString(left_x, top - BODY_LEADING, ISSUER_LINES[1])

    line_y = top - 2 * BODY_LEADING - 4
    canvas.drawCentredString(left_x, line_y, NUMBER_LINE)
    canvas.setFont(FONT_NAME["italic"], BODY_SIZE)
    canvas.drawCentredString(right_x, line_y, PLACE_DATE_LINE)
    return line_y - BODY_LEADING


def draw_closing(writer: ReportWriter, report: Report) -> None:
    """"Nơi nhận:" bottom-left in a small font, the signature block bottom-right."""
    small, small_leading = 11.0, 13.0
    sign_lines = len(report.signer_title) + 1
    height = max(small_leading * (len(report.recipients) + 1), BODY_LEADING * sign_lines + 3 * cm)
    if not writer.fits(PARA_GAP * 3 + height, []):
        writer.new_page()
    writer.skip(PARA_GAP * 3)
    top = writer.y
    canvas = writer.canvas

    canvas.setFont(FONT_NAME["bolditalic"], small + 1)
    canvas.drawString(MARGIN_LEFT, top - small, RECIPIENTS_LINE)
    canvas.setFont(FONT_NAME["regular"], small)
    for i, recipient in enumerate(report.recipients, start=1):
        canvas.drawString(MARGIN_LEFT, top - small - i * small_leading, recipient)

    sign_x = MARGIN_LEFT + TEXT_W - 4.6 * cm
    canvas.setFont(FONT_NAME["bold"], BODY_SIZE)
    for i, text in enumerate(report.signer_title):
        canvas.drawCentredString(sign_x, top - BODY_SIZE - i * BODY_LEADING, text)
    name_y = top - BODY_SIZE - (len(report.signer_title) - 1) * BODY_LEADING - 3 * cm
    canvas.drawCentredString(sign_x, name_y, report.signer_name)
    writer.skip(height)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    pages: int
    font_family: str
    marker_pages: dict[int, int]  # footnote number -> page of its marker
    note_pages: dict[int, int]  # footnote number -> page the footnote is printed on


def new_canvas(path: Path, pagesize: tuple[float, float], title: str, subject: str, family: str) -> Canvas:
    canvas = Canvas(str(path), pagesize=pagesize, invariant=1)  # fixed dates and ID: same bytes each build
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject(subject)
    canvas.setCreator(f"{CREATOR}; font {family}")
    return canvas


def drawn_text(report: Report) -> str:
    """Every string the report PDF draws (markers are drawn as ASCII digits)."""
    runs = [run for page in report.pages for block in page.blocks for run in block.runs]
    runs += [run for page in report.pages for note in page.notes.values() for run in note]
    texts = [report.title, report.subject, *report.recipients, *report.signer_title, report.signer_name]
    texts += [*ISSUER_LINES, PARTY_LINE, NUMBER_LINE, PLACE_DATE_LINE, RECIPIENTS_LINE]
    return " ".join([*texts, *(run.text for run in runs)])


def build_report(out_path: Path, source: Path = SOURCE_TXT) -> BuildResult:
    report = read_report(source.read_text(encoding="utf-8"))
    family = register_fonts(drawn_text(report))
    title = f"{report.title.capitalize()} {report.subject[0].lower()}{report.subject[1:]}"
    canvas = new_canvas(out_path, A4, title, report.subject, family)

    notes = {n: footnote_lines(n, runs) for page in report.pages for n, runs in page.notes.items()}
    writer = ReportWriter(canvas, notes)
    writer.y = draw_party_header(canvas)
    writer.place_block(Block([Run(report.title, "bold")], align="center", size=TITLE_SIZE, indent=0.0))
    writer.place_block(Block([Run(report.subject, "bolditalic")], align="center", indent=0.0))
    writer.skip(BODY_LEADING / 2)

    for number, page in enumerate(report.pages):
        if number > 0:
            writer.new_page()
        for i, block in enumerate(page.blocks):
            next_leading = page.blocks[i + 1].leading + PARA_GAP if i + 1 < len(page.blocks) else 0.0
            writer.place_block(block, keep_after=next_leading if block.is_heading else 0.0)
    draw_closing(writer, report)
    writer.finish_page()
    canvas.save()
    return BuildResult(out_path, writer.page, family, writer.marker_pages, writer.note_pages)


# ---------------------------------------------------------------------------------------
# The appendix: documents the report cites by number
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitedDocument:
    """One row of the appendix. Every field is copied from the report ("-" where the report is
    silent); ``about`` is one or more verbatim pieces of the report joined by a space."""

    doc_type: str
    number: str
    date: str
    issuer: str
    about: tuple[str, ...]

    @property
    def summary(self) -> str:
        return " ".join((self.doc_type, *self.about))


NQ11_SUBJECT = (
    "về phương hướng phát triển kinh tế - xã hội và bảo đảm quốc phòng, an ninh vùng Trung du "
    "và miền núi Bắc Bộ đến năm 2030, tầm nhìn đến năm 2045"
)
HN_CL_PROJECT = "Dự án tuyến cao tốc cửa khẩu Hữu Nghị - Chi Lăng theo hình thức BOT"
PLAN_DRAFT = (
    "về việc đề nghị tham gia ý kiến đối với dự thảo Kế hoạch thực hiện Quy hoạch tỉnh Lạng Sơn "
    "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
)
REGION_TEAM = (
    "về việc thành lập và kiện toàn Tổ điều phối vùng Trung du và miền núi phía Bắc giai đoạn "
    "2021 - 2025 tỉnh Lạng Sơn"
)

# In order of first mention; "line N" is the line of corpus/src/bao-cao-tu-giam-sat-nq11-lang-son.txt.
CITED_DOCUMENTS = (
    # line 5: "Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị về phương hướng ..."
    CitedDocument("Nghị quyết", "11-NQ/TW", "10/02/2022", "Bộ Chính trị", (NQ11_SUBJECT,)),
    # line 7: "Kế hoạch số 268-KH/BKTTW, ngày 23/9/2024 của Ban Kinh tế Trung ương về giám sát ..."
    CitedDocument(
        "Kế hoạch", "268-KH/BKTTW", "23/9/2024", "Ban Kinh tế Trung ương",
        ("về giám sát công tác lãnh đạo, chỉ đạo; công tác thể chế hóa, cụ thể hóa Nghị quyết số "
         "11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị " + NQ11_SUBJECT,),
    ),
    # line 45: "Nghị quyết số 96/NQ-CP, ngày 01/8/2022 của Chính phủ về Chương trình hành động ..."
    CitedDocument(
        "Nghị quyết", "96/NQ-CP", "01/8/2022", "Chính phủ",
        ("về Chương trình hành động thực hiện Nghị quyết số 11-NQ/TW",),
    ),
    # line 49: "Ban Chấp hành Đảng bộ tỉnh Lạng Sơn đã ban hành Chương trình hành động số 52-CTr/TU,
    # ngày 27/10/2022 về việc thực hiện Nghị quyết số 11-NQ/TW ..."
    CitedDocument(
        "Chương trình hành động", "52-CTr/TU", "27/10/2022", "Ban Chấp hành Đảng bộ tỉnh Lạng Sơn",
        ("về việc thực hiện Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị " + NQ11_SUBJECT,),
    ),
    # line 53: "UBND tỉnh ban hành Kế hoạch số 23/KH-UBND, ngày 26/01/2023 thực hiện Nghị quyết số 96/NQ-CP ..."
    CitedDocument(
        "Kế hoạch", "23/KH-UBND", "26/01/2023", "UBND tỉnh",
        ("thực hiện Nghị quyết số 96/NQ-CP, ngày 01/8/2022 của Chính phủ và Chương trình hành động số "
         "52-CTr/TU, ngày 27/10/2022 của Ban Chấp hành Đảng bộ tỉnh về thực hiện Nghị quyết số 11-NQ/TW",),
    ),
    # line 57 (footnote 3): "Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy về việc thành lập ..."
    CitedDocument(
        "Quyết định", "1059-QĐ/TU", "16/9/2022", "Ban Thường vụ Tỉnh ủy",
        ("về việc thành lập Ban Chỉ đạo thực hiện Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính "
         "trị về phương hướng phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh vùng Trung du và "
         "miền núi Bắc Bộ đến năm 2030, tầm nhìn đến năm 2045 tỉnh Lạng Sơn",),
    ),
    # line 73: "Nghị quyết số 111/2024/QH15, ngày 18/01/2024 của Quốc hội về một số cơ chế ..."
    CitedDocument(
        "Nghị quyết", "111/2024/QH15", "18/01/2024", "Quốc hội",
        ("về một số cơ chế, chính sách đặc thù thực hiện các chương trình mục tiêu quốc gia",),
    ),
    # line 169: "Ban Thường vụ Tỉnh ủy ban hành Nghị quyết số 67-NQ/TU, ngày 27/01/2022 về tăng cường ..."
    CitedDocument(
        "Nghị quyết", "67-NQ/TU", "27/01/2022", "Ban Thường vụ Tỉnh ủy",
        ("về tăng cường sự lãnh đạo, chỉ đạo của Đảng đối với công tác lập Quy hoạch tỉnh Lạng Sơn "
         "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",),
    ),
    # line 169: "Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 đã được Thủ tướng
    # Chính phủ phê duyệt tại Quyết định số 236/QĐ-TTg, ngày 19/3/2024"
    CitedDocument(
        "Quyết định", "236/QĐ-TTg", "19/3/2024", "Thủ tướng Chính phủ",
        ("phê duyệt", "Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"),
    ),
    # line 177 (footnote 21): "Các công văn: số 776/UBND-KT ngày 11/6/2024 và số 888/UBND-KT ngày 03/7/2024 về việc
    # đề nghị tham gia ý kiến ..." (the issuer is not named)
    CitedDocument("Công văn", "776/UBND-KT", "11/6/2024", "-", (PLAN_DRAFT,)),
    CitedDocument("Công văn", "888/UBND-KT", "03/7/2024", "-", (PLAN_DRAFT,)),
    # line 177 (footnote 21): "Tờ trình số 197/TTr-UBND ngày 13/10/2024, về việc ban hành kế hoạch ..."
    # ("2012-2030" is as written in the report; the issuer is not named)
    CitedDocument(
        "Tờ trình", "197/TTr-UBND", "13/10/2024", "-",
        ("về việc ban hành kế hoạch thực hiện Quy hoạch tỉnh Lạng Sơn thời kỳ 2012-2030, tầm nhìn đến 2050",),
    ),
    # line 179 (footnote 22): "Các Quyết định của UBND tỉnh: Số 2108/QĐ-UBND ngày 31/12/2022 và số 1204/QĐ-UBND
    # ngày 09/7/2024 về việc thành lập và kiện toàn Tổ điều phối vùng ..."
    CitedDocument("Quyết định", "2108/QĐ-UBND", "31/12/2022", "UBND tỉnh", (REGION_TEAM,)),
    CitedDocument("Quyết định", "1204/QĐ-UBND", "09/7/2024", "UBND tỉnh", (REGION_TEAM,)),
    # line 187: "phê duyệt chủ trương đầu tư (Nghị quyết số 41/NQ-HĐND, ngày 30/12/2022 và Nghị quyết
    # số 58/NQ-HĐND, ngày 19/12/2023 của HĐND tỉnh Lạng Sơn)"; the project is named on line 185
    CitedDocument(
        "Nghị quyết", "41/NQ-HĐND", "30/12/2022", "HĐND tỉnh Lạng Sơn",
        ("phê duyệt chủ trương đầu tư", HN_CL_PROJECT),
    ),
    CitedDocument(
        "Nghị quyết", "58/NQ-HĐND", "19/12/2023", "HĐND tỉnh Lạng Sơn",
        ("phê duyệt chủ trương đầu tư", HN_CL_PROJECT),
    ),
    # line 187: "phê duyệt dự án đầu tư (Các Quyết định: số 2014/QĐ-UBND, ngày 04/12/2023; số 103/QĐ-UBND,
    # ngày 17/01/2024 và số 427/QĐ-UBND, ngày 06/3/2024)" (the issuer is not named)
    CitedDocument("Quyết định", "2014/QĐ-UBND", "04/12/2023", "-", ("phê duyệt dự án đầu tư", HN_CL_PROJECT)),
    CitedDocument("Quyết định", "103/QĐ-UBND", "17/01/2024", "-", ("phê duyệt dự án đầu tư", HN_CL_PROJECT)),
    CitedDocument("Quyết định", "427/QĐ-UBND", "06/3/2024", "-", ("phê duyệt dự án đầu tư", HN_CL_PROJECT)),
    # line 233: "Quyết định số 1161/QĐ-TTg, ngày 11/10/2024 của Thủ tướng Chính phủ ban hành Kế hoạch ..."
    CitedDocument(
        "Quyết định", "1161/QĐ-TTg", "11/10/2024", "Thủ tướng Chính phủ",
        ("ban hành Kế hoạch thực hiện Quy hoạch vùng Trung du và miền núi phía Bắc thời kỳ 2021 - 2030, "
         "tầm nhìn đến năm 2050",),
    ),
    # line 257: "Thông báo số 70-TB/VPTW, ngày 06/9/2023 của Văn phòng Trung ương Đảng về kết quả chuyến thăm ..."
    CitedDocument(
        "Thông báo", "70-TB/VPTW", "06/9/2023", "Văn phòng Trung ương Đảng",
        ("về kết quả chuyến thăm và làm việc của đồng chí Tổng Bí thư Nguyễn Phú Trọng tại tỉnh Lạng Sơn",),
    ),
)

APPENDIX_TITLE = "PHỤ LỤC"
APPENDIX_NAME_LINE = "DANH MỤC CÁC VĂN BẢN ĐƯỢC VIỆN DẪN TRONG BÁO CÁO"
APPENDIX_ATTACHED = (
    "(Kèm theo Báo cáo tự giám sát của Ban Thường vụ Tỉnh ủy Lạng Sơn về triển khai Nghị quyết số 11-NQ/TW)"
)
TABLE_HEADER = ("STT", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung")

APPENDIX_PAGE_W, APPENDIX_PAGE_H = landscape(A4)
APPENDIX_MARGIN_X = 2.0 * cm
APPENDIX_TEXT_W = APPENDIX_PAGE_W - 2 * APPENDIX_MARGIN_X
TABLE_SIZE = 12.0
TABLE_LEADING = 14.5
CELL_PAD = 4.0
COLUMN_WIDTHS = (1.3 * cm, 3.6 * cm, 2.9 * cm, 5.2 * cm)  # the last column takes the rest
COLUMN_ALIGN = ("center", "center", "center", "left", "justify")


def table_rows() -> list[tuple[str, ...]]:
    return [
        (str(i), doc.number, doc.date, doc.issuer, doc.summary)
        for i, doc in enumerate(CITED_DOCUMENTS, start=1)
    ]


def column_widths() -> list[float]:
    return [*COLUMN_WIDTHS, APPENDIX_TEXT_W - sum(COLUMN_WIDTHS)]


def cell_lines(text: str, style: str, align: str, width: float) -> list[Line]:
    block = Block([Run(text, style)], align=align, size=TABLE_SIZE, leading=TABLE_LEADING, indent=0.0)
    return break_lines(block, width - 2 * CELL_PAD)


def draw_row(canvas: Canvas, cells: list[list[Line]], widths: list[float], top: float) -> float:
    """Draw one ruled row whose top edge is at ``top``; returns its bottom edge."""
    height = max(lines_height(lines) for lines in cells) + 2 * CELL_PAD
    x = APPENDIX_MARGIN_X
    for lines, width in zip(cells, widths):
        canvas.rect(x, top - height, width, height)
        y = top - CELL_PAD
        for line in lines:
            y -= line.leading
            draw_line(canvas, line, x + CELL_PAD, y + (line.leading - line.size))
        x += width
    return top - height


def build_appendix(out_path: Path) -> BuildResult:
    texts = [APPENDIX_TITLE, APPENDIX_NAME_LINE, APPENDIX_ATTACHED, *TABLE_HEADER, *(c for row in table_rows() for c in row)]
    family = register_fonts(" ".join(texts))
    title = f"Phụ lục: {APPENDIX_NAME_LINE.capitalize()}"
    canvas = new_canvas(out_path, landscape(A4), title, APPENDIX_ATTACHED, family)
    canvas.setLineWidth(0.6)
    widths = column_widths()
    header = [cell_lines(text, "bold", "center", w) for text, w in zip(TABLE_HEADER, widths)]

    y = APPENDIX_PAGE_H - MARGIN_TOP
    for text, style in ((APPENDIX_TITLE, "bold"), (APPENDIX_NAME_LINE, "bold"), (APPENDIX_ATTACHED, "italic")):
        for line in break_lines(Block([Run(text, style)], align="center", indent=0.0), APPENDIX_TEXT_W):
            y -= line.leading
            draw_line(canvas, line, APPENDIX_MARGIN_X, y + (line.leading - line.size))
    y = draw_row(canvas, header, widths, y - BODY_LEADING)

    page = 1
    for row in table_rows():
        cells = [cell_lines(text, "regular", align, w) for text, align, w in zip(row, COLUMN_ALIGN, widths)]
        height = max(lines_height(lines) for lines in cells) + 2 * CELL_PAD
        if y - height < MARGIN_BOTTOM:  # rows are not split; the header row is repeated
            canvas.showPage()
            canvas.setLineWidth(0.6)
            page += 1
            canvas.setFont(FONT_NAME["regular"], BODY_SIZE - 1)
            canvas.drawCentredString(APPENDIX_PAGE_W / 2, APPENDIX_PAGE_H - 1.2 * cm, str(page))
            y = draw_row(canvas, header, widths, APPENDIX_PAGE_H - MARGIN_TOP)
        y = draw_row(canvas, cells, widths, y)
    canvas.save()
    return BuildResult(out_path, page, family, {}, {})


def main() -> None:
    report = build_report(CORPUS_DIR / REPORT_NAME)
    appendix = build_appendix(CORPUS_DIR / APPENDIX_NAME)
    print(f"{report.path.relative_to(ROOT)}: {report.pages} pages, font {report.font_family}")
    for number in sorted(report.note_pages):
        print(f"  footnote {number}: marker on page {report.marker_pages[number]}, note on page {report.note_pages[number]}")
    print(f"{appendix.path.relative_to(ROOT)}: {appendix.pages} pages, {len(CITED_DOCUMENTS)} documents")


if __name__ == "__main__":
    main()
