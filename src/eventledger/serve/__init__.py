"""``eventledger serve``: the web interface and its JSON API.

    from eventledger.serve import create_app, run
    run("sqlite:///events.sqlite", host="127.0.0.1", port=8000)
"""
from __future__ import annotations

from .app import UPLOAD_QUEUE, UPLOAD_RATE, create_app
from .launch import ServeRefused, plan

__all__ = ["ServeRefused", "create_app", "run"]

# Longer than uvicorn's 5 s: under load a client can take that long to send
# its next request on a connection, which the server would be closing just as
# it arrives (the request then fails). Browsers keep connections far longer.
KEEP_ALIVE_SECONDS = 30


def run(db: str | None, host: str = "127.0.0.1", port: int = 8000, *, token: str | None = None,
        allow_hosts: tuple[str, ...] = (), upload_queue: int = UPLOAD_QUEUE,
        upload_rate: float = UPLOAD_RATE) -> None:
    """Serve the store at ``db`` until interrupted. Raises ``ServeRefused``
    (before opening anything) for a bind beyond loopback without a token."""
    import uvicorn

    from eventledger.store import Store

    launch = plan(host, port, token, allow_hosts)
    store = Store(db)
    say = lambda line: print(f"eventledger: {line}", flush=True)  # noqa: E731
    say(f"serving {store!r} at {launch.base_url} (API docs at /docs)")
    if launch.generated:
        say(f"to add reports, open {launch.login_url} (scripts send 'Authorization: Bearer {launch.policy.token}')")
    else:
        say(f"to add reports, open {launch.base_url}?token=TOKEN with the token you gave "
            "(scripts send 'Authorization: Bearer TOKEN')")
    if launch.exposed:
        say("bound beyond this machine: reading needs the token too")
    elif launch.policy.read_token:
        say("answering names beyond this machine: reading needs the token too")
    say(f"answering requests for: {launch.policy.hosts.describe()} (add names with --allow-host)")
    try:
        app = create_app(store, access=launch.policy, upload_queue=upload_queue, upload_rate=upload_rate)
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_SECONDS)
    finally:
        store.close()
