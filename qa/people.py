"""Who-questions: a person's name ("Ai là Phó Bí thư ...?"), the holder of a role ("Ai làm Trưởng
Ban Chỉ đạo?" -> "Bí thư Tỉnh ủy", written "do đồng chí Bí thư Tỉnh ủy làm Trưởng Ban Chỉ đạo"), or
a body ("Cơ quan nào chủ trì ...?" -> "Sở Nội vụ", the body named next to the question's words)."""

from __future__ import annotations

import re

from qa.analyze import QuestionInfo, asks_many
from tracuu.vn.normalize import fold_diacritics

_SURNAMES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý nông lương mai đinh "
    "hà lâm tô trịnh đoàn chu triệu vi lục hứa tạ cao quách thân văn".split()
)
# "Ai là/làm ...?", "... là ai?", a question opening with "Ai" ("Ai chỉ đạo biên soạn ...?") and a
# passive's agent ("... do ai ban hành?", "... được ai thông qua?").
_ASKS_PERSON_RE = re.compile(
    r"(?:^|\s)ai\s+(?:là|la|làm|lam)\b|\b(?:là|la)\s+ai\b|^\W*ai\s+\w+|\b(?:do|được|duoc|bởi|boi)\s+ai\s+\w+"
)
# "Ai <does> ...?" (not "Ai là/làm"): a person, or the body that did it ("Ai đề xuất Án lệ 72?").
_ASKS_AGENT_RE = re.compile(r"^\W*ai\s+(?!(?:là|la|làm|lam)\b)\w+")
# "Ai là <X>?", "<X> là ai?" (folded): <X>, the one asked about.
_ASKS_COPULA_RE = re.compile(r"^\W*ai\s+la\s+(.+?)\W*$|^\W*(.+?)\s+la\s+ai\W*$")
# "ai (được giao) làm <role>": the role asked about, folded.
_ASKS_ROLE_RE = re.compile(r"\bai (?:(?:duoc|se|da) )?(?:(?:giao|cu|bo nhiem) )?lam ((?:\w+ ?){1,3})")
# What may stand right before a role holder: "do đồng chí", "giao đồng chí", a clause start.
_HOLDER_START_RE = re.compile(r"(?:đồng chí|giao|do|là|[,;:(])\s*", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
# A name answers "ai là ..." only with this share of the question's words within NAME_WINDOW characters.
NAME_KEYWORDS = 0.6
NAME_WINDOW = 60
# "<X> là <Y>" answers "Ai là <X>?" when the words before "là" hold this share of <X>'s keywords
# (documents shorten what they named in full: "Quỹ Khuyến học tỉnh Bình Thuận (gọi tắt là Quỹ)").
COPULA_SHARE = 0.5
HOLDER_MAX = 60  # longest role holder ("Giám đốc Sở Kế hoạch và Đầu tư")
# "cơ quan nào", "đơn vị nào", "bộ nào" ...: a body is asked (accentless).
_ASKS_BODY_RE = re.compile(r"\b(?:co quan|don vi|to chuc|bo|ban|so|cap|chu the) nao\b")
# The head nouns of Vietnamese public bodies, capitalised as written in a body's name.
BODY_HEADS = (
    "Ủy ban", "Uỷ ban", "UBND", "HĐND", "Hội đồng", "Văn phòng", "Tổng cục", "Chi cục", "Cục", "Vụ", "Sở", "Bộ", "Ban",
    "Phòng", "Trung tâm", "Thanh tra", "Công an", "Kho bạc", "Quốc hội", "Chính phủ", "Tỉnh ủy", "Tỉnh uỷ",
    "Thành ủy", "Huyện ủy", "Đảng ủy", "Liên đoàn", "Hội", "Đoàn", "Viện", "Tòa án", "Mặt trận", "Ngân hàng",
    "Quỹ", "Câu lạc bộ", "Hiệp hội", "Đài", "Báo", "Trường", "Bệnh viện",
)
_STANDALONE = frozenset({"Quốc hội", "Chính phủ", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Huyện ủy", "UBND", "HĐND"})
# An office written before its body belongs to the answer: "Bộ trưởng | Bộ Nội vụ", "Giám đốc | Sở Tư pháp".
_OFFICES = (
    r"(?:(?:Phó )?(?:Bộ trưởng|Thủ trưởng|Chủ tịch|Giám đốc|Chánh Văn phòng|Tổng cục trưởng|Cục trưởng|Vụ trưởng|"
    r"Chánh án|Viện trưởng|Trưởng ban))"
)
_OFFICE_BEFORE_RE = re.compile(rf"{_OFFICES} $")
_OFFICE_START_RE = re.compile(rf"{_OFFICES} ")  # a subject that is an office: "Chánh án Tòa án nhân dân tối cao kháng nghị"
_BODY_RE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in BODY_HEADS) + r")(?!\w)")
# Lower-case words that still belong to a body's name ("Ủy ban nhân dân tỉnh", "Sở Kế hoạch và Đầu tư").
_BODY_WORDS = frozenset("nhân dân tỉnh huyện xã thành phố quận trung ương nhà nước và cấp tối cao sơ phúc thẩm kiểm sát".split())
# Words that end no body's name: "Tòa án cấp | sơ thẩm" is cut, "Tòa án cấp" alone names none.
_OPEN_END_WORDS = ("cấp", "tối")
BODY_MAX_WORDS = 10
_ENUMERATED_RE = re.compile(r"(?:(?:,| -| –) [^\W\d_]+(?: [^\W\d_]+)?)+ và [^\W\d_]+(?: [^\W\d_]+)?")
OTHER_SIDE_WEIGHT = 0.5
# "gửi về | đơn vị nào", "giao cho | cơ quan nào": the body asked stands after the same preposition.
_PREP_BEFORE_RE = re.compile(r"\b(ve|cho|toi|den|voi|tai|tu)\s+$")
PREP_BONUS = 1.0
# "Ai <verb> ...?", "Đơn vị nào <verb> ...?", "... do ai <verb>?" (accentless): the asked verb follows,
# after an auxiliary ("Ai đã kháng nghị …?", "Cơ quan nào sẽ chủ trì …?").
_ASKED_VERB_RE = re.compile(
    r"\b(?:ai|(?:co quan|don vi|to chuc|bo|ban|so|cap|chu the) nao)\s+(?:(?:da|se|dang|cung|phai|can)\s+)?"
    r"(?!(?:la|lam)\b)(\w+)(?:\s+(\w+))?"
)
# Who does a passive's action: "Án lệ này do <agent> đề xuất", "được <agent> thông qua", "bởi <agent>".
_AGENT_MARK_RE = re.compile(r"\b(?:do|bởi|được)\s+", re.IGNORECASE)  # as written: "đo lường" is no "do"
_AGENT_START_RE = re.compile(r"(?:đồng chí|ông|bà)\b|[^\W\d_]")
AGENT_MAX = 120  # longest agent ("Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ – Bộ Công an")
AGENT_MAX_WORDS = 16
# Words between a subject and its verb: "Bộ Nội vụ đã chỉ đạo", "Sở Tài chính sẽ chủ trì".
_AUXILIARY_END_RE = re.compile(
    r"(?:\s+(?:đã|sẽ|đang|cũng|vẫn|còn|phải|được|cần|có thể|tiếp tục|[a-zđ]\)))+\s*$|\s+$"
)  # and a list item's letter after a subject whose line break was lost: "Cục Đường bộ Việt Nam | a) Tổ chức ..."
# Where a clause opens: a sentence, line, list item or clause after ";" or ":".
_ITEM_MARK_RE = re.compile(r"\s*(?:(?:[-+•]|[a-zđ]\)|\d+(?:\.\d+)*[.)])\s*)?")  # "4. ", "a) ", "- " or nothing
_CLAUSE_START_RE = re.compile(r"(?:^|[.;:\n]|(?:^|\n)\s*(?:[-+•]|[a-zđ]\)|\d+\.))\s*")


def _folded_words(text: str) -> list[str]:
    return [fold_diacritics(w).lower() for w in _WORD_RE.findall(text)]


def asks_person(info: QuestionInfo) -> bool:
    probe = info.folded if info.accentless else info.question.lower()
    return _ASKS_PERSON_RE.search(probe) is not None or _ASKS_ROLE_RE.search(info.folded) is not None


def _pick_name(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """A person's name ("Hoàng Văn Nghiệm": a surname then one to three capitalised words) written
    next to most of the question's words (the role asked about)."""
    words = list(_WORD_RE.finditer(text))
    for i, w in enumerate(words):
        if w.group(0).lower() not in _SURNAMES or not w.group(0)[0].isupper():
            continue
        j = i + 1
        while j < len(words) and j - i <= 3 and words[j].group(0)[0].isupper() and text[words[j - 1].end() : words[j].start()] == " ":
            j += 1
        if j - i >= 2:
            span = (w.start(), words[j - 1].end())
            near = set(_folded_words(text[max(0, span[0] - NAME_WINDOW) : span[1] + NAME_WINDOW]))
            named = fold_diacritics(text[span[0] : span[1]]).lower() in info.folded
            if not named and len(info.folded_keywords & near) >= NAME_KEYWORDS * len(info.folded_keywords):
                return span
    return None


def _pick_holder(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """The holder written before "làm <role asked>": "... do đồng chí Bí thư Tỉnh ủy làm Trưởng Ban"."""
    asked = _ASKS_ROLE_RE.search(info.folded)
    if asked is None:
        return None
    role = asked.group(1).split()[:2]
    folded = fold_diacritics(text).lower()
    for m in re.finditer(r"\blam " + r" ".join(map(re.escape, role)) + r"\b", folded):
        before = text[max(0, m.start() - HOLDER_MAX) : m.start()]
        starts = list(_HOLDER_START_RE.finditer(before))
        if not starts:
            continue
        start = max(0, m.start() - HOLDER_MAX) + starts[-1].end()
        holder = text[start : m.start()].strip()
        if holder and holder[0].isupper():
            return start, start + len(holder)
    return None


def asks_body(info: QuestionInfo) -> bool:
    """A question asking one body ("Cơ quan nào ...?"); "những/các đơn vị nào" asks a list, which
    the sentence that enumerates them answers."""
    m = _ASKS_BODY_RE.search(info.folded)
    return m is not None and not asks_many(info.folded[: m.end()])


def kind_words(info: QuestionInfo) -> set[str]:
    """The folded words naming the kind of body asked ("cơ quan nào" -> {"co", "quan"}): they say
    what the answer is, not what it is about."""
    m = _ASKS_BODY_RE.search(info.folded)
    return set(m.group(0).split()[:-1]) if m else set()


def _bodies(text: str) -> list[tuple[int, int]]:
    """Spans of body names: a head noun, then the words of its name: capitalised syllables, each
    with at most one lower-case syllable after it ("Sở Kế hoạch và Đầu tư", "Tổng cục Tiêu chuẩn Đo
    lường Chất lượng", but not after a proper name: "tỉnh Lạng Sơn | giao"), the lower-case words
    of names ("Ủy ban nhân dân tỉnh"), "và" before a capitalised word; a head needs a name after it
    unless it is one ("Quốc hội"); another head ends a named body ("Sở Nội vụ và | Ủy ban ..."),
    unless it is a standalone one, the owner ("Ban Thường vụ Tỉnh ủy")."""
    spans: list[tuple[int, int]] = []
    for m in _BODY_RE.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        end, run, named = m.end(), 0, False  # run: capitalised syllables in a row just before
        words = list(_WORD_RE.finditer(text, m.end()))[:BODY_MAX_WORDS]
        for w, nxt in zip(words, words[1:] + [None]):
            word = w.group(0)
            next_capital = nxt is not None and nxt.group(0)[0].isupper()
            head = _BODY_RE.match(text, w.start())
            if text[end : w.start()] != " " or named and head and head.group(0) not in _STANDALONE:
                break
            if word[0].isupper():
                run += 1
            elif word in _BODY_WORDS and word != "và" or word == "và" and next_capital or run == 1:
                run = 0
            else:
                break
            named = True
            end = w.end()
        while text[m.start() : end].endswith(" và"):
            end -= 3
        while text[m.start() : end].rsplit(" ", 1)[-1] in _OPEN_END_WORDS and " " in text[m.start() : end]:
            end = m.start() + text[m.start() : end].rindex(" ")
        if named:
            end = _enumerated_name_end(text, end)
        if named or m.group(0)[0].isupper() and m.group(0) in _STANDALONE:
            office = _OFFICE_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
            spans.append((office.start() if office else m.start(), end))
    return spans


def body_names(text: str) -> list[str]:
    """The names of the public bodies ``text`` writes ("Sở Giáo dục và Đào tạo Bình Thuận")."""
    return [text[start:end] for start, end in _bodies(text)]


def _enumerated_name_end(text: str, end: int) -> int:
    """The end of a name that enumerates its fields ("Bộ Văn hóa | , Thể thao và Du lịch", "Bộ Lao
    động | - Thương binh và Xã hội"): commas or dashes then "và", each part capitalised and none a
    body of its own; ``end`` when none follows."""
    m = _ENUMERATED_RE.match(text, end)
    if m is None:
        return end
    parts = [p for p in re.split(r"\s*(?:,|-|–|\bvà\b)\s*", m.group(0)) if p]
    return m.end() if all(p[0].isupper() and not _BODY_RE.match(p) for p in parts) else end


def named_body(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """The first body ``text`` names that the question does not name itself (a heading's: "Điều 7. Sở Tư pháp")."""
    return next(((s, e) for s, e in _bodies(text) if fold_diacritics(text[s:e]).lower() not in info.folded), None)


def pick_body(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """The body named nearest to the question's words (by word distance), not one the question
    names itself. Word order follows the question's: a word the question writes after "cơ quan nào"
    counts fully after the body ("Cơ quan nào chủ trì ...?" - "Sở Nội vụ chủ trì ..."), one written
    before it counts fully before the body ("Quyết định 1059 thành lập cơ quan nào?" - "... thành
    lập Ban Chỉ đạo"); on the other side a word counts OTHER_SIDE_WEIGHT."""
    asked = _ASKS_BODY_RE.search(info.folded)
    pivot = asked.start() if asked else 0
    before = _PREP_BEFORE_RE.search(info.folded[:pivot]) if asked else None
    prep = before.group(1) if before else None
    after = {w for w in info.folded_keywords if info.folded.find(w, pivot) >= 0 and not re.search(rf"\b{re.escape(w)}\b", info.folded[:pivot])}
    words = [(m.start(), fold_diacritics(m.group(0)).lower()) for m in _WORD_RE.finditer(text)]
    best: tuple[float, tuple[int, int]] | None = None
    for start, end in _bodies(text):
        if fold_diacritics(text[start:end]).lower() in info.folded:
            continue
        index = [i for i, (pos, _) in enumerate(words) if start <= pos < end]
        closeness = 0.0
        for i, (pos, w) in enumerate(words):
            if w not in info.folded_keywords or start <= pos < end:
                continue
            on_its_side = (i > index[-1]) == (w in after)
            closeness += (1.0 if on_its_side else OTHER_SIDE_WEIGHT) / (1 + min(abs(i - index[0]), abs(i - index[-1])))
        if prep and re.search(rf"\b{prep}\s+$", fold_diacritics(text[max(0, start - 12) : start]).lower()):
            closeness += PREP_BONUS  # "gửi báo cáo về Công an tỉnh" for "gửi về đơn vị nào?"
        if best is None or closeness > best[0]:
            best = (closeness, (start, end))
    return None if best is None or best[0] == 0 else best[1]


def _asked_verb(info: QuestionInfo) -> str | None:
    """The action asked of the agent, folded: "Ai đề xuất Án lệ 72?" -> "de xuat", "Ai ký Quyết định
    ...?" -> "ky" (a verb is its first two words, or one when the next one starts a name)."""
    m = _ASKED_VERB_RE.search(info.folded)
    if m is None:
        return None
    if m.group(2) is None or info.question[m.start(2) : m.start(2) + 1].isupper():
        return m.group(1)
    return f"{m.group(1)} {m.group(2)}"


def opens_with_asked_verb(info: QuestionInfo, text: str) -> bool:
    """True when ``text`` (after a list item's mark) starts with the asked action: "4. Chủ trì, tham mưu
    UBND tỉnh …" asked "Cơ quan nào chủ trì …?" has no subject of its own; the body it names is an
    object, the doer is the one its article or list lead names ("Điều 7. Sở Tư pháp")."""
    verb = _asked_verb(info)
    if verb is None:
        return False
    opening = fold_diacritics(text[_ITEM_MARK_RE.match(text).end() :]).lower()
    return re.match(rf"{re.escape(verb)}\b", opening) is not None


def pick_agent(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """Who does the asked action: in a passive sentence, what stands between the last
    "do"/"bởi"/"được" and the verb ("Án lệ này do Vụ Pháp chế và Quản lý khoa học Tòa án nhân dân
    tối cao đề xuất."); else the subject that opens the verb's clause when it is a body or an office
    ("Cục Kỹ thuật an toàn và Môi trường công nghiệp có trách nhiệm hướng dẫn ..."). Of actors
    listed with their own verbs ("do Ban kỹ thuật biên soạn, Viện Đo lường Việt Nam đề nghị"), the
    one written last before the verb."""
    verb = _asked_verb(info)
    folded = fold_diacritics(text).lower()
    if verb is None or len(folded) != len(text):
        return None
    for m in re.finditer(rf"\s{re.escape(verb)}\b", folded):
        window = max(0, m.start() - AGENT_MAX)
        marks = list(_AGENT_MARK_RE.finditer(text, window, m.start()))
        clause = max((b.end() for b in _CLAUSE_START_RE.finditer(text, 0, m.start())), default=0)
        if marks and marks[-1].end() > clause:
            start, passive = marks[-1].end(), True
        elif m.start() - clause <= AGENT_MAX:
            start, passive = clause, False
        else:
            continue
        later = [c.end() for c in re.finditer(r",\s*", text[start : m.start()]) if text[start + c.end() : start + c.end() + 1].isupper()]
        start += later[-1] if later else 0  # the last of several actors
        end = start + len(_AUXILIARY_END_RE.sub("", text[start : m.start()]))  # "Bộ Nội vụ đã | chỉ đạo"
        agent = text[start:end]
        opening = _AGENT_START_RE.match(agent)
        named = opening is not None and (agent[0].isupper() or len(opening.group(0)) > 1)
        if not passive:
            named = named and bool(_BODY_RE.match(agent) or _OFFICE_START_RE.match(agent))  # a body or an office
        if named and len(agent.split()) <= AGENT_MAX_WORDS:
            return start, end
    return None


def _pick_copula(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """For "Ai là <X>?" / "<X> là ai?": what a clause says <X> is ("Sáng lập viên thành lập Quỹ là
    Hội Khuyến học tỉnh Bình Thuận."), when the words before its "là" hold COPULA_SHARE of <X>'s keywords
    and what follows starts with a capital (a name, a body, an office)."""
    asked = _ASKS_COPULA_RE.search(info.folded)
    subject = set((asked.group(1) or asked.group(2)).split()) & info.folded_keywords if asked else set()
    folded = fold_diacritics(text).lower()
    if not subject or len(folded) != len(text):
        return None
    for m in re.finditer(r"\sla\s+", folded):
        clause = max((b.end() for b in _CLAUSE_START_RE.finditer(text, 0, m.start())), default=0)
        if len(subject & set(_folded_words(text[clause : m.start()]))) < COPULA_SHARE * len(subject):
            continue
        answer = re.split(r"[.;:(\n]", text[m.end() :], maxsplit=1)[0].strip().rstrip(",")
        if answer[:1].isupper() and len(answer.split()) <= AGENT_MAX_WORDS:
            return m.end(), m.end() + len(answer)
    return None


def pick_person(info: QuestionInfo, text: str) -> tuple[int, int] | None:
    """A role holder for "ai làm <role>", else a person's name next to the question's words, else
    what the text says the asked one is ("<X> là <Y>"); for "Ai <does> ...?" (not a role's holder)
    a body when no name is there."""
    probe = info.folded if info.accentless else info.question.lower()
    agent = _ASKS_AGENT_RE.search(probe) is not None and _ASKS_ROLE_RE.search(info.folded) is None
    return (
        _pick_holder(info, text) or _pick_name(info, text) or _pick_copula(info, text)
        or (pick_body(info, text) if agent else None)
    )
