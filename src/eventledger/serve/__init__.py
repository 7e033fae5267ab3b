"""``eventledger serve``: the web interface and its JSON API.

    from eventledger.serve import create_app, run
    run("sqlite:///events.sqlite", host="127.0.0.1", port=8000)
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app", "run"]


def run(db: str | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the store at ``db`` until interrupted."""
    import uvicorn

    from eventledger.store import Store

    store = Store(db)
    print(f"eventledger: serving {store!r} at http://{host}:{port}/ (API docs at /docs)", flush=True)
    try:
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
    finally:
        store.close()
