"""Text drawn by annotations: signature stamps and stamp/free-text annotations.

In digitally signed documents the number, and often the day or month, is not in the page
content: the signing software draws it in a signature widget (``/Annots`` entry of subtype
``/Widget``) whose normal appearance (``/AP /N``, a form XObject) holds the text. pypdf's page
text then reads ``Số:      /TTr-STP``. Here the text of every annotation's normal appearance is
read with pypdf and placed on the page: the form's ``/Matrix`` maps its ``/BBox`` onto the
annotation's ``/Rect`` (PDF 32000-1, 12.5.5), nested forms add their own matrix.

Each stamp line becomes a ``Run`` in page coordinates; ``ingest.glyphs.overlay_stamps`` puts a
one-line stamp that sits on a line of page text into that line. The others (the signer's
certificate block of several lines: ``Ký bởi: …``, ``18.11.2024 07:25:14 +07:00``) are not
document text: the reader keeps them for the page header.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import DictionaryObject, StreamObject

from ingest.glyphs import mult
from ingest.lines import Run
from tracuu.vn.normalize import nfc

STAMP_SUBTYPES = ("/Widget", "/Stamp", "/FreeText")
HIDDEN_FLAGS = 2 | 32  # annotation flags Hidden and NoView (PDF 32000-1, 12.5.3)
IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
ENTERED, NOT_A_FORM = "entered", "not a form"


@dataclass
class PageStamps:
    values: list[Run] = field(default_factory=list)  # one-line stamps: a number, a day, a month
    certificates: list[Run] = field(default_factory=list)  # several lines: "Ký bởi: ...", "Thời gian ký: ..."
    problems: list[str] = field(default_factory=list)  # a Vietnamese warning per appearance not read


def stamp_runs(page: PageObject) -> PageStamps:
    """The text runs of the page's annotation appearances in page coordinates. A one-line
    appearance is a value stamped into the text; one of several lines is a signer's certificate,
    never the document's text (its date is the signing time, not the document's)."""
    stamps = PageStamps()
    try:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else []
        refs = list(annots) if isinstance(annots, list) else []
    except Exception as exc:  # a damaged /Annots entry
        stamps.problems.append(f"không đọc được danh sách chú thích của trang ({type(exc).__name__})")
        return stamps
    for ref in refs:
        try:
            runs = _annotation_runs(page, ref.get_object())
        except Exception as exc:  # a damaged appearance stream: its text is lost, the page's is not
            stamps.problems.append(f"không đọc được chữ trong dấu/chữ ký số ({type(exc).__name__})")
            continue
        (stamps.values if len(runs) == 1 else stamps.certificates).extend(runs)
    return stamps


def _annotation_runs(page: PageObject, annot: Any) -> list[Run]:
    if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") not in STAMP_SUBTYPES:
        return []
    if int(annot.get("/F", 0)) & HIDDEN_FLAGS:
        return []
    form = _normal_appearance(annot)
    return _form_runs(page, form, _placement(form, annot["/Rect"])) if form is not None else []


def _normal_appearance(annot: DictionaryObject) -> StreamObject | None:
    """The form drawn when the annotation is shown (``/AP /N``, or its ``/AS`` state)."""
    ap = annot.get("/AP")
    ap = ap.get_object() if ap is not None else None
    normal = ap.get("/N") if isinstance(ap, DictionaryObject) else None
    normal = normal.get_object() if normal is not None else None
    if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):
        state = annot.get("/AS")
        normal = normal[state].get_object() if state is not None and state in normal else None
    return normal if isinstance(normal, StreamObject) else None


def _numbers(values: Any, default: list[float]) -> list[float]:
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError):
        return default


def _placement(form: StreamObject, rect: Any) -> list[float]:
    """Form space -> page space: the form's /Matrix, then the map of its transformed /BBox onto /Rect."""
    matrix = _numbers(form.get("/Matrix", IDENTITY), IDENTITY)
    x0, y0, x1, y1 = _numbers(form.get("/BBox"), [0.0, 0.0, 1.0, 1.0])
    corners = [(x * matrix[0] + y * matrix[2] + matrix[4], x * matrix[1] + y * matrix[3] + matrix[5])
               for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    bx0, bx1 = min(c[0] for c in corners), max(c[0] for c in corners)
    by0, by1 = min(c[1] for c in corners), max(c[1] for c in corners)
    r = _numbers(rect, [0.0, 0.0, 0.0, 0.0])
    rx0, rx1, ry0, ry1 = min(r[0], r[2]), max(r[0], r[2]), min(r[1], r[3]), max(r[1], r[3])
    sx = (rx1 - rx0) / (bx1 - bx0) if bx1 > bx0 else 1.0
    sy = (ry1 - ry0) / (by1 - by0) if by1 > by0 else 1.0
    return mult(matrix, [sx, 0.0, 0.0, sy, rx0 - bx0 * sx, ry0 - by0 * sy])


def _form_runs(page: PageObject, form: StreamObject, placement: list[float]) -> list[Run]:
    """Runs of a form's text, nested forms included. pypdf extracts a nested form with a fresh
    graphics state, so the matrix under which each form runs is tracked here."""
    runs: list[Run] = []
    frames: list[tuple[DictionaryObject, list[float]]] = [(_resources(form, None), placement)]
    # per Do being run: the frame of the form it calls until that form's first operator, then
    # ENTERED; NOT_A_FORM for images
    calls: list[tuple[DictionaryObject, list[float]] | str] = []

    def before(op: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if calls and isinstance(calls[-1], tuple):
            frames.append(calls[-1])  # the first operator inside the called form
            calls[-1] = ENTERED
        if op == b"Do" and operands:
            resources, base = frames[-1]
            xobjects = resources.get("/XObject")
            called = xobjects.get_object().get(operands[0]) if xobjects is not None else None
            called = called.get_object() if called is not None else None
            if isinstance(called, StreamObject) and called.get("/Subtype") == "/Form":
                matrix = _numbers(called.get("/Matrix", IDENTITY), IDENTITY)
                calls.append((_resources(called, resources), mult(mult(matrix, list(cm)), base)))
            else:
                calls.append(NOT_A_FORM)

    def after(op: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Do" and operands and calls and calls.pop() == ENTERED:
            frames.pop()

    def visit(text: str, cm: list[float], tm: list[float], font_dict: Any, font_size: float) -> None:
        m = mult(mult(list(tm), list(cm)), frames[-1][1])
        size = abs(font_size * math.hypot(m[2], m[3])) or abs(font_size)
        for i, part in enumerate(text.split("\n")):
            if part.strip():
                font = str((font_dict or {}).get("/BaseFont", "")) if isinstance(font_dict, dict) else ""
                runs.append(Run(nfc(part), m[4], m[5] - i * size * 1.2, round(size, 2), font))

    page.extract_xform_text(form, visitor_operand_before=before, visitor_operand_after=after, visitor_text=visit)
    return runs


def _resources(form: StreamObject, parent: DictionaryObject | None) -> DictionaryObject:
    resources = form.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    return resources if isinstance(resources, DictionaryObject) else parent or DictionaryObject()
