"""``i18n.textfiles.decode_table``: the encodings and delimiters Chinese offices save tables in, decided by content."""

import pytest

from i18n.textfiles import UnknownEncoding, decode_table

TABLE = "工号,姓名\nA1,张𠀀\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TABLE.encode("utf-8"), "UTF-8"),
        (TABLE.encode("utf-8-sig"), "UTF-8 (BOM)"),
        (TABLE.encode("gb18030"), "GB18030"),
        (b"\xff\xfe" + TABLE.encode("utf-16-le"), "UTF-16LE"),
        (b"\xfe\xff" + TABLE.encode("utf-16-be"), "UTF-16BE"),
    ],
)
def test_each_encoding_is_recognised_by_its_content(data, encoding):
    assert decode_table(data) == (TABLE, encoding, ",")


def test_gbk_as_excel_saves_csv_reads_as_gb18030():
    assert decode_table("工号,姓名\n1001,李强\n".encode("gbk")).encoding == "GB18030"


def test_gb18030_only_characters_survive():
    text = "staff_no,name\nA1,㐀𠀀\n"
    assert decode_table(text.encode("gb18030")).text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised_by_its_zero_bytes(codec):
    text = "staff_no\tname\r\nA1\t张敏\r\n"
    decoded = decode_table(text.encode(codec))
    assert decoded == (text, codec.upper().replace("-LE", "LE").replace("-BE", "BE"), "\t")


def test_excel_unicode_text_is_tab_separated_utf16():
    decoded = decode_table("工号\t姓名\r\nA1\t张敏, 李强\r\n".encode("utf-16"))
    assert (decoded.encoding, decoded.delimiter) == ("UTF-16LE", "\t")


def test_the_delimiter_comes_from_the_first_line_only():
    assert decode_table(b"a,b,c\nx\ty\tz\tw\n").delimiter == ","
    assert decode_table(b"\n\na\tb\n1,2,3\n").delimiter == "\t"


@pytest.mark.parametrize(
    "data",
    [b"\x80\x81\xff\x00\x01garbage\xfe", bytes(range(256)), b"\xff\xfe\x00\xd8", b"\xef\xbb\xbf\xff"],
)
def test_bytes_of_no_known_encoding_are_refused(data):
    with pytest.raises(UnknownEncoding):
        decode_table(data)
