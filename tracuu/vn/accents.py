"""Diacritics put back into a question typed without them, from the library's own words.

"tinh lang son co khoang bao nhieu nguoi dan" is ambiguous word by word ("lang": làng, lạng, lãng;
"dan": dân, dẫn, dần), but not in context: the indexed documents write "Lạng Sơn" and "người dân".
``AccentModel`` counts, over texts, each folded word's written forms and each pair of neighbouring
forms; ``restore`` picks, for the whole question at once (Viterbi), the forms whose pairs the
texts write most. A word the texts never write keeps its letters; a word typed with diacritics
is kept as typed. Question words that documents seldom write ("bao nhiêu", "nào", "gì") come
from a short bundled phrase list counted with the texts.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from tracuu.vn.normalize import fold_diacritics, has_diacritics

_WORD_RE = re.compile(r"[^\W\d_]+")
MAX_FORMS = 6  # written forms kept per folded word, most frequent first
PAIR_WEIGHT = 3.0  # a written pair counts this much against a single word's frequency
OWN_WEIGHT = 0.5  # a form's own frequency counts this much (its pairs decide between frequent forms)
PHRASE_COUNT = 50  # how many times the question phrases count: questions write them, documents seldom
# How questions are asked: counted with the library's texts so their words restore too.
QUESTION_PHRASES = (
    "bao nhiêu là bao nhiêu có bao nhiêu được bao nhiêu bao nhiêu người bao nhiêu phần trăm mấy "
    "nào văn bản nào quyết định nào cơ quan nào đơn vị nào ngày nào năm nào tháng nào khi nào lúc nào "
    "năm bao nhiêu ngày bao nhiêu tháng bao nhiêu "
    "thời gian nào là gì gì ai ai ký ai là ở đâu đâu bao giờ bao lâu có không không hay không "
    "những gì những nào các nào đã chưa được không số mấy số hiệu của theo trong về"
)


class AccentModel:
    """Written forms of folded words and of neighbouring word pairs, counted over texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in [*[QUESTION_PHRASES] * PHRASE_COUNT, *texts]:
            words = [w.lower() for w in _WORD_RE.findall(text)]
            for w in words:
                self.forms[fold_diacritics(w)][w] += 1
            self.pairs.update(zip(words, words[1:]))

    def candidates(self, word: str) -> list[str]:
        """The written forms of a typed word, most frequent first (the word itself when unknown
        or typed with diacritics)."""
        lower = word.lower()
        if has_diacritics(lower) or word.isupper() and len(word) > 1:
            return [lower]  # typed with diacritics, or an abbreviation / code group ("TU", "GRDP")
        forms = self.forms.get(lower)
        return [f for f, _ in forms.most_common(MAX_FORMS)] if forms else [lower]

    def restore(self, text: str) -> str:
        """``text`` with the diacritics its words most likely carry, casing and everything else kept."""
        matches = list(_WORD_RE.finditer(text))
        if not matches:
            return text
        options = [self.candidates(m.group(0)) for m in matches]
        # Viterbi over the words: emission = log frequency, transition = log pair count
        best: list[dict[str, tuple[float, str | None]]] = []
        for i, forms in enumerate(options):
            step: dict[str, tuple[float, str | None]] = {}
            for form in forms:
                own = OWN_WEIGHT * math.log1p(self.forms.get(fold_diacritics(form), Counter())[form])
                if i == 0:
                    step[form] = (own, None)
                    continue
                adjacent = text[matches[i - 1].end() : matches[i].start()].strip() == ""
                step[form] = max(
                    (score + own + (PAIR_WEIGHT * math.log1p(self.pairs[(prev, form)]) if adjacent else 0.0), prev)
                    for prev, (score, _) in best[-1].items()
                )
            best.append(step)
        chosen = [max(best[-1], key=lambda f: best[-1][f][0])]
        for i in range(len(best) - 1, 0, -1):
            chosen.append(best[i][chosen[-1]][1] or "")
        chosen.reverse()
        out, last = [], 0
        for m, form in zip(matches, chosen):
            out.append(text[last : m.start()])
            out.append(_with_case(m.group(0), form))
            last = m.end()
        out.append(text[last:])
        return "".join(out)


def _with_case(typed: str, form: str) -> str:
    """``form`` (lower case) with the letter cases of ``typed``: "Lang" + "lạng" -> "Lạng"."""
    if len(form) != len(typed):
        return typed
    return "".join(f.upper() if t.isupper() else f for t, f in zip(typed, form))
