"""Making ``eventledger serve`` safe to expose, through FastAPI's TestClient:
the token, cross-site refusals, the Host allow-list, the start-up rules, and
uploads queued off the request path with a per-client rate limit.

The real-browser side (a page of another origin, a DNS-rebound name) is in
``test_web_security_e2e.py``.
"""
from __future__ import annotations

import time
import warnings

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventledger.cli import cli
from eventledger.serve import create_app, uploads
from eventledger.serve.access import AccessPolicy, cookie_name
from eventledger.serve.hosts import HostAllowList, split_host
from eventledger.serve.launch import ServeRefused, plan
from eventledger.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "access-test-token-0123456789"
BASE = "http://localhost:8000"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
# An HTML page with no text: the worker refuses it at once, before any
# model loads, so these tests queue real jobs without paying for extraction.
EMPTY_PAGE = "<!doctype html><html><head><title>t</title></head><body><script>x()</script></body></html>"
REPORT = "Protesters gathered in Kandahar on Friday to demand the release of detained relatives, officials said."


def report(day: int) -> str:
    """A report of its own (the store keeps one copy of a text)."""
    return f"Protesters gathered in Kandahar on {day} July 2021 to demand the release of detained relatives."


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('access') / 'events.sqlite'}")
    yield store
    store.close()


def make_client(store, *, base_url: str = BASE, headers: dict | None = None, client=("127.0.0.1", 50000),
                **app_options) -> TestClient:
    app_options.setdefault("access", AccessPolicy.local(TOKEN))
    return TestClient(create_app(store, **app_options), base_url=base_url, headers=headers, client=client,
                      follow_redirects=False)


@pytest.fixture()
def client(store):
    with make_client(store) as client:
        yield client


def post_page(client: TestClient, **headers):
    return client.post("/api/documents", json={"text": EMPTY_PAGE, "published": "2021-07-07"}, headers=headers)


def wait_over(client: TestClient, job: dict, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.02)
        job = client.get(job["url"], headers=BEARER).json()
    return job


