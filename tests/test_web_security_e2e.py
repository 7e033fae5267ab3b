"""The server's defences in a real headless Chromium (see ``browser.py``).

The browser is logged in to the server (it holds the token's cookie), as its
user's would be; then pages of other origins try to write with it:

- a page on another port of 127.0.0.1: same *site*, so the browser sends the
  SameSite=Strict cookie along; only the origin checks stand in the way;
- a page on another name (``attacker.test``, mapped to 127.0.0.1 inside
  Chromium): cross-site;
- the server itself reached by a rebound DNS name (``rebind.test``).

Each tries what a browser lets any page do without asking the server: a
``no-cors`` multipart fetch, a ``no-cors`` JSON body sent as text/plain, a
multipart form post and a text/plain form post forging JSON; and, for
completeness, a fetch that does carry the page's header, which needs a CORS
preflight the server never grants. Every attempt must reach the server, be
refused, and queue nothing.
"""
from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from browser import CHROMIUM, CHROMIUM_FLAGS, TIMEOUT_MS, free_port, require_browser, serving

TOKEN = "security-e2e-token-0123456789"
RESOLVER_RULES = "--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP attacker.test 127.0.0.1"

# Runs in the attacker's page; the target's address comes after '#'.
ATTACK_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>attack</title></head><body>
<script>
(async () => {
  const target = decodeURIComponent(location.hash.slice(1));
  const report = 'Gunmen stormed a police station in Kunduz, killing three officers, officials said.';
  const results = {};
  async function attempt(name, url, options) {
    try {
      const response = await fetch(url, { method: 'POST', credentials: 'include', ...options });
      results[name] = response.type === 'opaque' ? 'sent' : `answered ${response.status}`;
    } catch (error) {
      results[name] = 'blocked';
    }
  }
  const form = new FormData();
  form.append('file', new Blob([report], { type: 'text/plain' }), 'report.txt');
  form.append('published', '2021-07-07');
  await attempt('no-cors multipart', target + '/api/documents/upload', { mode: 'no-cors', body: form });
  await attempt('no-cors json as text', target + '/api/documents', {
    mode: 'no-cors', headers: { 'Content-Type': 'text/plain' },
    body: JSON.stringify({ text: report, published: '2021-07-07' }) });
  await attempt('cors with the page header', target + '/api/documents', {
    headers: { 'Content-Type': 'application/json', 'X-Eventledger': '1' },
    body: JSON.stringify({ text: report, published: '2021-07-07' }) });
  window.attackResults = results;
  document.body.dataset.done = 'true';
})();
</script></body></html>
"""

# A multipart form with a real file in it, posted as a navigation.
FORM_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>form</title></head><body>
<form id="f" method="post" enctype="multipart/form-data">
  <input type="file" name="file"><input type="hidden" name="published" value="2021-07-07">
</form>
<script>
const form = document.getElementById('f');
form.action = decodeURIComponent(location.hash.slice(1)) + '/api/documents/upload';
const files = new DataTransfer();
files.items.add(new File(['Gunmen stormed a police station in Kunduz, killing three officers.'], 'report.txt', { type: 'text/plain' }));
form.elements.file.files = files.files;
form.submit();
</script></body></html>
"""

# The classic JSON CSRF: a text/plain form whose one field spells a JSON body.
TEXT_FORM_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>text form</title></head><body>
<form id="f" method="post" enctype="text/plain">
  <input type="hidden" name='{"text": "Gunmen stormed a police station in Kunduz.", "published": "2021-07-07", "x": "' value='"}'>
