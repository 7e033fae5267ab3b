"""Who may read and write: the Host allow-list, cross-site refusals and the token.

Every request, in this order:

1. ``Host`` must be on the allow-list (``hosts.py``), or 400: a DNS-rebound
   page never gets an answer.
2. A write (any method but GET, HEAD, OPTIONS) coming from a browser must come
   from the page's own origin: ``Sec-Fetch-Site``, when sent, must be
   ``same-origin``, and ``Origin``, when sent, must name this very host and
   port; otherwise 403. Another port on 127.0.0.1 is same-*site* (the browser
   sends it our SameSite cookie) but not same-origin, so it is refused here.
3. A write needs the token, and so does every read but the page's own shell
   and files when ``read_token`` is set (the server is bound beyond loopback,
   or answers names beyond it); otherwise 401. The token comes either as
   ``Authorization: Bearer TOKEN`` (scripts) or as the cookie that opening
   ``/?token=TOKEN`` sets (the page; HttpOnly, SameSite=Strict).
4. A write that authenticates with the cookie must also carry the
   ``X-Eventledger`` header, which the page sends. No HTML form or "simple"
   cross-origin request can carry a custom header without a CORS preflight,
   which this server never grants; so even a browser that sent neither Origin
   nor Sec-Fetch-Site cannot be made to write by another page.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_body
from .hosts import HostAllowList, split_host

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITE_HEADER = "x-eventledger"
COOKIE_PREFIX = "eventledger_token_"
MIN_TOKEN_LENGTH = 16
DRAIN_LIMIT = 2 * 1024 * 1024  # a refused body read and dropped (beyond it, the connection is closed)
# The page's shell and its files hold no data: they load without the token,
# and the page then asks for it when the API answers 401.
PUBLIC_PATHS = frozenset({"/", "/docs", "/favicon.ico"})
PUBLIC_PREFIX = "/static/"


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class AccessPolicy:
    token: str = field(repr=False)
    hosts: HostAllowList = field(default_factory=lambda: HostAllowList.for_bind("127.0.0.1"))
    read_token: bool = False

    @classmethod
    def local(cls, token: str | None = None, allow_hosts: tuple[str, ...] = ()) -> AccessPolicy:
        """Loopback: reads open to this machine (unless ``allow_hosts`` names
        others), writes need ``token`` (a fresh random one when none is given)."""
        hosts = HostAllowList.for_bind("127.0.0.1", allow_hosts)
        return cls(token or new_token(), hosts, read_token=hosts.beyond_loopback)

    def token_matches(self, value: str) -> bool:
        return hmac.compare_digest(value.encode("utf-8", "surrogatepass"), self.token.encode("utf-8"))

    @property
    def cookie_value(self) -> str:
        # Derived, not the token itself: a cookie read off a disk is not a
        # bearer token for scripts.
        return hmac.new(self.token.encode("utf-8"), b"eventledger page cookie", hashlib.sha256).hexdigest()

    def cookie_matches(self, value: str) -> bool:
        return hmac.compare_digest(value.encode("utf-8", "surrogatepass"), self.cookie_value.encode("ascii"))


def cookie_name(host_header: str, scheme: str) -> str:
    """One cookie per port: cookies ignore ports, and two servers on one
    machine must not log each other out."""
    _host, port = split_host(host_header)
    return COOKIE_PREFIX + (port or ("443" if scheme == "https" else "80"))


def cross_site_reason(headers: Headers, host_header: str) -> str | None:
    site = headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return f"cross-site write refused (Sec-Fetch-Site: {site[:40]})"
    origin = headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != host_header.strip().lower():
        return f"cross-origin write refused (Origin: {origin[:100]})"
    return None


def _cookies(headers: Headers) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in headers.getlist("cookie"):
        for pair in header.split(";"):
            name, _, value = pair.strip().partition("=")
            if name:
                jar[name] = value
    return jar


class AccessMiddleware:
    def __init__(self, app: ASGIApp, policy: AccessPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is None and scope["method"] == "GET" and scope["path"] == "/" and scope.get("query_string"):
            params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            if any(name == "token" for name, _ in params):
                await self._log_in(params, scope, headers.get("host", ""), send)
                return
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, detail, extra = refusal
        if _has_body(headers) and not await _drain(receive, headers):
            # Refused unread: the rest of the body is still on the wire, so the
            # connection cannot carry another request; say so, or a client
            # reusing it would fail on its next one.
            extra = [*extra, (b"connection", b"close")]
        await _send(send, status, error_body(status, detail), extra)

    def _refusal(self, scope: Scope, headers: Headers) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        host = headers.get("host", "")
        if not self.policy.hosts.allows(host):
            shown = host[:100] or "(none)"
            name = split_host(shown)[0] or "NAME"
            return 400, f"Host {shown!r} is not served here (start the server with --allow-host {name} to accept it)", []
        method, path = scope["method"], scope["path"]
        write = method not in SAFE_METHODS
        if write:
            reason = cross_site_reason(headers, host)
            if reason:
                return 403, reason, []
        if write or (self.policy.read_token and not _public(path)):
            how = self._authenticate(headers, cookie_name(host, scope.get("scheme", "http")))
            if how is None:
                what = "writing" if write else "reading"
                return (401, f"{what} needs this server's token: send 'Authorization: Bearer TOKEN', "
                             "or open the address 'eventledger serve' printed",
                        [(b"www-authenticate", b'Bearer realm="eventledger"')])
            if write and how == "cookie" and WRITE_HEADER not in headers:
                return 403, "a write authenticated by the cookie must carry the X-Eventledger header (the page sends it)", []
        return None

    def _authenticate(self, headers: Headers, cookie: str) -> str | None:
        """'bearer', 'cookie', or None; a wrong bearer token is not rescued by a cookie."""
        authorization = headers.get("authorization")
        if authorization is not None:
            scheme, _, value = authorization.partition(" ")
            return "bearer" if scheme.lower() == "bearer" and self.policy.token_matches(value.strip()) else None
        value = _cookies(headers).get(cookie)
        return "cookie" if value and self.policy.cookie_matches(value) else None

    async def _log_in(self, params: list[tuple[str, str]], scope: Scope, host: str, send: Send) -> None:
        """``/?token=TOKEN``: the cookie, then the page without the token in
        its address (kept out of history and of links copied from the bar)."""
        given = [v for k, v in params if k == "token"]
        rest = [(k, v) for k, v in params if k != "token"]
        if not self.policy.token_matches(given[-1]):
            await _send(send, 401, LOGIN_PAGE.encode(), content_type=b"text/html; charset=utf-8")
            return
        scheme = scope.get("scheme", "http")
        cookie = f"{cookie_name(host, scheme)}={self.policy.cookie_value}; Path=/; HttpOnly; SameSite=Strict"
        if scheme == "https":
            cookie += "; Secure"
        location = "/" + ("?" + urlencode(rest) if rest else "")
        await _send(send, 303, b"", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])


async def _drain(receive: Receive, headers: Headers, limit: int = DRAIN_LIMIT) -> bool:
    """Read and drop a refused request's body, up to ``limit`` bytes: a client
    still sending it when the server closes would lose the answer (the
    closing socket resets the connection). False if it was longer."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return False
    read = 0
    while read <= limit:
        message = await receive()
        if message["type"] != "http.request":
            return False
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return True
    return False


def _has_body(headers: Headers) -> bool:
    return headers.get("content-length", "0").strip() not in ("0", "") or "transfer-encoding" in headers


def _public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIX)


async def _send(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None,
                content_type: bytes = b"application/json") -> None:
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"), *(headers or [])],
    })
    await send({"type": "http.response.body", "body": body})


LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eventledger: token needed</title>
<link rel="stylesheet" href="/static/css/app.css"></head>
<body class="login"><main class="login-box">
<h1>This address's token is not this server's</h1>
<p>A token generated at start changes each time <code>eventledger serve</code> starts. Open the address it
printed last, or enter the token:</p>
<form method="get" action="/"><input name="token" type="password" autocomplete="off" required
 aria-label="token"> <button type="submit" class="button">Open</button></form>
</main></body></html>
"""
