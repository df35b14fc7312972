"""Glyph positions of the text-showing operators of a page, and the lines they repair.

LibreOffice draws a line in its main font leaving holes (big TJ offsets) for the glyphs that
font lacks, then draws those glyphs in a fallback font, positioned into the holes. pypdf
reports the two pieces one after the other ("S : 30/2020/NĐ-CP" then "ố"). To put the glyphs
back in place we compute the x extent of every glyph ourselves: from the text matrix, the
font widths, Tc/Tw/Tz and the TJ offsets, and order by x only the runs of such a line.
Widths and decoding come from pypdf's ``Font`` (``Font.from_font_resource``, imported from
pypdf's private layout-mode package on purpose: pypdf is pinned to 7.1.1 in pyproject.toml,
and this is how pypdf's own text extraction decodes, so our glyphs match its text).

The same glyph positions put a signature stamp's text (``ingest.stamps``) into the line it is
drawn on: see ``overlay_stamps``.

OCR layers (ABBYY FineReader) place every glyph of a line with its own TJ offset and draw the word
spaces as space glyphs; pypdf reads any offset over half a space as a word gap ("G iấy phép đặc
b iệ t" for "Giấy phép đặc biệt"). In a TJ array that draws space glyphs, an offset narrower than
a space is letter spacing: ``close_letter_gaps`` splits it before pypdf reads it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from pypdf import PageObject
from pypdf.generic import NameObject
from pypdf._text_extraction._layout_mode import Font

from ingest.lines import MARKER_SIZE_RATIO, MARKER_TEXT_RE, Run, em_width
from tracuu.vn.normalize import nfc


def mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]



WORD_GAP = 0.15  # a gap wider than this (in em) between two glyphs is a word space
# of a space's width: a TJ offset piece no wider than this is never read as a word gap by pypdf
# (it reads one from 0.95 x half a space)
LETTER_GAP = 0.4
HOLE_TOLERANCE = 0.1  # em


class _Glyph(NamedTuple):
    text: str
    x0: float
    x1: float
    y: float
    size: float  # effective font size
    font: str  # font resource name


@dataclass(frozen=True)
class _TextState:
    font: str = ""
    font_size: float = 0.0
    char_spacing: float = 0.0  # Tc
    word_spacing: float = 0.0  # Tw
    scale: float = 1.0  # Tz / 100


@dataclass
class _Show:
    """One text-showing operator (Tj or TJ) with the state it ran under."""

    items: list[Any] | None  # the strings and offsets shown; None when we cannot place them
    matrix: list[float]  # text matrix x CTM when the operator ran
    state: _TextState
    continues: bool  # no text positioning since the previous show: it starts where that one ended
    start: float = 0.0  # x where the show begins (before any leading TJ offset)
    glyphs: list[_Glyph] | None = None  # None: not placed (rotated text, unknown font or encoding, form)


class ShowRecorder:
    """Follows the text state through pypdf's operator callbacks and records every show operator.

    pypdf does not advance its text matrix after showing text and keeps Tc/Tw/Tz to itself,
    so these are tracked here. Text inside form XObjects is recorded but not placed."""

    def __init__(self, font_of: Callable[[str], Font | None] | None = None) -> None:
        self.font_of = font_of  # given: letter gaps of TJ arrays are closed (``close_letter_gaps``)
        self.shows: list[_Show] = []
        self.state = _TextState()
        self.saved: list[_TextState] = []
        self.form_depth = 0
        self.moved = True

    def before(self, op: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if op in (b"q", b"Do"):
            self.saved.append(self.state)
            self.form_depth += op == b"Do"
        elif op == b"Q" and self.saved:
            self.state = self.saved.pop()
        elif op in _STATE_OPERATORS:
            self.state = _set_state(self.state, op, operands)
        elif op in (b"BT", b"Td", b"TD", b"Tm", b"T*"):
            self.moved = True
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            font = self.font_of(self.state.font) if self.font_of and op == b"TJ" and self.form_depth == 0 else None
            if font is not None and operands and isinstance(operands[0], list):
                close_letter_gaps(operands[0], font)
            items = _shown_items(op, operands) if self.form_depth == 0 else None
            self.shows.append(_Show(items, mult(list(tm), list(cm)), self.state, not self.moved))
            self.moved = False

    def after(self, op: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Do" and self.saved:
            self.state = self.saved.pop()
            self.form_depth -= 1


_STATE_OPERATORS = (b"Tf", b"Tc", b"Tw", b"Tz")


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) else default


def _set_state(state: _TextState, op: bytes, operands: list[Any]) -> _TextState:
    first = operands[0] if operands else None
    if op == b"Tf":
        size = _number(operands[1], state.font_size) if len(operands) > 1 else state.font_size
        return replace(state, font=str(first), font_size=size)
    if op == b"Tc":
        return replace(state, char_spacing=_number(first, 0.0))
    if op == b"Tw":
        return replace(state, word_spacing=_number(first, 0.0))
    return replace(state, scale=_number(first, 100.0) / 100)


def _shown_items(op: bytes, operands: list[Any]) -> list[Any] | None:
    """The strings and offsets of a Tj/TJ; None for ' and " (they move to the next line first)."""
    if op == b"Tj" and operands and isinstance(operands[0], (str, bytes)):
        return [operands[0]]
    if op == b"TJ" and operands and isinstance(operands[0], list):
        return list(operands[0])
    return None


