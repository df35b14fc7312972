"""tracuu.vn.docrefs: document numbers, full and short mentions, resolution, type codes."""

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracuu.vn.docrefs import doc_type_of_code, key_match, normalize_key, parse_refs, resolve_short, type_code_of

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "corpus" / "src" / "bao-cao-tu-giam-sat-nq11-lang-son.txt"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REALDOCS = SHARED / "realdocs" / "pdf"
REALDOCS2 = SHARED / "realdocs2" / "pdf"


def _only(text):
    refs = parse_refs(text)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize(
    "text, doc_type, type_code, number, code, key, year, date, issuer",
    [
        (
            "Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị về phương hướng",
            "Nghị quyết", "NQ", "11", "NQ/TW", "11-NQ/TW", 2022, "2022-02-10", "Bộ Chính trị",
        ),
        ("phê duyệt tại Quyết định số 236/QĐ-TTg.", "Quyết định", "QĐ", "236", "QĐ-TTg", "236/QĐ-TTg", None, None, None),
        (
            "Nghị quyết số 111/2024/QH15, ngày 18/01/2024 của Quốc hội về một số cơ chế",
            "Nghị quyết", "NQ", "111", "2024/QH15", "111/2024/QH15", 2024, "2024-01-18", "Quốc hội",
        ),
        (
            "Kế hoạch số 23/KH-UBND, ngày 26/02/2023 của UBND tỉnh về phát triển",
            "Kế hoạch", "KH", "23", "KH-UBND", "23/KH-UBND", 2023, "2023-02-26", "UBND tỉnh",
        ),
        (
            "Chương trình hành động số 52-CTr/TU, ngày 27/10/2022 về việc thực hiện",
            "Chương trình", "CTr", "52", "CTr/TU", "52-CTr/TU", 2022, "2022-10-27", None,
        ),
        (
            "(theo Thông báo số 70-TB/VPTW, ngày 06/9/2023 của Văn phòng Trung ương Đảng về kết quả",
            "Thông báo", "TB", "70", "TB/VPTW", "70-TB/VPTW", 2023, "2023-09-06", "Văn phòng Trung ương Đảng",
        ),
        (
            "Quyết định giám đốc thẩm số 01/2019/KDTM-GĐT ngày 11/01/2019 của\nHội đồng Thẩm phán Tòa án nhân dân "
            "tối cao về vụ án",
            "Quyết định giám đốc thẩm", None, "01", "2019/KDTM-GĐT", "01/2019/KDTM-GĐT", 2019, "2019-01-11",
            "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
        ),
        (
            "Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024 của Quốc hội, có hiệu lực",
            "Luật", None, "31", "2024/QH15", "31/2024/QH15", 2024, "2024-01-18", "Quốc hội",
        ),
        (
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ quy định",
            "Nghị định", "NĐ", "30", "2020/NĐ-CP", "30/2020/NĐ-CP", 2020, "2020-03-05", "Chính phủ",
        ),
        ("theo Thông tư 01/2026/TT-BCT", "Thông tư", "TT", "01", "2026/TT-BCT", "01/2026/TT-BCT", 2026, None, None),
        (
            "Quyết định số 1161/QĐ-TTg, ngày 11/10/2024 của Thủ tướng Chính phủ ban hành Kế hoạch",
            "Quyết định", "QĐ", "1161", "QĐ-TTg", "1161/QĐ-TTg", 2024, "2024-10-11", "Thủ tướng Chính phủ",
        ),
        ("Số: 2170 /QĐ - UBND", "Quyết định", "QĐ", "2170", "QĐ-UBND", "2170/QĐ-UBND", None, None, None),
    ],
)
def test_full_mention(text, doc_type, type_code, number, code, key, year, date, issuer):
    r = _only(text)
    assert (r.doc_type, r.type_code, r.number, r.code, r.key) == (doc_type, type_code, number, code, key)
    assert (r.year, r.date, r.issuer, r.is_short) == (year, date, issuer, False)
    assert text[r.start : r.end] == r.raw
    assert number in r.raw