</form>
<script>
const form = document.getElementById('f');
form.action = decodeURIComponent(location.hash.slice(1)) + '/api/documents';
form.submit();
</script></body></html>
"""

ATTACK_FILES = {"/attack.html": ATTACK_PAGE, "/form.html": FORM_PAGE, "/text-form.html": TEXT_FORM_PAGE}

# A report that reached the store before new documents were cleaned of
# direction controls: an override that would show "report.exe" as "exe.troper".
BIDI_TEXT = "Attachment: \u202eexe.troper\u202c was shared.\nOfficials \u2067said\u2069 nothing more."


class AttackerHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        page = ATTACK_FILES.get(self.path.split("#")[0].split("?")[0])
        if page is None:
            self.send_error(404)
            return
        body = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    require_browser()
    from eventledger.records import Document
    from eventledger.serve import create_app
    from eventledger.serve.access import AccessPolicy
    from eventledger.store import Store

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('security-e2e') / 'events.sqlite'}")
    store.add_document(Document("bidi.txt", BIDI_TEXT, published="2021-07-07",
                                publisher="Wire \u202eswen\u202c", title="Shared \u202eexe.troper\u202c"), [])
    yield Recorder(create_app(store, access=AccessPolicy.local(TOKEN)))
    store.close()


@pytest.fixture(scope="module")
def target(app):
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def attacker_port():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(AttackerHandler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[*CHROMIUM_FLAGS, RESOLVER_RULES])
        yield browser
        browser.close()


class Recorder:
    """Wraps the app: what reached the server, from which origin, and its answer.
    (The browser hides these answers from the attacking page, and reports no
    response at all for those its resource policy blocks.)"""

    def __init__(self, app) -> None:
        self.app = app
        self.state = app.state
        self.items: list[dict] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        entry = {"method": scope["method"], "path": scope["path"], "origin": headers.get("origin"),
                 "page_header": "x-eventledger" in headers, "status": None}
        self.items.append(entry)

        async def recording_send(message):
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            await send(message)

        return await self.app(scope, receive, recording_send)

    def from_origin(self, origin: str) -> list[tuple[str, str, int]]:
        return [(e["method"], e["path"], e["status"]) for e in self.items if e["origin"] == origin]


@pytest.fixture()
def logged_in(browser, target):
    """A browser context holding the token's cookie, as the printed address leaves it."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{target}/?token={TOKEN}")
    page.wait_for_selector("html[data-rendered=true]")
    yield context
    context.close()


def _submitted(app) -> int:
    return app.state.jobs.submitted


def test_the_printed_address_sets_an_httponly_strict_cookie(logged_in, target):
    cookies = logged_in.cookies(target)
    assert len(cookies) == 1
    cookie = cookies[0]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert TOKEN not in cookie["value"]
    page = logged_in.pages[0]
    assert page.url == f"{target}/"  # the token is not left in the address bar
    assert page.evaluate("() => document.cookie") == ""  # nothing for a script to read


@pytest.mark.parametrize("attacker_host", ["127.0.0.1", "attacker.test"], ids=["other-port", "other-site"])
def test_a_page_of_another_origin_cannot_write(app, logged_in, target, attacker_port, attacker_host):
    before = _submitted(app)
    origin = f"http://{attacker_host}:{attacker_port}"
    page = logged_in.new_page()
    page.goto(f"{origin}/attack.html#{target}")
    page.wait_for_selector("body[data-done=true]", state="attached")
    # the page learns nothing: its browser blocks every answer
    assert page.evaluate("() => window.attackResults") == {
        "no-cors multipart": "blocked", "no-cors json as text": "blocked", "cors with the page header": "blocked"}

    with page.expect_response(lambda r: r.url.endswith("/api/documents/upload")) as posted:
        page.goto(f"{origin}/form.html#{target}")
    assert posted.value.status == 403
    assert "cross-" in page.inner_text("body")
    with page.expect_response(lambda r: r.url.endswith("/api/documents")) as posted:
        page.goto(f"{origin}/text-form.html#{target}")
    assert posted.value.status == 403

    # what the server saw from that origin: every simple request arrived, with
    # the cookie, and was refused; the request with the page's header never
    # came, because its preflight was not granted
    seen = app.from_origin(origin)
    assert sorted(seen) == sorted([
        ("POST", "/api/documents/upload", 403),  # the no-cors multipart fetch
        ("POST", "/api/documents", 403),  # the no-cors JSON as text/plain
        ("OPTIONS", "/api/documents", 405),  # the preflight, refused
        ("POST", "/api/documents/upload", 403),  # the multipart form
        ("POST", "/api/documents", 403),  # the text/plain form
    ]), seen
    assert _submitted(app) == before, "a cross-origin request queued a report"
    page.close()