def _decode(font: Font, data: str | bytes) -> list[tuple[str, str, float]] | None:
    """(code, text, width in 1/1000 em) of each glyph, decoded as pypdf's text extraction decodes it."""
    if isinstance(data, str):
        codes = [(c, c) for c in data]
    elif isinstance(font.encoding, dict):
        codes = [(chr(b), font.encoding.get(b, chr(b))) for b in data]
    else:
        try:
            codes = [(c, c) for c in data.decode(font.encoding, "surrogatepass")]
        except (UnicodeDecodeError, LookupError):
            return None
    widths = font.character_widths
    return [(code, font.character_map.get(m, m), widths.get(code, widths["default"])) for code, m in codes]


def close_letter_gaps(items: list[Any], font: Font) -> None:
    """Split in place each offset of a TJ array narrower than a space into pieces no wider than
    LETTER_GAP of a space, when the array draws space glyphs of its own (then such an offset is
    letter spacing, not a word gap). The pen moves the same; an array without space glyphs, or a
    wider offset, is left as it is."""
    width = float(font.space_width or 0)
    texts = [item for item in items if isinstance(item, (str, bytes)) and not isinstance(item, NameObject)]
    if width <= 0 or not any(" " in glyph for item in texts for _, glyph, _ in _decode(font, item) or []):
        return
    step = LETTER_GAP * width
    closed: list[Any] = []
    for item in items:
        if isinstance(item, (int, float)) and -width < item < -step:
            pieces = math.ceil(-item / step)
            closed.extend([item / pieces] * pieces)
        else:
            closed.append(item)
    items[:] = closed


def font_loader(page: PageObject) -> Callable[[str], Font | None]:
    """The page's fonts by resource name, each built on first use."""
    fonts: dict[str, Font | None] = {}

    def load(name: str) -> Font | None:
        if name not in fonts:
            try:
                resources = page["/Resources"].get_object()["/Font"].get_object()
                fonts[name] = Font.from_font_resource(resources[name].get_object())
            except (KeyError, AttributeError, TypeError):  # what pypdf's own extraction skips too
                fonts[name] = None
        return fonts[name]

    return load