def test_mention_raw_spans_type_to_issuer():
    text = "Thực hiện Nghị quyết số 96/NQ-CP, ngày 01/8/2022 của Chính phủ về Chương trình hành động"
    r = _only(text)
    assert r.raw == "Nghị quyết số 96/NQ-CP, ngày 01/8/2022 của Chính phủ"


def test_list_of_numbers_shares_the_type():
    text = "Các công văn: số 776/UBND-KT ngày 11/6/2024 và số 888/UBND-KT ngày 03/7/2024 về việc đề nghị"
    a, b = parse_refs(text)
    assert (a.key, a.doc_type, a.date) == ("776/UBND-KT", "Công văn", "2024-06-11")
    assert (b.key, b.doc_type, b.date) == ("888/UBND-KT", "Công văn", "2024-07-03")


def test_closest_type_name_wins():
    r = _only("Kế hoạch thực hiện Nghị quyết số 96/NQ-CP")
    assert r.doc_type == "Nghị quyết"
    r = _only("Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 ngày 19 tháng 02 năm 2025")
    assert (r.doc_type, r.date) == ("Luật", "2025-02-19")


@pytest.mark.parametrize(
    "text, doc_type, number",
    [
        ("có liên quan đến Nghị quyết 11 của Trung ương", "Nghị quyết", "11"),
        ("theo Nghị quyết số 11.", "Nghị quyết", "11"),
        ("thực hiện Quyết định 1059 của Ban Thường vụ", "Quyết định", "1059"),
        ("theo QĐ 1074 của Bộ", "Quyết định", "1074"),
        ("Chỉ thị 11 về", "Chỉ thị", "11"),
        ("Quyết định số 2014 của UBND", "Quyết định", "2014"),
    ],
)
def test_short_mention(text, doc_type, number):
    r = _only(text)
    assert (r.doc_type, r.number, r.is_short, r.key) == (doc_type, number, True, f"{doc_type} {number}")


@pytest.mark.parametrize(
    "text, doc_type, number, year",
    [
        ("Ai là người ký Nghị định 30/2020?", "Nghị định", "30", 2020),  # NĐ 30/2020/NĐ-CP as people cite it
        ("theo Thông tư 37/2023 của Bộ GTVT", "Thông tư", "37", 2023),  # TT 37/2023/TT-BGTVT (TT 37/2020 also exists)
    ],
)
def test_short_mention_with_its_year(text, doc_type, number, year):
    r = _only(text)
    assert (r.doc_type, r.number, r.year, r.is_short, r.raw) == (doc_type, number, year, True, f"{doc_type} {number}/{year}")


@pytest.mark.parametrize(
    "text", ["Nghị quyết Trung ương 8 khóa XI", "Nghị quyết Đại hội", "năm 2023 Quyết định", "Kế hoạch 2025 của tỉnh"]
)
def test_no_mention(text):
    assert parse_refs(text) == []


@pytest.mark.parametrize(
    "text", ["ngày 16/9/2022", "tỷ lệ 13/63 tỉnh", "mốc 1088/2-1089", "đạt 39,9km/59,87km", "QL.4B, Km18 - Km80", "Covid-19"]
)
def test_numbers_that_are_not_document_numbers(text):
    assert parse_refs(text) == []


