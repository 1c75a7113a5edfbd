"""Pages and requests for the endpoint's tests."""

from __future__ import annotations

import base64
import http.client
import json

PARAS = [
    "The harbour was quiet before the storm, and the boats lay close against the wall.",
    "Fishermen mended their nets while the gulls circled low over the grey water.",
    "By evening the wind had turned, and the first heavy drops fell on the stones.",
    "Nobody in the village could remember a winter as long as the one that followed.",
]


def page_html(title: str = "The Harbour", pictures: list[str] = (), extra: str = "") -> str:
    figures = "".join(f'<figure><img src="{src}" alt="Picture {i}"></figure>'
                      for i, src in enumerate(pictures))  # fmt: skip
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}{figures}{extra}"
        "</article><footer>Copyright</footer></body></html>"
    )


def payload(url: str = "https://example.org/harbour", **fields) -> dict:
    data = {"url": url, "title": "The Harbour", "html": page_html()}
    data.update(fields)
    return data


def picture_entry(url: str, data: bytes) -> dict:
    return {"url": url, "media_type": "image/png", "data": base64.b64encode(data).decode()}


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | dict | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict, dict]:
    """(status, JSON answer or {}, headers) of one request to 127.0.0.1:``port``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    sent = {"Content-Type": "application/json"} if data is not None else {}
    sent.update(headers or {})
    conn.request(method, path, body=data, headers=sent)
    answer = conn.getresponse()
    raw = answer.read()
    conn.close()
    parsed = json.loads(raw) if raw and answer.getheader("Content-Type", "").startswith(
        "application/json") else {}  # fmt: skip
    return answer.status, parsed, {k.lower(): v for k, v in answer.getheaders()}