def wait_state(client: TestClient, job: dict, state: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while job["state"] != state:
        assert time.monotonic() < deadline, job
        time.sleep(0.02)
        job = client.get(job["url"], headers=BEARER).json()
    return job


def refused(response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["detail"]
    assert "default-src 'self'" in response.headers["content-security-policy"]  # refusals get the headers too
    return body["detail"]


# -------------------------------------------------------------------- token


def test_on_loopback_reads_are_open_and_writes_need_the_token(client):
    assert client.get("/api/events").status_code == 200
    response = post_page(client)
    assert "token" in refused(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")
    refused(post_page(client, Authorization="Bearer not-the-token-at-all-000"), 401)
    refused(post_page(client, Authorization=f"Basic {TOKEN}"), 401)
    accepted = post_page(client, **BEARER)
    assert accepted.status_code == 202, accepted.text


def test_a_refused_body_is_read_so_that_the_connection_can_serve_the_next_request(client):
    small = client.post("/api/documents", content=b"x" * 100_000, headers={"Content-Type": "application/json"})
    refused(small, 401)
    assert "connection" not in small.headers
    # too long to read for nothing: the connection is closed instead, and the client told so
    huge = client.post("/api/documents", content=b"x" * (3 * 1024 * 1024), headers={"Content-Type": "application/json"})
    refused(huge, 401)
    assert huge.headers["connection"] == "close"


def test_a_multipart_upload_needs_the_token_too(client):
    files = {"file": ("report.txt", REPORT.encode(), "text/plain")}
    refused(client.post("/api/documents/upload", files=files, data={"published": "2021-07-07"}), 401)
    accepted = client.post("/api/documents/upload", files=files, data={"published": "2021-07-07"}, headers=BEARER)
    assert accepted.status_code == 202, accepted.text


def test_the_printed_address_logs_the_browser_in_with_a_strict_cookie(client):
    response = client.get(f"/?token={TOKEN}&event_type=Battles")
    assert response.status_code == 303
    # the token leaves the address bar; the page's filters stay
    assert response.headers["location"] == "/?event_type=Battles"
    cookie = response.headers["set-cookie"]
    name = cookie_name("localhost:8000", "http")
    assert cookie.startswith(f"{name}=") and TOKEN not in cookie
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= attributes
    assert response.headers["cache-control"] == "no-store"

    value = cookie.split(";")[0].split("=", 1)[1]
    jar = {"Cookie": f"{name}={value}"}
    # the page's own request: the cookie and the X-Eventledger header
    assert post_page(client, **jar, **{"X-Eventledger": "1"}).status_code == 202
    # the cookie alone is what a form or a no-cors fetch could send: refused
    assert "X-Eventledger" in refused(post_page(client, **jar), 403)
    # a cookie for the server on another port does not open this one
    other = {"Cookie": f"{cookie_name('localhost:9000', 'http')}={value}", "X-Eventledger": "1"}
    refused(post_page(client, **other), 401)
    # a right cookie does not rescue a wrong bearer token
    refused(post_page(client, **jar, **{"X-Eventledger": "1", "Authorization": "Bearer wrong-token-0000000000"}), 401)


def test_a_wrong_token_in_the_address_sets_nothing(client):
    response = client.get("/?token=not-this-servers-token")
    assert response.status_code == 401
    assert "set-cookie" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    assert 'name="token"' in response.text and TOKEN not in response.text
    # a query without a token is just the page
    assert client.get("/?event_type=Battles").status_code == 200


def test_beyond_loopback_reads_need_the_token_but_the_page_shell_does_not(store):
    policy = AccessPolicy(TOKEN, HostAllowList.for_bind("0.0.0.0"), read_token=True)
    with make_client(store, access=policy, base_url="http://192.0.2.10:8000") as client:
        for path in ("/api/events", "/api/stats", "/api/documents", "/api/export", "/openapi.json"):
            refused(client.get(path), 401)
            assert client.get(path, headers=BEARER).status_code == 200, path
        login = client.get(f"/?token={TOKEN}")
        jar = {"Cookie": login.headers["set-cookie"].split(";")[0]}
        assert client.get("/api/events", headers=jar).status_code == 200
        # no data in these: they load, and the page asks for the token
        for path in ("/", "/docs", "/static/js/main.js", "/static/css/app.css", "/favicon.ico"):
            assert client.get(path).status_code == 200, path


# --------------------------------------------------------------- cross-site


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost:9000"},  # another port on this machine: same site, other origin
        {"Origin": "http://127.0.0.1:8000"},  # the same server by another name is another origin
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # sandboxed frames, file: pages
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://localhost:8000", "Sec-Fetch-Site": "same-site"},  # either header refuses
    ],
)
def test_writes_from_another_origin_are_refused_even_with_the_token(client, headers):
    detail = refused(post_page(client, **BEARER, **headers), 403)
    assert "refused" in detail
    files = {"file": ("report.txt", REPORT.encode(), "text/plain")}
    refused(client.post("/api/documents/upload", files=files, data={"published": "2021-07-07"},
                        headers={**BEARER, **headers}), 403)


def test_writes_from_the_pages_own_origin_pass(client):
    same = {"Origin": "http://localhost:8000", "Sec-Fetch-Site": "same-origin"}
    assert post_page(client, **BEARER, **same).status_code == 202


def test_any_unsafe_method_is_checked_not_only_post(client):
    for method in ("PUT", "DELETE", "PATCH"):
        refused(client.request(method, "/api/documents/x"), 401)
        refused(client.request(method, "/api/documents/x", headers={**BEARER, "Origin": "http://evil.example"}), 403)


def test_reads_from_another_origin_are_answered_but_not_shared(client):
    # a cross-origin read changes nothing, and without CORS headers the
    # browser keeps the answer from the other page
    response = client.get("/api/events", headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/documents", headers={"Origin": "http://evil.example",
                                                          "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


# --------------------------------------------------------------------- Host


@pytest.mark.parametrize("host", ["localhost:8000", "LOCALHOST:8000", "localhost.:8000", "127.0.0.1:8000",
                                  "127.0.0.2:8000", "[::1]:8000", "localhost"])
def test_loopback_hosts_are_answered(store, host):
    with make_client(store, base_url=f"http://{host}") as client:
        assert client.get("/api/stats").status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example:8000",
                                  "localhost.evil.example", "192.168.1.5:8000", "[2001:db8::1]:8000"])
def test_other_hosts_are_refused_everywhere(store, host):
    with make_client(store, base_url=f"http://{host}") as client:
        for path in ("/", "/api/stats", "/static/js/main.js", f"/?token={TOKEN}"):
            assert "--allow-host" in refused(client.get(path), 400)
        refused(client.post("/api/documents", json={"text": REPORT, "published": "2021-07-07"}, headers=BEARER), 400)


def test_a_request_without_host_is_refused(client):
    response = client.get("/api/stats", headers={"Host": ""})
    refused(response, 400)


def test_allow_host_adds_names_and_domains(store):
    policy = AccessPolicy.local(TOKEN, allow_hosts=("ledger.lan", ".example.org", "[2001:db8::1]:8000"))
    hosts = policy.hosts
    assert hosts.allows("ledger.lan:8000") and hosts.allows("LEDGER.LAN")
    assert hosts.allows("example.org") and hosts.allows("a.b.example.org:8000")
    assert not hosts.allows("badexample.org") and not hosts.allows("example.org.evil.example")
    assert hosts.allows("[2001:db8::1]:8000") and not hosts.allows("[2001:db8::2]:8000")
    # names beyond loopback: a proxy or a LAN may be passing requests on
    assert policy.read_token
    with make_client(store, access=policy, base_url="http://ledger.lan:8000") as client:
        refused(client.get("/api/stats"), 401)
        assert client.get("/api/stats", headers=BEARER).status_code == 200


