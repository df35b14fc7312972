"""The signer block of an administrative document (NĐ 30/2020 Phụ lục I, Phần I, Mục 9).

At the end of the text, right of the "Nơi nhận:" (recipients) list, the signature block reads,
top to bottom::

    TM. ỦY BAN NHÂN DÂN      <- authority: on behalf of (TM.), deputy for (KT.), by order of (TL., TUQ.)
    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH             <- the signer's title
    (signature, seal)
    Nguyễn Văn A             <- the signer's name

A consolidated text (văn bản hợp nhất) ends with the authentication block instead:
``XÁC THỰC VĂN BẢN HỢP NHẤT / CHỦ NHIỆM / name``. The block is found from its position: the
lines of the right half of the page, around the "Nơi nhận:" line or below the first authority
line.
"""

from __future__ import annotations

import re

from ingest.lines import Line
from ingest.models import ParagraphRole, Signer
from ingest.reader import RawPage

RECIPIENTS_RE = re.compile(r"^Nơi\s+nhận\s*:")
AUTHENTICATION = "XÁC THỰC VĂN BẢN HỢP NHẤT"
AUTHORITY_RE = re.compile(rf"^(?:(?:TM|T/M|KT|TL|TUQ|Q)\s*\.?\s+[A-ZĐÀ-Ỹ]|{AUTHENTICATION}\b)")
SIGNATURE_COLUMN = 0.4  # the block lies right of this fraction of the page width
ABOVE = 3.0  # lines: the block may start this far above the "Nơi nhận:" line
NAME_WORDS = (2, 6)
NAME_GAP = 12.0  # lines: the name is at most this far below the title (room for signature and seal)


def find_signer(pages: list[RawPage]) -> Signer | None:
    """The first signer block of the document (the main text's; an attachment may have its own)."""
    for page in pages:
        anchor = next((ln for ln in page.lines if RECIPIENTS_RE.match(ln.text.strip())), None)
        if anchor is None:
            anchor = next((ln for ln in page.lines if _in_column(ln, page) and AUTHORITY_RE.match(ln.text.strip())), None)
        if anchor is not None:
            signer = _block(page, anchor)
            if signer is not None:
                return signer
    return None


def authentication_block(pages: list[RawPage]) -> str | None:
    """The text of a consolidated text's closing authentication block, from its top down, without
    the block's heading: ``VĂN PHÒNG QUỐC HỘI / Số: 30/VBHN-VPQH / Hà Nội, ngày ... / CHỦ NHIỆM``,
    top to bottom (``ingest.metadata`` reads its number, issuer, place and date)."""
    for page in pages:
        anchor = next((ln for ln in page.lines if ln.text.strip().startswith(AUTHENTICATION)), None)
        if anchor is not None:
            below = [ln for ln in page.lines if ln is not anchor and ln.y <= anchor.y + 0.5 * anchor.size]
            return "\n".join(ln.text.strip() for ln in sorted(below, key=lambda ln: (-round(ln.y), ln.x)))
    return None


def _in_column(line: Line, page: RawPage) -> bool:
    return line.x > SIGNATURE_COLUMN * page.width


def _block(page: RawPage, anchor: Line) -> Signer | None:
    """Authority lines, title lines and the name, top to bottom in the signature column."""
    top = anchor.y + ABOVE * anchor.size
    column = sorted((ln for ln in page.lines if _in_column(ln, page) and ln.y <= top), key=lambda ln: -ln.y)
    authority: list[str] = []
    title: list[str] = []
    last_y = anchor.y  # where the block reached so far
    for line in column:
        text = " ".join(line.text.split())
        if line.y < last_y - NAME_GAP * anchor.size:
            break  # too far below the block: the text goes on
        if not title and AUTHORITY_RE.match(text):
            authority.append(text)
        elif _is_title(text) and (authority or title or line.y >= anchor.y - ABOVE * anchor.size):
            title.append(text)
        elif (authority or title) and _is_name(text):
            return Signer(" / ".join(authority) or None, " ".join(title) or None, text, page.number)
        else:
            continue  # a recipient reaching into the column, the seal's text, the date of a certification
        last_y = line.y
    if not authority:
        return None  # a title with neither authority nor name is a form's placeholder ("... CỦA NGƯỜI / KÝ")
    return Signer(" / ".join(authority), " ".join(title) or None, None, page.number)


def _is_title(text: str) -> bool:
    """An upper-case title: "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "CHỦ NHIỆM"."""
    words = text.split()
    return 1 <= len(words) <= 8 and text.isupper() and all(w.isalpha() for w in words)


def _is_name(text: str) -> bool:
    """A person's name: 2 to 6 capitalised words ("Phạm Thị Thanh Trà")."""
    words = text.split()
    return NAME_WORDS[0] <= len(words) <= NAME_WORDS[1] and all(
        w.isalpha() and w[0].isupper() and w[1:].islower() for w in words
    )


def closing_roles(texts: list[str], signer: Signer | None) -> list[ParagraphRole]:
    """The role of each paragraph: the "Nơi nhận:" list (its heading and "- ..." items) is
    "recipients", the signer block's lines are "signature", all else "text". Both stay searchable;
    an answer sentence is never taken from them."""
    roles: list[ParagraphRole] = ["text"] * len(texts)
    closing = False
    for i, text in enumerate(texts):
        text = " ".join(text.split())
        if RECIPIENTS_RE.match(text):
            closing = True
            roles[i] = "recipients"
        elif closing and text.startswith(("-", "+", "•")):
            roles[i] = "recipients"
        elif closing and _is_signature(text, signer):
            roles[i] = "signature"
            closing = not (signer is not None and signer.name and signer.name in text)  # the name ends the block
        else:
            closing = False
    return roles


def _is_signature(text: str, signer: Signer | None) -> bool:
    """A line of the signer block as the flow joined it ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Trần Hữu Tuấn")."""
    if AUTHORITY_RE.match(text):
        return True
    return signer is not None and any(part and part in text for part in (signer.name, signer.title))
