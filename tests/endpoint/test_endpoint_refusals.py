"""Every refusal of the endpoint, with a real server on 127.0.0.1 and real HTTP."""

from __future__ import annotations

import json
import socket

from page_kit import payload, request

from reader.core.endpoint.server import EXTENSION_ORIGINS, EndpointServer
from reader.core.endpoint.tokens import Pairings

PAGE_ORIGIN = {"Origin": "https://evil.example"}


def test_status_needs_a_token(endpoint, auth):
    assert request(endpoint.port, "GET", "/api/v1/status")[0] == 401
    status, body, headers = request(endpoint.port, "GET", "/api/v1/status", headers=auth)
    assert status == 200 and body["app"] == "article-reader"
    assert "access-control-allow-origin" not in headers


def test_without_a_valid_token_nothing_is_saved(endpoint, library, token):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {token}"}):
        status, body, answer = request(endpoint.port, "POST", "/api/v1/pages", payload(), headers)
        assert status == 401, headers
        assert "pair" in body["error"] and answer["www-authenticate"] == "Bearer"
    assert library.articles.count() == 0
    assert endpoint.saved == []


def test_a_revoked_token_is_refused(endpoint, library, token, auth):
    assert request(endpoint.port, "GET", "/api/v1/status", headers=auth)[0] == 200
    Pairings(library.settings).revoke(Pairings(library.settings).all()[0].id)
    assert request(endpoint.port, "GET", "/api/v1/status", headers=auth)[0] == 401


def test_a_web_page_origin_is_refused_even_with_the_token(endpoint, auth):
    for origin in ("https://evil.example", "http://127.0.0.1:8000", "null"):
        headers = {**auth, "Origin": origin}
        status, _, answer = request(endpoint.port, "POST", "/api/v1/pages", payload(), headers)
        assert status == 403, origin
        assert not any(k.startswith("access-control-") for k in answer)
    assert endpoint.saved == []


def test_the_extension_origins_are_let_in(endpoint, auth):
    for prefix in EXTENSION_ORIGINS[:2]:
        headers = {**auth, "Origin": prefix + "abcdef"}
        assert request(endpoint.port, "GET", "/api/v1/status", headers=headers)[0] == 200


def test_preflights_never_allow_a_page_to_read(endpoint):
    headers = {
        **PAGE_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    status, _, answer = request(endpoint.port, "OPTIONS", "/api/v1/pages", headers=headers)
    assert status == 403
    assert not any(k.startswith("access-control-") for k in answer)
    ext = {**headers, "Origin": "chrome-extension://abc"}
    status, _, answer = request(endpoint.port, "OPTIONS", "/api/v1/pages", headers=ext)
    assert status == 204 and not any(k.startswith("access-control-") for k in answer)


def test_a_rebound_host_name_is_refused(endpoint, auth):
    headers = {**auth, "Host": f"attacker.example:{endpoint.port}"}
    assert request(endpoint.port, "GET", "/api/v1/status", headers=headers)[0] == 403


def test_over_the_cap_is_413_without_reading_the_body(library, auth):
    server = EndpointServer(library, 0, max_body=1000)
    server.start()
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            head = (
                f"POST /api/v1/pages HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                f"Authorization: {auth['Authorization']}\r\nContent-Type: application/json\r\n"
                "Content-Length: 5000000000\r\n\r\n"
            )
            sock.sendall(head.encode())  # the body never comes: the answer must not wait
            chunks = []
            while chunk := sock.recv(4096):  # the server closes: it reads no body
                chunks.append(chunk)
            answer = b"".join(chunks).decode()
        assert answer.startswith("HTTP/1.1 413"), answer
        assert "1,000 bytes" in answer
    finally:
        server.stop()


def test_bad_json_and_missing_fields_are_400(endpoint, auth):
    port = endpoint.port
    bad = [
        b"{not json",
        b"[1, 2]",
        json.dumps({"title": "t", "html": "<p>x</p>"}).encode(),
        json.dumps({"url": "https://e.org/", "title": "t"}).encode(),
        json.dumps({"url": "ftp://e.org/", "title": "t", "html": "<p>x</p>"}).encode(),
        json.dumps(payload(selection="text")).encode(),
        json.dumps(payload(pictures=[{"url": "https://e.org/a.png", "data": "%%%"}])).encode(),
        "\udcff".encode("utf-8", "surrogatepass"),
    ]
    for body in bad:
        status, answer, _ = request(port, "POST", "/api/v1/pages", body, auth)
        assert status == 400, body
        assert answer["error"]
    assert endpoint.saved == []


def test_unknown_paths_and_types_are_refused_and_no_file_is_served(endpoint, auth):
    for path in ("/", "/README.md", "/../pyproject.toml", "/api/v1/pages/../../etc/passwd"):
        assert request(endpoint.port, "GET", path, headers=auth)[0] == 404
    body = json.dumps(payload()).encode()
    plain = {**auth, "Content-Type": "text/plain"}
    assert request(endpoint.port, "POST", "/api/v1/pages", body, plain)[0] == 415


def test_it_binds_to_loopback_only(endpoint):
    assert endpoint.server_address[0] == "127.0.0.1"