def test_resolve_short_to_full_reference_before_and_after():
    text = (
        "Quyết định 1059 đã được ban hành. Sau đó, Quyết định số 1059-QĐ/TU, ngày 16/9/2022 của Ban Thường vụ "
        "Tỉnh ủy thành lập Ban Chỉ đạo. Nghị quyết số 11-NQ/TW, ngày 10/02/2022 của Bộ Chính trị. Nghị quyết 11 "
        "được quán triệt; Chương trình hành động số 52-CTr/TU, ngày 27/10/2022; Chương trình hành động số 52-CTr "
        "của Tỉnh ủy; Nghị quyết 12 chưa có."
    )
    refs = resolve_short(parse_refs(text))
    shorts = [r for r in refs if r.is_short]
    assert [(r.raw, r.key, r.date) for r in shorts] == [
        ("Quyết định 1059", "1059-QĐ/TU", "2022-09-16"),
        ("Nghị quyết 11", "11-NQ/TW", "2022-02-10"),
        ("Chương trình hành động số 52-CTr", "52-CTr/TU", "2022-10-27"),
        ("Nghị quyết 12", "Nghị quyết 12", None),
    ]
    assert shorts[0].issuer == "Ban Thường vụ Tỉnh ủy"


def test_resolve_picks_closest_preceding_full_reference_of_same_type():
    text = "Nghị quyết số 11-NQ/TW. Quyết định số 11/QĐ-UBND. Nghị quyết số 11/NQ-HĐND. Nghị quyết 11 nói."
    refs = resolve_short(parse_refs(text))
    assert refs[-1].is_short and refs[-1].key == "11/NQ-HĐND"


def test_resolve_fills_date_from_another_mention_of_the_same_key():
    text = "Kế hoạch số 23/KH-UBND, ngày 26/01/2023 thực hiện. Thực hiện Kế hoạch số 23/KH-UBND của UBND tỉnh."
    a, b = resolve_short(parse_refs(text))
    assert (a.date, b.date, b.issuer, a.issuer) == ("2023-01-26", "2023-01-26", "UBND tỉnh", "UBND tỉnh")


@pytest.mark.parametrize(
    "typed, key",
    [
        ("236/QD-TTg", "236/QĐ-TTg"),
        ("236 / QĐ - TTg", "236/QĐ-TTg"),
        ("236/qđ–ttg", "236/QĐ-TTg"),
        ("236/QĐ—TTg", "236/QĐ-TTg"),
        ("11-nq/tw", "11-NQ/TW"),
        ("30/2020/ND-CP", "30/2020/NĐ-CP"),
        ("111/2024/qh15", "111/2024/QH15"),
        ("52-ctr/tu", "52-CTr/TU"),
        ("12/NQ-HDND", "12/NQ-HĐND"),
        ("5/HD-BCT", "5/HD-BCT"),  # HD is Hướng dẫn, not HĐ
        ("7/DA-UBND", "7/DA-UBND"),  # DA is Dự án
        (" 44/VBHN-VPQH ", "44/VBHN-VPQH"),
        ("638/SNV-CCHC&VTLT", "638/SNV-CCHC&VTLT"),  # "&" joins two unit abbreviations
        ("638 / snv – cchc&vtlt", "638/SNV-CCHC&VTLT"),
        ("16/CGC.BT", "16/CGC.BT"),  # so does "."
        ("7331/2008/UB.GCN", "7331/2008/UB.GCN"),
    ],
)
def test_normalize_key(typed, key):
    assert normalize_key(typed) == key


@pytest.mark.parametrize("typed", ["Nghị quyết 11", "16/9/2022", "13/63", "", "QĐ-TTg", "236/QĐ-TTg thêm chữ"])
def test_normalize_key_rejects_non_numbers(typed):
    assert normalize_key(typed) is None


_GROUPS = st.sampled_from(["QĐ", "NQ", "KH", "UBND", "TTg", "CP", "BCT", "KT", "HĐND", "TU", "TW", "CTr"])


@given(st.integers(1, 99999), st.one_of(st.none(), st.integers(1990, 2030)), st.lists(_GROUPS, min_size=1, max_size=3))
def test_normalize_key_is_idempotent_and_spacing_blind(number, year, groups):
    key = f"{number}/" + (f"{year}/" if year else "") + "-".join(groups)
    assert normalize_key(key) == key
    spaced = key.replace("/", " / ").replace("-", " – ")
    assert normalize_key(spaced) == key
    assert normalize_key(key.replace("Đ", "D").lower()) == key


