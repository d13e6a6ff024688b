"""Write protection, body limits, CORS and the default bind address."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from according.web.auth import presented_key

API_KEY = "test-key-0123456789"

ARTICLE = b"The harbour minister said the port would reopen on Monday."


def test_writes_are_disabled_without_a_configured_key(make_client, monkeypatch):
    monkeypatch.delenv("ACCORDING_API_KEY", raising=False)
    client = make_client(api_key=None)
    headers = {"Content-Type": "text/plain", "X-API-Key": "x"}
    r = client.post("/api/documents", content=ARTICLE, headers=headers)
    assert r.status_code == 403
    assert "disabled" in r.json()["detail"]
    r = client.post("/api/speakers/e1/merge?into=e2", headers={"X-API-Key": "x"})
    assert r.status_code == 403


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {API_KEY}"}, {"Authorization": "Bearer "}])
def test_writes_with_missing_or_wrong_key_are_401(make_client, headers):
    client = make_client(api_key=API_KEY)
    r = client.post("/api/documents", content=ARTICLE, headers={"Content-Type": "text/plain", **headers})
    assert r.status_code == 401
    assert r.json()["detail"]


@pytest.mark.parametrize("headers", [{"X-API-Key": API_KEY}, {"Authorization": f"Bearer {API_KEY}"},
                                     {"authorization": f"bearer {API_KEY}"}])
def test_both_key_headers_are_accepted(headers):
    from starlette.requests import Request

    scope = {"type": "http", "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    assert presented_key(Request(scope)) == API_KEY


def test_key_from_environment(monkeypatch):
    from according.web import WebConfig

    monkeypatch.setenv("ACCORDING_API_KEY", "from-env")
    assert WebConfig.from_env().api_key == "from-env"
    assert WebConfig.from_env(api_key="flag").api_key == "flag"


def test_declared_oversize_body_is_413(make_client):
    client = make_client(max_body_bytes=1000)
    r = client.post("/api/extract", content=b"a" * 1001, headers={"Content-Type": "text/plain"})
    assert r.status_code == 413
    assert "1000 bytes" in r.json()["detail"]


def test_streamed_oversize_body_without_length_is_413(make_client):
    client = make_client(max_body_bytes=1000)

    def chunks():
        for _ in range(20):
            yield b"said " * 20

    r = client.post("/api/extract", content=chunks(), headers={"Content-Type": "text/plain"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413


def test_body_at_the_limit_is_accepted(make_client):
    body = b"He said yes. " * 10
    client = make_client(max_body_bytes=len(body))
    r = client.post("/api/extract", content=body, headers={"Content-Type": "text/plain"})
    assert r.status_code == 200


def test_invalid_content_length_is_400(make_client):
    client = make_client()
    headers = {"Content-Type": "text/plain", "Content-Length": "abc"}
    r = client.post("/api/extract", content=b"x", headers=headers)
    assert r.status_code == 400


def test_cors_is_off_unless_configured(make_client):
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    r = make_client().options("/api/extract", headers=preflight)
    assert "access-control-allow-origin" not in r.headers
    client = make_client(cors_origins=("https://newsroom.example",))
    ok = client.options("/api/extract", headers={**preflight, "Origin": "https://newsroom.example"})
    assert ok.headers["access-control-allow-origin"] == "https://newsroom.example"
    bad = client.options("/api/extract", headers=preflight)
    assert "access-control-allow-origin" not in bad.headers


def test_serve_binds_loopback_by_default(monkeypatch, tmp_path):
    import uvicorn

    from according.cli.main import cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.delenv("ACCORDING_API_KEY", raising=False)
    db = _empty_corpus(tmp_path)
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--port", "0"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1"
    assert seen["app"].state.config.api_key is None
    assert "writes disabled" in result.output
    assert not seen["proxy_headers"] and seen["root_path"] == ""


def test_serve_behind_a_proxy(monkeypatch, tmp_path):
    import uvicorn

    from according.cli.main import cli

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    args = ["serve", "--db", _empty_corpus(tmp_path), "--port", "0", "--root-path", "/according/",
            "--forwarded-allow-ips", "10.0.0.1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert seen["root_path"] == "/according"
    assert seen["proxy_headers"] and seen["forwarded_allow_ips"] == "10.0.0.1"
    result = CliRunner().invoke(cli, ["serve", "--db", _empty_corpus(tmp_path), "--root-path", "according"])
    assert result.exit_code != 0 and "--root-path" in str(result.exception)


def test_a_read_only_server_refuses_a_missing_corpus(monkeypatch, tmp_path):
    from according.cli.main import cli

    monkeypatch.delenv("ACCORDING_API_KEY", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db"), "--port", "0"])
    assert result.exit_code != 0 and "no such corpus" in str(result.exception)
    assert not (tmp_path / "none.db").exists()


def _empty_corpus(tmp_path) -> str:
    from according.store import open_store

    db = str(tmp_path / "c.db")
    open_store(db).close()
    return db


@pytest.mark.parametrize(("args", "message"), [
    (["--cors-origin", "evil.example"], "--cors-origin"),
    (["--mode", "nonsense"], "--mode"),
    (["--port", "70000"], "70000"),
])
def test_serve_rejects_bad_flags_in_one_line(args, message):
    from according.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code != 0
    text = result.output + (str(result.exception) if result.exception else "")
    assert message in text


def test_pages_forbid_inline_and_remote_scripts(make_client):
    client = make_client()
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    api = client.post("/api/extract", content=b"He said yes.", headers={"Content-Type": "text/plain"})
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers
    assert "'self'" in client.get("/docs").headers["content-security-policy"]


def test_serve_fails_in_one_line_when_the_port_is_taken(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = _run_cli(["serve", "--db", str(tmp_path / "c.db"), "--port", str(port)])
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines()[-1].startswith("according: error: --port")
    assert "Traceback" not in proc.stderr


def test_serve_fails_in_one_line_on_an_unopenable_corpus(tmp_path):
    proc = _run_cli(["serve", "--db", str(tmp_path / "missing" / "dir" / "c.db"), "--port", "0"])
    assert proc.returncode != 0
    assert proc.stderr.strip().startswith("according: error:") and "missing" in proc.stderr
    assert "Traceback" not in proc.stderr


def _run_cli(args):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "according.cli.main", *args], capture_output=True,
                          text=True, timeout=120)


def test_workers_get_the_whole_config(monkeypatch, tmp_path):
    import uvicorn

    from according.cli.main import cli
    from according.web.app import app_from_environment
    from according.web.config import CONFIG_ENV

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.setenv(CONFIG_ENV, "")  # restored afterwards: the command sets it for its workers
    args = ["serve", "--db", str(tmp_path / "c.db"), "--port", "0", "--workers", "2", "--api-key", "k2",
            "--cors-origin", "https://a.example", "--max-body-bytes", "1234", "--mode", "rules",
            "--min-confidence", "0.6"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert seen["app"] == "according.web.app:app_from_environment"
    assert seen["factory"] and seen["workers"] == 2
    config = app_from_environment().state.config
    assert (config.api_key, config.cors_origins, config.max_body_bytes, config.settings.mode,
            config.settings.min_confidence) == ("k2", ("https://a.example",), 1234, "rules", 0.6)
    assert config.db == str(tmp_path / "c.db")


def test_large_answers_are_compressed(make_client):
    client = make_client()
    text = "The minister said the port would reopen. " * 200
    r = client.post("/api/extract", content=text.encode(), headers={"Content-Type": "text/plain",
                                                                   "Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.json()["text"] == text


def test_serve_command_serves_until_stopped(tmp_path):
    """The real command: binds loopback, answers, and shuts down cleanly on SIGTERM."""
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import os

    env = {k: v for k, v in os.environ.items() if k != "ACCORDING_API_KEY"}
    cmd = [sys.executable, "-m", "according.cli.main", "serve", "--db", _empty_corpus(tmp_path),
           "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.25)
        assert r.status_code == 200 and r.json()["documents"] == 0
        assert httpx.post(f"http://127.0.0.1:{port}/api/documents", content=b"x",
                          headers={"Content-Type": "text/plain"}).status_code == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    # uvicorn shuts down gracefully, then re-raises the signal: exit by SIGTERM, no traceback.
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "Traceback" not in err
