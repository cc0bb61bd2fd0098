"""FixedType parsing and printing: every spelling users meet, and clear errors for bad strings."""

from __future__ import annotations

import pytest

from fxsim.types import FixedType, FixedTypeError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ap_fixed<16,6>", FixedType(16, 6)),
        ("ap_fixed<16,6,AP_RND_CONV,AP_SAT,0>", FixedType(16, 6, True, "AP_RND_CONV", "AP_SAT", 0)),
        ("ap_fixed< 16 , 6 , AP_RND , AP_SAT_SYM >", FixedType(16, 6, True, "AP_RND", "AP_SAT_SYM")),
        ("ap_ufixed<8,3,AP_RND_ZERO,AP_WRAP,2>", FixedType(8, 3, False, "AP_RND_ZERO", "AP_WRAP", 2)),
        ("ap_fixed<8,-3>", FixedType(8, -3)),
        ("ap_fixed<4,12,AP_TRN_ZERO,AP_WRAP_SM,1>", FixedType(4, 12, True, "AP_TRN_ZERO", "AP_WRAP_SM", 1)),
        ("ap_int<8>", FixedType(8, 8, True, is_int=True)),
        ("ap_uint<1>", FixedType(1, 1, False, is_int=True)),
        ("fixed<16,6,RND_CONV,SAT>", FixedType(16, 6, True, "AP_RND_CONV", "AP_SAT")),
        ("ufixed<10,2,RND_MIN_INF,SAT_ZERO>", FixedType(10, 2, False, "AP_RND_MIN_INF", "AP_SAT_ZERO")),
        ("int<5>", FixedType(5, 5, True, is_int=True)),
        ("uint<128>", FixedType(128, 128, False, is_int=True)),
    ],
)
def test_parse_spellings(text: str, expected: FixedType) -> None:
    t = FixedType.parse(text)
    assert t == expected
    assert FixedType.parse(str(t)) == t  # str() prints a spelling parse() reads back


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("ap_fixed<16>", "2 to 5 arguments"),
        ("ap_fixed<16,6,AP_RND,AP_SAT,0,1>", "2 to 5 arguments"),
        ("ap_fixed<0,0>", "width"),
        ("ap_fixed<16,six>", "integer bits"),
        ("ap_fixed<16,6,AP_ROUND>", "quantization mode"),
        ("ap_fixed<16,6,AP_RND,AP_SATURATE>", "overflow mode"),
        ("ap_ufixed<8,3,AP_TRN,AP_WRAP_SM>", "AP_WRAP_SM"),
        ("ap_int<8,3>", "one argument"),
        ("float", "cannot parse"),
        ("ap_fixed<16,6", "cannot parse"),
        ("", "cannot parse"),
    ],
)
def test_parse_errors_quote_the_string(text: str, says: str) -> None:
    with pytest.raises(FixedTypeError) as e:
        FixedType.parse(text)
    assert repr(text) in str(e.value) or text == ""
    assert says in str(e.value)


def test_str_prints_ap_spelling() -> None:
    assert str(FixedType.parse("fixed<16,6,RND_CONV,SAT>")) == "ap_fixed<16,6,AP_RND_CONV,AP_SAT>"
    assert str(FixedType.parse("ap_fixed<16,6,AP_TRN,AP_WRAP,0>")) == "ap_fixed<16,6>"
    assert str(FixedType.parse("uint<3>")) == "ap_uint<3>"


def test_ranges() -> None:
    t = FixedType.parse("ap_fixed<8,3>")
    assert (t.min_raw, t.max_raw, t.min_value, t.max_value, t.frac) == (-128, 127, -4.0, 3.96875, 5)
    u = FixedType.parse("ap_ufixed<4,-2>")
    assert (u.min_raw, u.max_raw, u.lsb) == (0, 15, 2.0 ** -6)
    assert FixedType.parse("ap_uint<64>").fits_int64 is False
    assert FixedType.parse("ap_int<64>").fits_int64 is True