def _place_glyphs(shows: list[_Show], font_of: Callable[[str], Font | None]) -> None:
    """Set ``start`` and ``glyphs`` of every upright show whose font and encoding are known."""
    pen: float | None = 0.0  # advance in text space since the last positioning; None: unknown
    decoded: dict[tuple[str, str | bytes], list[tuple[str, str, float]] | None] = {}
    for show in shows:
        if not show.continues:
            pen = 0.0
        m = show.matrix
        font = font_of(show.state.font)
        placeable = show.items is not None and font is not None and abs(m[1]) < 1e-6 and abs(m[2]) < 1e-6 and m[0] > 0
        pen = _place_show(show, font, pen, decoded) if pen is not None and placeable else None


def _place_show(
    show: _Show, font: Font, pen: float, decoded: dict[tuple[str, str | bytes], list[tuple[str, str, float]] | None]
) -> float | None:
    """Place the glyphs of one show starting ``pen`` text space units after its matrix origin;
    returns where the pen ends, None when the show cannot be placed."""
    m, state = show.matrix, show.state
    size = round(abs(state.font_size * m[3]), 2)
    em = state.font_size * state.scale / 1000  # text space units per 1/1000 em
    start = m[4] + pen * m[0]
    glyphs: list[_Glyph] = []
    for item in show.items or []:
        if isinstance(item, (int, float)):
            pen -= item * em
            continue
        if not isinstance(item, (str, bytes)) or isinstance(item, NameObject):
            return None
        if (state.font, item) not in decoded:  # the same words and glyphs come back often
            decoded[state.font, item] = _decode(font, item)
        if (codes := decoded[state.font, item]) is None:
            return None
        word_spacing = state.word_spacing if isinstance(item, bytes) and isinstance(font.encoding, dict) else 0.0
        for code, text, width in codes:
            x0 = m[4] + pen * m[0]
            glyphs.append(_Glyph(text, x0, x0 + width * em * m[0], m[5], size, state.font))
            pen += width * em + (state.char_spacing + (word_spacing if code == " " else 0.0)) * state.scale
    show.start, show.glyphs = start, glyphs
    return pen


def fill_holes(
    page: PageObject, runs: list[Run], covered: list[tuple[int, int, bool]], shows: list[_Show]
) -> list[Run]:
    """Rebuild, ordered by x, the runs of each line whose holes a later show filled, and split a
    run that holds a small footnote number (``_mixed``); all other runs stay exactly as pypdf
    read them."""
    if len(shows) < 2:
        return runs
    font_of = font_loader(page)
    _place_glyphs(shows, font_of)
    runs = _measured(runs, covered, shows)
    pairs = _hole_fillings(shows)
    groups = _groups(pairs, covered, len(shows)) if pairs else []
    grouped = {r for run_ids, _ in groups for r in run_ids}
    groups += [
        ([r], list(range(first, end)))
        for r, (first, end, _) in enumerate(covered)
        if r not in grouped and _mixed(shows[first:end])
    ]
    if not groups:
        return runs
    rebuilt_at: dict[int, list[Run]] = {}  # first run of a rebuilt line piece -> its new runs
    ends: dict[int, Run] = {}  # last run of a rebuilt line piece -> its last new run
    dropped: set[int] = set()
    for run_ids, show_ids in groups:
        if any(shows[k].glyphs is None for k in show_ids) or any(covered[r][2] for r in run_ids):
            continue  # part of the line cannot be placed: keep what pypdf read
        glyphs = [g for k in show_ids for g in shows[k].glyphs or []]
        rebuilt = _runs_from_glyphs(glyphs, font_of)
        if _inked(runs[r].text for r in run_ids) != _inked(run.text for run in rebuilt):
            continue  # not the same glyphs as pypdf read: keep those
        rebuilt_at[run_ids[0]] = rebuilt
        dropped.update(run_ids[1:])
        ends[run_ids[-1]] = rebuilt[-1]
    # pypdf measures the gap to the next piece of the line from the end of the fallback glyphs,
    # so a space it put there on its own (a run of no glyphs) is judged again from the real end.
    for last, before in ends.items():
        space, following = last + 1, last + 2
        if following < len(runs) and covered[space][0] == covered[space][1] and runs[space].text.isspace():
            after = rebuilt_at[following][0] if following in rebuilt_at else runs[following]
            if not _word_space(before, after):
                dropped.add(space)
    out: list[Run] = []
    for i, run in enumerate(runs):
        if i not in dropped:
            out.extend(rebuilt_at.get(i, [run]))
    return out


