"""What ``eventledger serve`` decides before it listens: the token, the hosts
it answers, and whether it may start at all.

    launch = plan("127.0.0.1", 8000, token=None)     # a fresh token, printed
    plan("0.0.0.0", 8000, token=None)                # ServeRefused: no token

Bound to loopback, only this machine can connect: reads are open and writes
need the token (generated at start unless one is given). Bound to any other
address, the store is on the network: that is refused without a token of the
user's own, and with one, reads need it too; so they do when ``--allow-host``
names other hosts (a proxy may be passing the network's requests on).
"""
from __future__ import annotations

import socket
from dataclasses import dataclass

from .access import MIN_TOKEN_LENGTH, AccessPolicy, new_token
from .hosts import HostAllowList, is_loopback

TOKEN_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe())'"


class ServeRefused(ValueError):
    """The server must not start so; the message says why and what to do, in one line."""


@dataclass(frozen=True)
class Launch:
    policy: AccessPolicy
    generated: bool  # the token was made here, and must be printed
    exposed: bool  # bound beyond loopback
    base_url: str  # how a browser on this machine (or, exposed, the LAN) reaches it

    @property
    def login_url(self) -> str:
        return f"{self.base_url}?token={self.policy.token}"


def plan(host: str, port: int, token: str | None = None, allow_hosts: tuple[str, ...] = ()) -> Launch:
    token = (token or "").strip() or None
    exposed = not is_loopback(host)
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ServeRefused(f"the token is {len(token)} characters; use at least {MIN_TOKEN_LENGTH} (e.g. {TOKEN_HINT})")
    if exposed and token is None:
        raise ServeRefused(
            f"refusing to serve on {host}: other machines could read and write the store; give --token TOKEN "
            f"(or set EVENTLEDGER_TOKEN) to require it for every request, or serve on 127.0.0.1")
    hosts = HostAllowList.for_bind(host, allow_hosts)
    policy = AccessPolicy(token or new_token(), hosts, read_token=exposed or hosts.beyond_loopback)
    return Launch(policy, generated=token is None, exposed=exposed, base_url=_base_url(host, port))


def _base_url(host: str, port: int) -> str:
    shown = host.strip("[]")
    if shown in ("0.0.0.0", "::", ""):
        shown = socket.gethostname() or "localhost"
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"