@pytest.mark.parametrize(
    "text, key",
    [
        ("ban hành Công văn số 638/SNV-CCHC&VTLT ngày 02/02/2026 để lấy ý kiến", "638/SNV-CCHC&VTLT"),
        ("Hội Cựu giáo chức tỉnh có Văn bản số 16/CGC.BT ngày 19/8/2024 báo cáo", "16/CGC.BT"),
        ("theo Kế hoạch số 23/KH-UBND. Căn cứ tình hình thực tế", "23/KH-UBND"),  # a full stop ends the sentence
        ("theo Kế hoạch số 23/KH-UBND.Căn cứ", "23/KH-UBND"),  # "Căn" is no symbol group
        ("theo Công văn số 23/UBND & Sở Tư pháp", "23/UBND"),  # "&" between words, not groups
    ],
)
def test_symbol_groups_joined_by_ampersand_or_dot(text, key):
    assert _only(text).key == key


def test_type_codes_from_the_nd30_table_and_legal_types():
    assert doc_type_of_code("QĐ") == doc_type_of_code("QD") == doc_type_of_code("QĐ-TTg") == "Quyết định"
    assert doc_type_of_code("2024/NQ-CP") == "Nghị quyết"
    assert doc_type_of_code("CTr/TU") == "Chương trình"
    assert doc_type_of_code("2020/NĐ-CP") == "Nghị định"
    assert doc_type_of_code("VBHN-VPQH") == "Văn bản hợp nhất"
    assert doc_type_of_code("QyĐ") == "Quy định"
    assert doc_type_of_code("UBND-KT") is None
    assert doc_type_of_code("2024/QH15") is None
    assert type_code_of("Quyết định") == "QĐ"
    assert type_code_of("nghị định") == "NĐ"
    assert type_code_of("Tờ trình") == "TTr"
    assert type_code_of("Luật") is None


@pytest.mark.skipif(not REPORT.exists(), reason="needs corpus/src (bundled report text)")
def test_bundled_report_references():
    refs = resolve_short(parse_refs(REPORT.read_text(encoding="utf-8")))
    dates = {}
    for r in refs:
        if r.date:
            dates.setdefault(r.key, set()).add(r.date)
    expected = {
        "11-NQ/TW": "2022-02-10",
        "96/NQ-CP": "2022-08-01",
        "52-CTr/TU": "2022-10-27",
        "23/KH-UBND": "2023-01-26",
        "1059-QĐ/TU": "2022-09-16",
        "236/QĐ-TTg": "2024-03-19",
        "111/2024/QH15": "2024-01-18",
        "1161/QĐ-TTg": "2024-10-11",
        "70-TB/VPTW": "2023-09-06",
    }
    for key, date in expected.items():
        assert dates.get(key) == {date}, key
    by_key = {r.key: r for r in refs if not r.is_short}
    assert by_key["11-NQ/TW"].issuer == "Bộ Chính trị"
    assert by_key["1059-QĐ/TU"].issuer == "Ban Thường vụ Tỉnh ủy"
    assert by_key["776/UBND-KT"].doc_type == "Công văn"
    # "Nghị quyết 11-NQ/TW" (no "số") and the short "Chương trình hành động số 52-CTr" resolve
    assert any(r.is_short and r.key == "52-CTr/TU" for r in refs)
    assert not any(r.is_short and r.key.startswith("Nghị quyết 11") for r in refs)