def _mixed(shows: list[_Show]) -> bool:
    """A pypdf run that holds a footnote number set smaller than its text: pypdf joins text drawn
    without a font change (the size set by the text matrix), so the number would take the size
    of the text around it ("7." + small raised "7" + " LS", "7" + " Khoản này …"). Only a run
    drawn left to right, with a piece of small digits, is split (by size and baseline)."""
    glyphs = [g for show in shows for g in show.glyphs or [] if g.text.strip()]
    if any(b.x0 < a.x0 for a, b in zip(glyphs, glyphs[1:])):
        return False
    pieces: list[list[_Glyph]] = []
    for g in glyphs:
        if pieces and (g.size, g.y) == (pieces[-1][0].size, pieces[-1][0].y):
            pieces[-1].append(g)
        else:
            pieces.append([g])
    largest = max((g.size for g in glyphs), default=0.0)
    return len(pieces) > 1 and any(
        MARKER_TEXT_RE.match("".join(g.text for g in piece)) and piece[0].size <= MARKER_SIZE_RATIO * largest
        for piece in pieces
    )


def _measured(runs: list[Run], covered: list[tuple[int, int, bool]], shows: list[_Show]) -> list[Run]:
    """Each run whose glyphs could be placed gets its real end. A space pypdf put in front of a
    run on its own (no space glyph is drawn there) is dropped when the run's first glyph starts
    where the run before it ends: fonts that draw every accented letter from another font make
    pypdf write "c ơ quan", "th ẩm quyền" (VBHN-30)."""
    out: list[Run] = []
    last_y = 0.0  # baseline of the last glyph of the run before (not the run's: it may open with a raised marker)
    for i, run in enumerate(runs):
        first, end, several = covered[i]
        glyphs = [g for show in shows[first:end] for g in show.glyphs or []]
        placed = not several and end > first and all(show.glyphs is not None for show in shows[first:end])
        inked = [g for g in glyphs if g.text.strip()]
        if not placed or not inked or _inked([run.text]) != _inked(g.text for g in inked):
            out.append(run)
            continue
        run = replace(run, end=max(g.x1 for g in inked))
        prev = out[-1] if out else None
        if (
            run.text[:1].isspace() and not glyphs[0].text.isspace() and prev is not None and prev.end is not None
            and abs(last_y - glyphs[0].y) < 0.2 * run.size and prev.text[-1:].isalpha()
            and glyphs[0].x0 - prev.end <= WORD_GAP * run.size
        ):
            run = replace(run, text=run.text.lstrip())
        out.append(run)
        last_y = inked[-1].y
    return out


def _word_space(before: Run, after: Run) -> bool:
    """Whether a space belongs between a rebuilt run (its end known) and the next run."""
    if abs(after.y - before.y) > 0.2 * before.size:
        return True  # another line: the space is harmless
    if before.text[-1:].isspace() or after.text[:1].isspace():
        return False
    return after.x - (before.end or before.x) > WORD_GAP * before.size


def _inked(texts: Iterable[str]) -> Counter[str]:
    return Counter(c for c in nfc("".join(texts)) if not c.isspace())


