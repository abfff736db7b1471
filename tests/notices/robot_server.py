"""A stand-in for the WeCom and DingTalk robot services on 127.0.0.1, for tests.

It checks what the real services check: the webhook key or access token, the JSON body of a markdown or
text message (WeCom: content at most 4096 bytes), and DingTalk's ``timestamp`` (ms, within an hour) and
``sign`` (base64 of HmacSHA256 of ``"{timestamp}\\n{secret}"`` keyed by the secret, URL-encoded), and
answers their error codes: 93000 (bad key), 40058 (bad or too long content), 300001 (bad token),
310000 (bad signature). ``fail_next(code, …)`` answers the given codes first (e.g. 45009, rate limit).
"""

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WECOM_KEY = "wecom-key-0001"
DING_TOKEN = "ding-token-0001"
DING_SECRET = "SECtest-secret-0001"


def _wecom(query, body) -> int:
    if query.get("key") != [WECOM_KEY]:
        return 93000
    msgtype = body.get("msgtype")
    content = (body.get(msgtype) or {}).get("content") if msgtype in ("markdown", "text") else None
    if not isinstance(content, str) or not content or len(content.encode()) > 4096:
        return 40058
    return 0


def _dingtalk(query, body) -> int:
    if query.get("access_token") != [DING_TOKEN]:
        return 300001
    try:
        timestamp = int(query["timestamp"][0])
        sign = query["sign"][0]
    except (KeyError, ValueError):
        return 310000
    expected = base64.b64encode(
        hmac.new(DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    if abs(time.time() * 1000 - timestamp) > 3600 * 1000 or not hmac.compare_digest(sign, expected):
        return 310000
    markdown = body.get("markdown") or {}
    if body.get("msgtype") != "markdown" or not markdown.get("title") or not markdown.get("text"):
        return 40035
    return 0


class RobotServer:
    def __init__(self):
        self.received: list[tuple[str, dict]] = []  # (service, body) of each message accepted
        self.answers: list[int] = []  # every answer given, in order
        self._forced: list[int] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                length = int(self.headers.get("Content-Length", 0))
                try:
                    body = json.loads(self.rfile.read(length))
                except ValueError:
                    body = {}
                service = {"/cgi-bin/webhook/send": "wecom", "/robot/send": "dingtalk"}.get(parts.path)
                code = {"wecom": _wecom, "dingtalk": _dingtalk}[service](query, body) if service else 404
                if code == 0 and server._forced:
                    code = server._forced.pop(0)
                if code == 0:
                    server.received.append((service, body))
                server.answers.append(code)
                data = json.dumps({"errcode": code, "errmsg": "ok" if code == 0 else "error"}).encode()
                self.send_response(404 if code == 404 else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def wecom_url(self) -> str:
        return f"{self.base}/cgi-bin/webhook/send?key={WECOM_KEY}"

    @property
    def dingtalk_url(self) -> str:
        return f"{self.base}/robot/send?access_token={DING_TOKEN}"

    def fail_next(self, *codes: int) -> None:
        self._forced.extend(codes)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