def _pdftotext(name: str, first: int = 1, last: int = 3) -> str:
    path = next((folder / name for folder in (REALDOCS, REALDOCS2) if (folder / name).exists()), None)
    if path is None or shutil.which("pdftotext") is None:
        pytest.skip(f"needs {name} in ../shared/realdocs*/pdf and pdftotext")
    pages = ["-f", str(first), "-l", str(last)]
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_realdoc_decision_citations():
    refs = {r.key: r for r in parse_refs(_pdftotext("QD-1074-QD-BXD-2026.pdf"))}
    assert refs["55/2024/QH15"].doc_type == "Luật" and refs["55/2024/QH15"].date == "2024-11-29"
    assert refs["33/2025/NĐ-CP"].issuer == "Chính phủ" and refs["33/2025/NĐ-CP"].date == "2025-02-25"
    assert refs["235/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"
    assert refs["87/2025/QH15"].date == "2025-06-25"  # "ngày 25 tháng\n6 năm 2025"


def test_realdoc_precedent_and_consolidated_law():
    refs = {r.key: r for r in parse_refs(_pdftotext("An-le-43-2021-AL_footnote.pdf"))}
    r = refs["01/2019/KDTM-GĐT"]
    assert (r.doc_type, r.date, r.issuer) == (
        "Quyết định giám đốc thẩm", "2019-01-11", "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    )
    assert refs["42/QĐ-CA"].date == "2021-03-12"
    refs = resolve_short(parse_refs(_pdftotext("VBHN-44-VBHN-VPQH-2026_Luat-Dat-dai_endnotes.pdf")))
    by_key = {r.key: r for r in refs}
    assert (by_key["31/2024/QH15"].doc_type, by_key["31/2024/QH15"].date) == ("Luật", "2024-01-18")
    assert by_key["31/2024/QH15"].issuer == "Quốc hội"
    assert by_key["29/2023/QH15"].doc_type == "Luật"  # "Luật Kinh doanh bất động\nsản số 29/2023/QH15"
    assert by_key["44/VBHN-VPQH"].doc_type == "Văn bản hợp nhất"


def test_keys_typed_without_diacritics_match_the_written_ones() -> None:
    # TH Công văn 295/VP-CTHĐND and LĐ Tờ trình 141/TTr-STP, as an accentless question types them
    assert key_match(normalize_key("295/VP-CTHDND")) == key_match(normalize_key("295/VP-CTHĐND"))
    assert key_match(normalize_key("1059-qd/tu")) == key_match("1059-QĐ/TU")
    assert key_match("141/TTr-STP") != key_match("41/TTr-STP")


def test_a_party_quy_dinh_numbered_qd_is_a_quy_dinh_as_written():
    (rule,) = parse_refs("căn cứ Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về kiểm điểm")
    assert rule.doc_type == "Quy định" and rule.key == "366-QĐ/TW"
    (decision,) = parse_refs("Quyết định số 1059-QĐ/TU ngày 16/9/2022 của Ban Thường vụ Tỉnh ủy")
    assert decision.doc_type == "Quyết định"


def test_a_party_number_written_with_a_dash_for_its_slash():
    """LD 93 cites "Đề án số 08-ĐA-TU ngày 02/7/2025 của Ban Thường vụ Tỉnh ủy" (08-ĐA/TU written with
    a dash): read as the Party number, dated; a chemical's name in TT 37/2020 ("2-TRIFLOMETYL-ANILIN")
    and a state number stay as they are."""
    refs = {r.key: r for r in parse_refs(_pdftotext("LD_TTr-93-TTr-SNV-2025_hop-nhat-hoi.pdf"))}
    assert refs["08-ĐA/TU"].doc_type == "Đề án" and refs["08-ĐA/TU"].date == "2025-07-02"
    assert normalize_key("08-ĐA-TU") == normalize_key("08-ĐA/TU") == "08-ĐA/TU"
    chemicals = _pdftotext("TT-37-2020-TT-BCT.pdf", 69, 69)
    assert "2-TRIFLOMETYL-ANILIN" in chemicals
    assert not [r for r in parse_refs(chemicals) if "TRIFLOMETYL" in r.raw]
    assert [r.key for r in parse_refs("Kế hoạch số 23/KH-UBND")] == ["23/KH-UBND"]