def test_the_pages_own_request_writes(app, logged_in, target):
    """The control for the refusals above: the same browser, from the page."""
    before = _submitted(app)
    page = logged_in.pages[0]
    job = page.evaluate("""async () => {
        const response = await fetch('/api/documents', { method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Eventledger': '1' },
            body: JSON.stringify({ text: '<html><body><script>x()</script></body></html>', published: '2021-07-07' }) });
        return { status: response.status, job: await response.json() };
    }""")
    assert job["status"] == 202 and job["job"]["url"].startswith("/api/jobs/")
    assert _submitted(app) == before + 1
    # without the page's header, the cookie alone is not enough
    status = page.evaluate("""async () => (await fetch('/api/documents', { method: 'POST',
        headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status""")
    assert status == 403


def test_without_the_token_the_page_cannot_write_and_says_how_to_log_in(app, browser, target):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{target}/")  # without ?token=
    page.wait_for_selector("html[data-rendered=true]")  # reads are open on loopback
    before = _submitted(app)
    page.click(".tab[data-tab=add]")
    page.fill("textarea[name=text]", "Gunmen stormed a police station in Kunduz, killing three officers.")
    page.fill("input[name=published]", "2021-07-07")
    with page.expect_response(lambda r: r.url.endswith("/api/documents")) as posted:
        page.click("#upload button[type=submit]")
    assert posted.value.status == 401
    page.wait_for_selector("#token-note:not([hidden])")
    assert "token" in page.inner_text("#upload-status")
    assert _submitted(app) == before
    page.click("#token-note-close")
    assert page.locator("#token-note").is_hidden()
    page.click("#upload button[type=submit]")  # asked again: the note comes back
    page.wait_for_selector("#token-note:not([hidden])")

    # the note's form is the printed address, typed in
    page.fill("#token-note input[name=token]", TOKEN)
    page.click("#token-note button[type=submit]")
    page.wait_for_url(f"{target}/")
    page.wait_for_selector("html[data-rendered=true]")
    assert page.locator("#token-note").is_hidden()
    assert [c["sameSite"] for c in context.cookies(target)] == ["Strict"]
    context.close()


def test_a_rebound_host_name_is_refused(browser, target):
    port = target.rsplit(":", 1)[1]
    context = browser.new_context()
    page = context.new_page()
    for path in ("/", "/api/events", f"/?token={TOKEN}"):
        response = page.goto(f"http://rebind.test:{port}{path}")
        assert response.status == 400, path
        assert "is not served here" in page.inner_text("body")
    assert context.cookies() == []
    # a loopback name is the same server
    assert page.goto(f"http://localhost:{port}/api/stats").status == 200
    context.close()


def test_direction_controls_in_stored_text_are_shown_inert(logged_in):
    page = logged_in.pages[0]
    page.click(".tab[data-tab=documents]")
    page.locator("#documents-list button.doc[data-document-id='bidi.txt']").click()
    page.wait_for_function("() => document.querySelector('#drawer').dataset.documentId === 'bidi.txt'")
    shown = page.evaluate("""() => ['#drawer', '#documents-list'].map((s) => document.querySelector(s).textContent).join(' ')""")
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in shown
    assert "RLOexe.troper" in shown.replace(" ", "")  # the override named, the text in its stored order
    names = page.locator("#drawer .bidi-control").all_inner_texts()
    assert names.count("RLO") >= 1 and "PDF" in names and "RLI" in names and "PDI" in names
    assert page.locator("#documents-list .bidi-control").count() >= 2  # the title and the publisher
