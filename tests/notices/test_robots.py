"""The robots' pure core: addresses, DingTalk's signature, answers and the digest's length limits."""

import base64
import hashlib
import hmac
import urllib.parse

import pytest

from notices import robots
from notices.robots import DINGTALK, WECOM, RobotError, Section


def test_the_dingtalk_signature_is_the_url_encoded_base64_hmac_of_timestamp_newline_secret():
    secret, ts = "SECabc+/=", 1700000000123
    raw = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    sign = robots.dingtalk_sign(secret, ts)
    assert urllib.parse.unquote_plus(sign) == base64.b64encode(raw).decode()
    assert "+" not in sign and "/" not in sign and "=" not in sign
    assert robots.signed_url("https://oapi.dingtalk.com/robot/send?access_token=T", secret, ts).endswith(
        f"&timestamp={ts}&sign={sign}"
    )


@pytest.mark.parametrize(
    ("url", "kind", "ok"),
    [
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", WECOM, True),
        ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", WECOM, False),
        ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", WECOM, False),
        ("https://qyapi.weixin.qq.com.evil.cn/cgi-bin/webhook/send?key=K", WECOM, False),
        ("https://oapi.dingtalk.com/robot/send?access_token=T", DINGTALK, True),
        ("https://oapi.dingtalk.com/robot/send?access_token=T", WECOM, False),
        ("http://127.0.0.1:8000/robot/send?access_token=T", DINGTALK, False),
    ],
)
def test_only_https_to_the_services_own_hosts_is_a_robot_address(url, kind, ok):
    assert (robots.url_problem(url, kind) is None) is ok


def test_an_extra_host_allows_a_local_stand_in():
    url = "http://127.0.0.1:8000/robot/send?access_token=T"
    assert robots.url_problem(url, DINGTALK, extra_hosts=["127.0.0.1"]) is None


def test_the_mask_hides_the_token():
    masked = robots.mask("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef-123456")
    assert masked == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd…"


@pytest.mark.parametrize(
    ("kind", "answer", "retryable"),
    [
        (WECOM, b'{"errcode":45009,"errmsg":"api freq out of limit"}', True),
        (WECOM, b'{"errcode":93000,"errmsg":"invalid webhook url"}', False),
        (DINGTALK, b'{"errcode":310000,"errmsg":"sign not match"}', False),
        (DINGTALK, b'{"errcode":130101,"errmsg":"send too fast"}', True),
        (DINGTALK, b"<html>busy</html>", True),
    ],
)
def test_an_answer_with_an_error_code_is_a_failure_retried_only_for_rate_limits(kind, answer, retryable):
    with pytest.raises(RobotError) as failure:
        robots.outcome(kind, 200, answer)
    assert failure.value.retryable is retryable


def test_errcode_zero_is_success_and_a_server_error_is_retried():
    robots.outcome(WECOM, 200, b'{"errcode":0,"errmsg":"ok"}')
    with pytest.raises(RobotError) as failure:
        robots.outcome(WECOM, 502, b"")
    assert failure.value.retryable


def test_a_long_digest_keeps_what_fits_in_wecoms_4096_bytes_and_counts_the_rest():
    people = tuple(f"员工{i:03d}（S{i:03d}）：上周周培训（2027-W10）、新业务 5G 套餐" for i in range(300))
    sections = [
        Section("本周逾期", people),
        Section("新业务", ("5G 套餐，03-12 18:00 前完成培训",), unit="项", order=1),
    ]
    text = robots.digest_text(WECOM, title="甲营业厅 培训周报", sections=sections, footer="[查看](https://x/)")
    assert robots.fits(WECOM, title="甲营业厅 培训周报", text=text)
    assert len(robots.message(WECOM, title="甲营业厅 培训周报", text=text)["markdown"]["content"].encode()) <= 4096
    assert "…等 300 人" in text and "员工000（S000）" in text and "员工299" not in text
    assert "5G 套餐，03-12 18:00 前完成培训" in text and text.endswith("[查看](https://x/)")
    # DingTalk allows far more: all 300 fit.
    assert "…等" not in robots.digest_text(DINGTALK, title="t", sections=sections)


def test_an_empty_section_says_so():
    text = robots.digest_text(WECOM, title="t", sections=[Section("本周逾期", ())], empty="无")
    assert text == "**本周逾期**\n无"