def _hole_fillings(shows: list[_Show]) -> list[tuple[int, int]]:
    """(earlier, later) pairs of shows where the later one fills holes of the earlier one. Only a
    show that starts left of the end of the text already drawn on its baseline is compared."""
    pairs: list[tuple[int, int]] = []
    by_line: dict[int, list[int]] = {}
    line_end: dict[int, float] = {}  # right end of the text drawn so far on each baseline
    for j, later in enumerate(shows):
        if not later.glyphs:
            continue
        first = later.glyphs[0]
        key = round(first.y)
        tolerance = HOLE_TOLERANCE * first.size
        keys = (key - 1, key, key + 1)
        if first.x0 < max(line_end.get(k, -math.inf) for k in keys) - tolerance:  # text going back: rare
            pairs.extend((i, j) for k in keys for i in by_line.get(k, []) if _fills_holes(shows[i], later))
        by_line.setdefault(key, []).append(j)
        line_end[key] = max(line_end.get(key, -math.inf), max(g.x1 for g in later.glyphs))
    return pairs


def _fills_holes(earlier: _Show, later: _Show) -> bool:
    """The later show's glyphs lie among the earlier one's (or end where it starts, for a hole that
    opens a line), on its baseline, and none of them lands on an inked glyph of the earlier show."""
    inked = [g for g in earlier.glyphs or [] if g.text.strip() and g.x1 > g.x0]
    filling = [g for g in later.glyphs or [] if g.text.strip()]
    if not inked or not filling:
        return False  # only spaces or zero-width marks: no holes to fill
    tolerance = HOLE_TOLERANCE * inked[0].size
    if abs(filling[0].y - inked[0].y) > 0.2 * inked[0].size:
        return False
    if not (min(g.x0 for g in filling) < max(g.x1 for g in earlier.glyphs or []) - tolerance
            and max(g.x1 for g in filling) > earlier.start - tolerance):
        return False
    return not any(a.x0 < (g.x0 + g.x1) / 2 < a.x1 for g in filling for a in inked)


def _groups(
    pairs: list[tuple[int, int]], covered: list[tuple[int, int, bool]], count: int
) -> list[tuple[list[int], list[int]]]:
    """(run ids, show ids) of each line to rebuild: the shows joined by a hole filling, and all
    shows of every run that reports one of them (pypdf may put several shows in one run)."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for first, end, _ in covered:
        for k in range(first + 1, end):
            parent[root(k)] = root(first)
    for i, j in pairs:
        parent[root(j)] = root(i)
    filled = {root(i) for i, _ in pairs}
    groups: dict[int, tuple[list[int], list[int]]] = {r: ([], []) for r in filled}
    for r, (first, end, _) in enumerate(covered):
        if first < end and root(first) in filled:
            groups[root(first)][0].append(r)
    for k in range(count):
        if root(k) in filled:
            groups[root(k)][1].append(k)
    return list(groups.values())


def _runs_from_glyphs(glyphs: list[_Glyph], font_of: Callable[[str], Font | None]) -> list[Run]:
    """Glyphs ordered by x, one run per piece of one size and baseline (a superscript stays a run
    of its own): the fallback glyphs join the run they fill, which is named after the font of most
    of its glyphs. A gap wider than WORD_GAP between two glyphs is a space."""
    pieces: list[tuple[list[_Glyph], list[str]]] = []  # (glyphs, text parts) of each run
    prev: _Glyph | None = None
    for g in sorted(glyphs, key=lambda g: g.x0):
        if prev is not None and g.x0 - prev.x1 > WORD_GAP * g.size and prev.text.strip() and g.text.strip():
            pieces[-1][1].append(" ")
        if prev is None or (g.size, g.y) != (prev.size, prev.y):
            pieces.append(([], []))
        pieces[-1][0].append(g)
        pieces[-1][1].append(g.text)
        prev = g
    runs = []
    for shown, parts in pieces:
        fonts = Counter(g.font for g in shown if g.text.strip()).most_common(1)
        font = fonts[0][0] if fonts else shown[0].font
        end = max(g.x1 for g in shown)
        runs.append(Run(nfc("".join(parts)), shown[0].x0, shown[0].y, shown[0].size, _base_font(font_of(font)), end))
    return runs


def _base_font(font: Font | None) -> str:
    """The font's /BaseFont as the visitor reports it (a name with its slash)."""
    return f"/{font.name}" if font is not None else ""