def test_only_loopback_names_leave_reads_open():
    assert not AccessPolicy.local().read_token
    assert not AccessPolicy.local(allow_hosts=("localhost", "127.0.0.1", "[::1]")).read_token


def test_any_host_makes_reads_need_the_token(store):
    policy = AccessPolicy.local(TOKEN, allow_hosts=("*",))
    assert policy.read_token and policy.hosts.allows("anything.example")
    with make_client(store, access=policy, base_url="http://anything.example") as client:
        refused(client.get("/api/stats"), 401)
        assert client.get("/api/stats", headers=BEARER).status_code == 200


def test_beyond_loopback_any_address_and_the_machines_name_are_answered():
    import socket

    hosts = HostAllowList.for_bind("0.0.0.0")
    assert hosts.allows("192.168.1.5:8000") and hosts.allows("[2001:db8::1]:8000")
    assert hosts.allows(f"{socket.gethostname()}:8000")
    assert not hosts.allows("evil.example")  # a name is what DNS rebinding needs


@pytest.mark.parametrize(
    ("header", "expected"),
    [("localhost:8000", ("localhost", "8000")), ("[::1]:8000", ("::1", "8000")), ("[::1]", ("::1", None)),
     ("Example.ORG.", ("example.org", None)), ("::1", ("::1", None))],
)
def test_split_host(header, expected):
    assert split_host(header) == expected


# ----------------------------------------------------------- start-up rules


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "myhost.example.org"])
def test_serving_beyond_loopback_without_a_token_is_refused(host):
    with pytest.raises(ServeRefused) as caught:
        plan(host, 8000, token=None)
    message = str(caught.value)
    assert "\n" not in message and "--token" in message and host in message


def test_serving_beyond_loopback_with_a_token_makes_reads_need_it():
    launch = plan("0.0.0.0", 8000, token=TOKEN)
    assert launch.exposed and launch.policy.read_token and not launch.generated
    assert launch.policy.token == TOKEN


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"])
def test_loopback_without_a_token_gets_a_fresh_one(host):
    first, second = plan(host, 8000), plan(host, 8000)
    assert first.generated and not first.exposed and not first.policy.read_token
    assert len(first.policy.token) >= 32 and first.policy.token != second.policy.token
    assert first.login_url.endswith(f"/?token={first.policy.token}")


def test_a_short_token_is_refused():
    with pytest.raises(ServeRefused, match="at least 16"):
        plan("127.0.0.1", 8000, token="secret")


def test_the_command_refuses_a_bind_beyond_loopback_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTLEDGER_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--db", f"sqlite:///{tmp_path / 's.sqlite'}"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("eventledger: refusing to serve on 0.0.0.0")
    assert not (tmp_path / "s.sqlite").exists()  # refused before anything was opened


# ------------------------------------------------------------ upload queue


def test_an_upload_is_answered_at_once_and_processed_by_the_worker(client):
    with uploads._MERGE_LOCK:  # extraction may run, storing and merging wait
        response = client.post("/api/documents", json={"text": report(9), "published": "2021-07-09"}, headers=BEARER)
        assert response.status_code == 202
        job = response.json()
        assert job["state"] in ("queued", "running") and job["result"] is None
        assert response.headers["retry-after"] == "1"
        # the API goes on answering while the report waits
        assert client.get("/api/events").status_code == 200
        polled = client.get(job["url"])
        assert polled.status_code == 200 and polled.json()["state"] in ("queued", "running")
        assert polled.headers["retry-after"] == "1"
    done = wait_over(client, job)
    assert done["state"] == "done", done
    assert done["result"]["stored"] is True and done["result"]["document_id"].startswith("upload-2021-07-09-")
    assert done["finished"] >= done["started"] >= done["submitted"]
    assert client.get(f"/api/documents/{done['result']['document_id']}").status_code == 200


def test_a_report_the_worker_refuses_is_a_failed_job_with_its_reason(client):
    job = wait_over(client, post_page(client, **BEARER).json())
    assert job["state"] == "failed" and job["result"] is None
    assert job["error"] == "report not added: no text found in HTML"


def test_an_unknown_job_is_404(client):
    assert "no upload job" in refused(client.get("/api/jobs/nope"), 404)


def test_a_lone_surrogate_is_refused_before_queueing(client, store):
    submitted = client.app.state.jobs.submitted
    body = b'{"text": "Clashes in \\ud800 Kunduz.", "published": "2021-07-07"}'
    response = client.post("/api/documents", content=body, headers={**BEARER, "Content-Type": "application/json"})
    assert "text" in refused(response, 422)  # pydantic reads no lone surrogate as a string
    assert client.app.state.jobs.submitted == submitted


