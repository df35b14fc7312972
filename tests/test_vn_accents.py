"""Diacritics restored from the library's words (tracuu.vn.accents), on texts of two documents."""

from __future__ import annotations

from tracuu.vn.accents import AccentModel

# The bundled report (population, ethnic groups) and BT QĐ 779/QĐ-UBND's Điều lệ (spending limit).
REPORT = (
    "Lạng Sơn là tỉnh miền núi, dân số khoảng 856.927 người; người dân sinh sống tại 200 xã. "
    "Trên địa bàn tỉnh có 38 dân tộc cùng sinh sống. Tỉnh Lạng Sơn có làng nghề truyền thống."
)
BT_779 = (
    "Chi hoạt động quản lý Quỹ: a) Không quá 5% tổng thu do vận động mới vào tài khoản của Quỹ hàng năm. "
    "Quỹ Khuyến học tỉnh Bình Thuận hoạt động không vì mục tiêu lợi nhuận."
)
MODEL = AccentModel([REPORT, BT_779])


def test_words_take_the_diacritics_their_neighbours_are_written_with() -> None:
    assert MODEL.restore("Tinh Lang Son co bao nhieu dan toc cung sinh song?") == (
        "Tỉnh Lạng Sơn có bao nhiêu dân tộc cùng sinh sống?"
    )
    assert MODEL.restore("khong qua bao nhieu phan tram tong thu do van dong moi") == (
        "không quá bao nhiêu phần trăm tổng thu do vận động mới"
    )


def test_unknown_words_abbreviations_and_typed_diacritics_are_kept() -> None:
    assert MODEL.restore("GRDP cua Lang Son") == "GRDP của Lạng Sơn"  # "GRDP" is no word to restore
    assert MODEL.restore("xyz lang") == "xyz lạng"
    assert MODEL.restore("làng nghe") == "làng nghề"  # "làng" was typed so
    assert MODEL.restore("Quyết định 1059-QD/TU") == "Quyết định 1059-QD/TU"