# --- Signature stamps drawn over a line ----------------------------------------------------
#
# A signing tool draws the number or the day of a document in a small stamp laid over the typed
# line, where the typist left blanks ("Số:      /TTr-STP"). The line is rebuilt from glyph
# positions with the stamp's text in place, set off by single spaces (it is a field of its own:
# "Số: 141 /TTr-STP", "ngày 11 tháng 02"). A typed glyph the stamp is drawn over gives way to
# the stamp: the signer stamped the real value over a draft one ("tháng 4" under a stamped "5").

STAMP_REACH = 2.0  # em: a wider gap on a line separates two columns (as in ingest.lines)
_BLANKS_RE = re.compile(r"\s+")
STAMP_BASELINE = 0.35  # em: a stamp this close to a line's baseline is drawn on that line


def overlay_stamps(
    page: PageObject, runs: list[Run], covered: list[tuple[int, int, bool]], shows: list[_Show], stamps: list[Run]
) -> tuple[list[Run], list[tuple[int, int, bool]], list[Run], list[str]]:
    """Put each stamp run into the line of page text it is drawn on. Returns the runs and their
    covered shows (a rebuilt run covers none and is marked as not to be rebuilt again), the stamp
    runs on no line of text, and a note (in Vietnamese) for each typed glyph a stamp hid or each
    stamp that could only be put at the end of its line."""
    font_of = font_loader(page)
    _place_glyphs(shows, font_of)
    loose: list[Run] = []
    lines: list[tuple[set[int], list[Run]]] = []  # (shows of one line of text, the stamps on it)
    for stamp in stamps:
        near = _shows_near(shows, stamp)
        if not near:
            loose.append(stamp)
            continue
        # every show of the runs that report one of them: those runs are rebuilt as a whole
        ids = {k for first, end, _ in covered if any(first <= n < end for n in near) for k in range(first, end)} | near
        joined = [line for line in lines if line[0] & ids]
        for line in joined:
            lines.remove(line)
        lines.append((ids.union(*(line[0] for line in joined)), [s for line in joined for s in line[1]] + [stamp]))
    notes: list[str] = []
    replaced: dict[int, list[Run]] = {}  # first run of a rebuilt line -> its new runs
    dropped: set[int] = set()
    for show_ids, on_line in lines:
        run_ids = [r for r, (first, end, _) in enumerate(covered) if any(first <= k < end for k in show_ids)]
        glyphs = [g for k in sorted(show_ids) for g in shows[k].glyphs or []]
        if not run_ids:  # the text there is only blanks pypdf did not report: no line to put it in
            loose.extend(on_line)
            continue
        placeable = all(shows[k].glyphs is not None for k in show_ids) and not any(covered[r][2] for r in run_ids)
        if not placeable or _inked(runs[r].text for r in run_ids) != _inked(g.text for g in glyphs):
            last = run_ids[-1]
            replaced[last] = [runs[last], *on_line] if last not in replaced else replaced[last] + on_line
            notes.extend(f"chữ trong dấu ký số '{s.text.strip()}' được đặt ở cuối dòng" for s in on_line)
            continue
        stamp_glyphs = [_stamp_glyphs(s) for s in on_line]
        hidden = [g for g in glyphs if g.text.strip() and any(_under(g, sg) for sg in stamp_glyphs)]
        for g in hidden:
            stamp = next(s for s, sg in zip(on_line, stamp_glyphs) if _under(g, sg))
            notes.append(f"dấu ký số '{stamp.text.strip()}' được vẽ đè lên chữ in sẵn '{g.text}': lấy chữ trong dấu")
        kept = [g for g in glyphs if g not in hidden]
        replaced[run_ids[0]] = _line_with_stamps(kept, stamp_glyphs, on_line, font_of)
        dropped.update(run_ids[1:])
    out: list[Run] = []
    out_covered: list[tuple[int, int, bool]] = []
    for i, run in enumerate(runs):
        if i in dropped:
            continue
        for new in replaced.get(i, [run]):
            out.append(new)
            out_covered.append(covered[i] if new is run else (0, 0, True))
    return out, out_covered, loose, notes


