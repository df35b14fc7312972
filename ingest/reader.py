"""The seam where a PDF reader plugs in: a reader turns a file's pages into ``RawPage`` objects
(text lines with positions and sizes), and ``ingest.parse.assemble`` makes the Document from
them. The reader here is pypdf (``read_pages``): the page content's text runs (``pdfruns``)
with the text of signature stamps and other annotations (``stamps``) put into the lines they
are drawn on. OCR fills pages without a text layer (``ingest.parse``); any other reader only
has to produce RawPages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pypdf import PdfReader
from tqdm import tqdm

from ingest.lines import Line, group_lines
from ingest.models import IngestError
from ingest.pdfruns import stamped_page_runs
from ingest.stamps import stamp_runs

MAX_PAGE_SIDE_PT = 14400  # 5 m, the largest page size the PDF spec allows


@dataclass
class RawPage:
    number: int  # 1-based physical index
    width: float
    height: float
    lines: list[Line]
    source: Literal["text", "ocr", "none"] = "text"  # the PDF's text layer, OCR, or no usable text
    stamps: list[str] = field(default_factory=list)  # annotation text on no line of the page (signer certificates)


def read_pages(
    reader: PdfReader, warnings: list[str], *, label: str = "", progress: bool = False, bar_position: int = 0
) -> list[RawPage]:
    """Every page of an opened PDF as text lines; a page whose content cannot be read costs a warning."""
    numbers = tqdm(
        range(len(reader.pages)), desc=label[:40], unit="trang", leave=False, disable=not progress, position=bar_position
    )
    return [_read_page(reader, i, warnings) for i in numbers]


def _read_page(reader: PdfReader, index: int, warnings: list[str]) -> RawPage:
    page = reader.pages[index]
    box = page.mediabox
    width, height = float(box.width), float(box.height)
    if max(width, height) > MAX_PAGE_SIDE_PT:
        raise IngestError(f"trang {index + 1} quá lớn ({width:.0f} x {height:.0f} pt), có thể tệp bị lỗi")
    stamps = stamp_runs(page)
    warnings.extend(f"trang {index + 1}: {problem}" for problem in stamps.problems)
    try:
        read = stamped_page_runs(page, stamps.values)
    except Exception as exc:  # pypdf raises many kinds of errors on damaged content streams
        warnings.append(f"trang {index + 1}: không đọc được nội dung ({type(exc).__name__})")
        return RawPage(index + 1, width, height, [])
    warnings.extend(f"trang {index + 1}: {note}" for note in read.notes)
    loose = " ".join(run.text.strip() for run in stamps.certificates + read.loose_stamps)
    if loose:
        warnings.append(f"trang {index + 1}: chữ ký số không nằm trên dòng chữ nào, đưa vào đầu trang: {loose[:80]}")
    return RawPage(index + 1, width, height, group_lines(read.runs), stamps=[loose] if loose else [])
