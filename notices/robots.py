"""Group robots of 企业微信 (WeCom) and 钉钉 (DingTalk): their addresses, signatures, messages and answers.

Pure: no Django import. WeCom: ``POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`` with
``{"msgtype": "markdown", "markdown": {"content": …}}`` (at most 4096 bytes of UTF-8). DingTalk:
``POST https://oapi.dingtalk.com/robot/send?access_token=…&timestamp=…&sign=…`` where ``sign`` is
``urlencode(base64(HmacSHA256(key=secret, msg=f"{timestamp}\\n{secret}")))`` and the timestamp is in
milliseconds, with ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``. Both answer
``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure, retried only when it is a rate limit
or a busy server.
"""

import base64
import hashlib
import hmac
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WECOM, DINGTALK = "wecom", "dingtalk"
HOSTS = {WECOM: "qyapi.weixin.qq.com", DINGTALK: "oapi.dingtalk.com"}
PATHS = {WECOM: "/cgi-bin/webhook/send", DINGTALK: "/robot/send"}
TOKENS = {WECOM: "key", DINGTALK: "access_token"}
RETRY_ERRCODES = {WECOM: frozenset({-1, 45009}), DINGTALK: frozenset({-1, 130101})}
"""-1: system busy; 45009 (WeCom) and 130101 (DingTalk): sending too fast."""
WECOM_MAX_BYTES = 4096
DINGTALK_MAX_CHARS = 20000
TIMEOUT = 10


class RobotError(Exception):
    """A failed send; ``retryable`` when trying again later may succeed (network, rate limit)."""

    def __init__(self, message: str, *, retryable: bool):
        super().__init__(message)
        self.retryable = retryable


def url_problem(url: str, kind: str, *, extra_hosts: Iterable[str] = ()) -> str | None:
    """Return why ``url`` is not a webhook address of ``kind`` (None: it is).

    Only https to the service's own host; ``extra_hosts`` (tests, a local stand-in) may also use http."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "not a URL"
    if host == HOSTS[kind]:
        if parts.scheme != "https" or parts.port not in (None, 443):
            return "only https is allowed"
    elif host not in set(extra_hosts) or parts.scheme not in ("http", "https"):
        return f"the host must be {HOSTS[kind]}"
    if parts.path != PATHS[kind]:
        return f"the path must be {PATHS[kind]}"
    if not urllib.parse.parse_qs(parts.query).get(TOKENS[kind], [""])[0]:
        return f"the address has no {TOKENS[kind]}"
    return None


def mask(url: str) -> str:
    """Return ``url`` with its token shortened to the first four characters (for listings)."""
    parts = urllib.parse.urlsplit(url)
    query = "&".join(
        f"{k}={v[:4] + '…' if k in TOKENS.values() else v}" for k, v in urllib.parse.parse_qsl(parts.query)
    )
    return urllib.parse.urlunsplit(parts._replace(query=query))


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """Return DingTalk's signature (already URL-encoded) of ``timestamp_ms`` with ``secret``."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """Return a DingTalk webhook address with its ``timestamp`` and ``sign``."""
    return f"{url}&timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


def message(kind: str, *, title: str, text: str) -> dict:
    """Return the JSON body of a markdown message (WeCom has no title: it becomes the first line)."""
    if kind == WECOM:
        return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": f"#### {title}\n{text}"}}


def fits(kind: str, *, title: str, text: str) -> bool:
    """Whether the message is within the robot's limit."""
    body = message(kind, title=title, text=text)["markdown"]
    if kind == WECOM:
        return len(body["content"].encode()) <= WECOM_MAX_BYTES
    return len(body["text"]) <= DINGTALK_MAX_CHARS


@dataclass(frozen=True)
class Section:
    """A part of a digest: a heading and one line per person or item; ``unit`` counts what a cut drops."""

    title: str
    lines: tuple[str, ...]
    unit: str = "人"
    order: int = 0


def _render(sections: Sequence[Section], cap: int | None, empty: str) -> str:
    parts = []
    for section in sections:
        lines = list(section.lines) if cap is None else list(section.lines[:cap])
        if not section.lines:
            lines = [empty]
        elif cap is not None and len(section.lines) > cap:
            lines.append(f"…等 {len(section.lines)} {section.unit}")
        parts.append(f"**{section.title}**\n" + "\n".join(f"- {line}" if line != empty else line for line in lines))
    return "\n\n".join(parts)


def digest_text(kind: str, *, title: str, sections: Sequence[Section], footer: str = "", empty: str = "无") -> str:
    """Return the digest's text within the robot's limit: each section keeps as many lines as fit, the
    rest summed up as "…等 n 人"."""
    ordered = sorted(sections, key=lambda s: s.order)
    longest = max((len(s.lines) for s in ordered), default=0)
    for cap in [None, *range(longest - 1, -1, -1)]:
        text = (_render(ordered, cap, empty) if ordered else empty) + (f"\n\n{footer}" if footer else "")
        if fits(kind, title=title, text=text):
            return text
    return text


def outcome(kind: str, status: int, body: bytes) -> None:
    """Raise ``RobotError`` unless the answer is a success (HTTP 200 with errcode 0)."""
    if status >= 500:
        raise RobotError(f"HTTP {status}", retryable=True)
    if status != 200:
        raise RobotError(f"HTTP {status}", retryable=False)
    try:
        answer = json.loads(body)
        errcode = int(answer.get("errcode", -1))
    except (ValueError, AttributeError, TypeError) as exc:
        raise RobotError(f"not a robot's answer: {body[:100]!r}", retryable=True) from exc
    if errcode != 0:
        raise RobotError(
            f"errcode {errcode}: {answer.get('errmsg', '')}"[:300], retryable=errcode in RETRY_ERRCODES[kind]
        )


def post(kind: str, *, url: str, secret: str, body: dict, timestamp_ms: int) -> None:
    """Send ``body`` to the robot at ``url``; raise ``RobotError`` on any failure."""
    if kind == DINGTALK:
        url = signed_url(url, secret, timestamp_ms)
    request = urllib.request.Request(
        url, data=json.dumps(body, ensure_ascii=False).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (checked by url_problem)
            status, data = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, data = exc.code, exc.read()
    except (OSError, http.client.HTTPException) as exc:
        raise RobotError(f"{type(exc).__name__}: {exc}"[:300], retryable=True) from exc
    outcome(kind, status, data)
