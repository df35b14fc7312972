"""tracuu.vn.tokenize: syllables, bigrams, document numbers and numbers as single tokens."""

from pathlib import Path

import pytest

from tracuu.vn.tokenize import STOPWORDS, keywords, tokenize, without_question_words

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPORT = SHARED / "corpus-src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"


def test_syllables_lower_case_with_diacritics_and_bigrams():
    toks = tokenize("Quyết định phê duyệt")
    assert toks[:3] == ["quyết", "định", "phê"]
    assert "quyết_định" in toks and "định_phê" in toks and "phê_duyệt" in toks


def test_input_is_nfc_normalised():
    decomposed = "Quye\u0302\u0301t đi\u0323nh"  # NFD "Quyết định"
    assert tokenize(decomposed) == tokenize("Quyết định")


def test_fold_gives_accentless_tokens():
    toks = tokenize("Quyết định số 236/QĐ-TTg", fold=True)
    assert "quyet_dinh" in toks
    assert "236/qd-ttg" in toks
    assert all(t.isascii() for t in toks)


@pytest.mark.parametrize(
    "text, token",
    [
        ("Quyết định 236/QĐ-TTg", "236/qđ-ttg"),
        ("Quyết định 236 / QD - TTg", "236/qđ-ttg"),
        ("Quyết định 236/QĐ–TTg", "236/qđ-ttg"),
        ("quyết định 236/qd-ttg", "236/qđ-ttg"),
        ("Nghị quyết số 11-NQ/TW", "11-nq/tw"),
        ("Nghị quyết số 111/2024/QH15", "111/2024/qh15"),
        ("Số: 2170 /QĐ - UBND", "2170/qđ-ubnd"),
    ],
)
def test_document_number_is_one_token(text, token):
    toks = tokenize(text)
    assert token in toks
    # no digit of the number leaks out as a separate token
    assert not [t for t in toks if t != token and any(c.isdigit() for c in t)]


@pytest.mark.parametrize(
    "text, token",
    [
        ("đạt 7,17%", "7,17%"),
        ("đạt 7,17 %", "7,17%"),
        ("11.024,7 tỷ đồng", "11024,7"),
        ("11024,7 tỷ đồng", "11024,7"),
        ("diện tích 8.310,18 km²", "8310,18"),
        ("khoảng 856.927 người", "856927"),
        ("1.054 người nộp thuế", "1054"),
    ],
)
def test_numbers_are_canonical_single_tokens(text, token):
    assert token in tokenize(text)


def test_ratio_with_typo_decimal_point_is_split_sensibly():
    toks = tokenize("được 366.55/640,28ha đạt 57,24%")
    assert "366,55" in toks and "640,28" in toks and "ha" in toks and "57,24%" in toks
    assert "366" not in toks and "55" not in toks


def test_dates_become_iso_tokens():
    assert "2022-09-16" in tokenize("ngày 16/9/2022")
    assert "2024-01-18" in tokenize("ngày 18 tháng 01 năm 2024")


def test_bigrams_do_not_cross_punctuation_numbers_or_document_numbers():
    toks = tokenize("kinh tế - xã hội; Nghị quyết 11-NQ/TW Bộ Chính trị đạt 7,17% tăng")
    bigrams = {t for t in toks if "_" in t}
    assert "kinh_tế" in bigrams and "xã_hội" in bigrams and "bộ_chính" in bigrams
    assert "tế_xã" not in bigrams
    assert "hội_nghị" not in bigrams  # across ";"
    assert not any("11-nq/tw" in b or "7,17%" in b for b in bigrams)
    assert "đạt_tăng" not in bigrams


def test_keywords_drop_stopwords_and_keep_numbers():
    words = keywords("Kết quả thực hiện của các Nghị quyết số 11-NQ/TW là gì và đạt 7,17 %?")
    assert "của" not in words and "các" not in words and "là" not in words and "và" not in words
    assert {"kết", "quả", "nghị", "quyết", "11-nq/tw", "7,17%"} <= set(words)
    assert len(words) == len(set(words))


def test_keywords_fold():
    assert "nghi" in keywords("Nghị quyết", fold=True)


def test_stopwords_are_lower_case_nfc_function_words():
    assert {"và", "của", "các", "là", "có", "được", "trong", "cho", "với", "theo", "này", "đã"} <= STOPWORDS
    assert "quyết" not in STOPWORDS


@pytest.mark.skipif(not REPORT.exists(), reason="needs ../shared/corpus-src (bundled report text)")
def test_report_tokens_hold_its_document_numbers_and_figures():
    toks = set(tokenize(REPORT.read_text(encoding="utf-8")))
    for token in ["11-nq/tw", "96/nq-cp", "52-ctr/tu", "23/kh-ubnd", "1059-qđ/tu", "236/qđ-ttg", "111/2024/qh15"]:
        assert token in toks
    for token in ["11024,7", "8310,18", "856927", "7,17%", "5495,723"]:
        assert token in toks
    assert "tỉnh_lạng" in toks and "lạng_sơn" in toks


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("Dân số bao nhiêu người?", ["dân", "số", "người"]),
        ("Văn bản nào thành lập Ban Chỉ đạo?", ["văn", "bản", "thành", "lập", "ban", "chỉ", "đạo"]),
        ("dan so bao nhieu nguoi", ["dan", "so", "nguoi"]),
        ("Bao gồm những gì?", ["bao", "gồm", "những"]),  # "bao" of "bao gồm" is a content word
        ("Trên địa bàn tỉnh có bao nhiêu dân tộc?", ["tỉnh", "có", "dân", "tộc"]),  # the scope goes too
    ],
)
def test_without_question_words(question, kept):
    words = [t for t in tokenize(without_question_words(question)) if "_" not in t]
    assert words == kept