def _shows_near(shows: list[_Show], stamp: Run) -> set[int]:
    """The shows of the text the stamp is drawn in: inked glyphs on its baseline chained to it by
    gaps under STAMP_REACH em (a wider gap is the other column), and the blanks among them."""
    start = stamp.x
    end = start + sum(em_width(c) for c in stamp.text) * stamp.size
    reach = STAMP_REACH * stamp.size
    on_line = [
        (g, k) for k, show in enumerate(shows) for g in show.glyphs or []
        if abs(g.y - stamp.y) <= STAMP_BASELINE * max(g.size, stamp.size)
    ]
    inked = sorted(((g, k) for g, k in on_line if g.text.strip()), key=lambda gk: gk[0].x0)
    taken: set[int] = set()
    grown = True
    while grown:
        grown = False
        for i, (g, _) in enumerate(inked):
            if i not in taken and g.x0 <= end + reach and g.x1 >= start - reach:
                taken.add(i)
                start, end = min(start, g.x0), max(end, g.x1)
                grown = True
    if not taken:
        return set()
    return {inked[i][1] for i in taken} | {k for g, k in on_line if start <= g.x0 and g.x1 <= end}


def _stamp_glyphs(stamp: Run) -> list[_Glyph]:
    """The stamp's inked characters, placed with estimated widths (a stamp is a few digits)."""
    glyphs = []
    x = stamp.x
    for c in stamp.text:
        width = em_width(c) * stamp.size
        if c.strip():
            glyphs.append(_Glyph(c, x, x + width, stamp.y, stamp.size, stamp.font))
        x += width
    return glyphs


def _under(glyph: _Glyph, stamp: list[_Glyph]) -> bool:
    """A typed glyph whose middle lies under the stamp's inked characters."""
    middle = (glyph.x0 + glyph.x1) / 2
    return bool(stamp) and stamp[0].x0 < middle < stamp[-1].x1 and abs(glyph.y - stamp[0].y) < 0.5 * stamp[0].size


def _line_with_stamps(
    glyphs: list[_Glyph], stamp_glyphs: list[list[_Glyph]], stamps: list[Run], font_of: Callable[[str], Font | None]
) -> list[Run]:
    """The line's runs rebuilt from its glyphs, the stamps' text in place: pieces of typed text
    (blanks left for a stamp collapsed to one space) and one run per stamp, one space between."""
    pieces: list[tuple[float, list[Run]]] = [
        (inked[0].x0, [replace(stamp, text=" ".join(stamp.text.split()), x=inked[0].x0, end=inked[-1].x1)])
        for inked, stamp in zip(stamp_glyphs, stamps) if inked
    ]
    starts = [x for x, _ in pieces]
    typed: list[_Glyph] = []
    for g in sorted(glyphs, key=lambda g: g.x0):
        if typed and any(typed[-1].x0 < x <= g.x0 for x in starts):  # a stamp lies between
            pieces.append((typed[0].x0, _runs_from_glyphs(typed, font_of)))
            typed = []
        typed.append(g)
    if typed:
        pieces.append((typed[0].x0, _runs_from_glyphs(typed, font_of)))
    out: list[Run] = []
    for _, piece in sorted(pieces, key=lambda p: p[0]):
        runs = [replace(run, text=_BLANKS_RE.sub(" ", run.text)) for run in piece]
        while runs and not runs[0].text.strip():
            runs.pop(0)
        while runs and not runs[-1].text.strip():
            runs.pop()
        if not runs:
            continue
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
        # a stamp is a field of its own: one space on each side
        runs[0] = replace(runs[0], text=(" " if out else "") + runs[0].text.lstrip())
        out.extend(runs)
    return out
