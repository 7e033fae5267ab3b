"""Which ``Host`` headers the server answers: the defence against DNS rebinding.

A page on ``evil.example`` whose name an attacker re-points at 127.0.0.1 is,
to the browser, same-origin with this server, and may read and write it; but
every one of its requests says ``Host: evil.example``. Answering only the names
the server is really reached by closes that door.

    hosts = HostAllowList.for_bind("127.0.0.1", extra=["ledger.lan"])
    hosts.allows("localhost:8000")   # True
    hosts.allows("evil.example")     # False

An entry is a name or an address, ``.example.org`` (that domain and every
name under it), or ``*`` (any host: for a server behind a proxy that checks
names itself). A server answering any name beyond loopback is meant to be
reached from elsewhere (a LAN name, a proxy): reads then need the token too.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def split_host(header: str) -> tuple[str, str | None]:
    """``"[::1]:8000"`` -> ``("::1", "8000")``; ``"Example.org."`` -> ``("example.org", None)``."""
    value = header.strip().lower()
    port = None
    if value.startswith("["):  # an IPv6 literal, with or without a port
        end = value.find("]")
        host, rest = (value[1:end], value[end + 1:]) if end > 0 else (value, "")
        port = rest[1:] if rest.startswith(":") else None
    elif value.count(":") == 1:
        host, port = value.split(":")
    else:
        host = value
    return host.rstrip("."), port


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """A bind address or name that only this machine can reach."""
    name = host.strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES:
        return True
    address = _address(name)
    return address is not None and address.is_loopback


def _machine_names() -> set[str]:
    """This machine's own name and the addresses it resolves to locally
    (``/etc/hosts``), so that a LAN user can open ``http://HOSTNAME:8000/``."""
    names: set[str] = set()
    try:
        hostname = socket.gethostname().lower()
    except OSError:
        return names
    if hostname:
        names.add(hostname)
        names.add(hostname.split(".")[0])
    return names


@dataclass(frozen=True)
class HostAllowList:
    names: frozenset[str]
    any_address: bool = False  # an IP literal cannot be a rebound DNS name

    @classmethod
    def for_bind(cls, bind: str, extra: Iterable[str] = ()) -> HostAllowList:
        """Loopback names and addresses always; beyond loopback also the
        address bound, any IP address, and this machine's name; plus ``extra``."""
        names = set(LOOPBACK_NAMES)
        any_address = False
        if not is_loopback(bind):
            any_address = True
            names |= _machine_names()
            if _address(bind.strip("[]")) is None:
                names.add(bind.lower())
        names |= {normalise_entry(e) for e in extra if e.strip()}
        return cls(frozenset(names), any_address)

    @property
    def allows_any(self) -> bool:
        return "*" in self.names

    @property
    def beyond_loopback(self) -> bool:
        """Whether names or addresses other than this machine's loopback are
        answered: the server is then meant to be reached from elsewhere."""
        return self.any_address or any(not is_loopback(name) for name in self.names)

    def allows(self, header: str | None) -> bool:
        if not header:
            return False
        if self.allows_any:
            return True
        host, _port = split_host(header)
        if not host:
            return False
        address = _address(host)
        if address is not None:
            return address.is_loopback or self.any_address or str(address) in self.names
        if host in self.names:
            return True
        return any(entry.startswith(".") and (host == entry[1:] or host.endswith(entry)) for entry in self.names)

    def describe(self) -> str:
        shown = sorted(self.names - LOOPBACK_NAMES - {"localhost"})
        parts = ["localhost", "loopback addresses"] + (["any IP address"] if self.any_address else []) + shown
        return "any host" if self.allows_any else ", ".join(parts)


def normalise_entry(entry: str) -> str:
    """``--allow-host`` values as the header is compared: lower case, no port,
    no brackets around an IPv6 address."""
    value = entry.strip().lower()
    if value in ("*", ""):
        return value
    if value.startswith("."):
        return "." + split_host(value[1:])[0]
    host, _port = split_host(value)
    address = _address(host)
    return str(address) if address is not None else host