def test_a_full_queue_answers_503_with_retry_after(store):
    with make_client(store, upload_queue=1) as client:
        with uploads._MERGE_LOCK:
            first = client.post("/api/documents", json={"text": report(10), "published": "2021-07-10"}, headers=BEARER)
            running = wait_state(client, first.json(), "running")  # taken by the worker, which now waits
            second = client.post("/api/documents", json={"text": report(11), "published": "2021-07-11"}, headers=BEARER)
            assert second.status_code == 202 and second.json()["position"] == 0
            third = client.post("/api/documents", json={"text": report(12), "published": "2021-07-12"}, headers=BEARER)
            assert "queue is full" in refused(third, 503)
            assert int(third.headers["retry-after"]) >= 1
        assert wait_over(client, running)["state"] == "done"
        assert wait_over(client, second.json())["state"] == "done"
        # room again
        again = client.post("/api/documents", json={"text": EMPTY_PAGE, "published": "2021-07-12"}, headers=BEARER)
        assert again.status_code == 202


def test_each_client_has_its_own_upload_rate(store):
    with make_client(store, upload_rate=2, client=("192.0.2.1", 40000)) as greedy:
        assert [post_page(greedy, **BEARER).status_code for _ in range(2)] == [202, 202]
        response = post_page(greedy, **BEARER)
        assert "too many uploads" in refused(response, 429)
        assert 1 <= int(response.headers["retry-after"]) <= 30  # one upload per 30 s at 2 a minute
        # another client of the same server is not slowed by the first
        other = TestClient(greedy.app, base_url=BASE, client=("192.0.2.2", 40000))
        assert post_page(other, **BEARER).status_code == 202


# ------------------------------------------------------- the real command


def _start(db: str, args: list[str], env: dict[str, str]):
    """``eventledger serve`` over a new store, in a process of its own; its
    first lines, once it answers."""
    import os
    import subprocess
    import sys

    import httpx

    from browser import free_port

    Store(db).close()  # serve opens a store; it does not create one
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "eventledger", "serve", "--port", str(port), "--db", db, *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **env})
    lines = []
    deadline = time.monotonic() + 60
    while True:
        assert time.monotonic() < deadline and process.poll() is None, lines
        line = process.stdout.readline()
        lines.append(line.strip())
        if line.startswith("eventledger: answering requests for"):
            break
    while True:  # printed before uvicorn listens
        assert time.monotonic() < deadline, lines
        try:
            httpx.get(f"http://127.0.0.1:{port}/favicon.ico", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return process, port, lines


def _stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()


def test_the_command_prints_an_address_that_logs_a_browser_in(tmp_path):
    import httpx

    process, port, lines = _start(f"sqlite:///{tmp_path / 's.sqlite'}", [], {"EVENTLEDGER_TOKEN": ""})
    try:
        login = next(line for line in lines if "?token=" in line)
        url = login.split("open ", 1)[1].split(" ", 1)[0]
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        token = url.split("?token=", 1)[1]
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as browser_like:
            assert browser_like.get(url).status_code == 200  # redirected to the page, with the cookie
            assert browser_like.cookies.get(f"eventledger_token_{port}")
            page_write = browser_like.post("/api/documents", json={"text": EMPTY_PAGE, "published": "2021-07-07"},
                                           headers={"X-Eventledger": "1", "Origin": f"http://127.0.0.1:{port}"})
            assert page_write.status_code == 202, page_write.text
        anonymous = httpx.post(f"http://127.0.0.1:{port}/api/documents", json={"text": REPORT, "published": "2021-07-07"})
        assert anonymous.status_code == 401
        script = httpx.post(f"http://127.0.0.1:{port}/api/documents", json={"text": EMPTY_PAGE, "published": "2021-07-08"},
                            headers={"Authorization": f"Bearer {token}"})
        assert script.status_code == 202
    finally:
        _stop(process)


def test_the_command_beyond_loopback_takes_the_token_from_the_environment(tmp_path):
    import httpx

    process, port, lines = _start(f"sqlite:///{tmp_path / 's.sqlite'}", ["--host", "0.0.0.0"],
                                  {"EVENTLEDGER_TOKEN": TOKEN})
    try:
        assert not any(TOKEN in line for line in lines)  # the user's own token is not echoed
        assert any("reading needs the token too" in line for line in lines)
        assert httpx.get(f"http://127.0.0.1:{port}/api/stats").status_code == 401
        assert httpx.get(f"http://127.0.0.1:{port}/api/stats", headers=BEARER).status_code == 200
    finally:
        _stop(process)
