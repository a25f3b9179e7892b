"""A local HTTP server on 127.0.0.1 serving tests/data/web (pages and feeds we wrote), for the
tests of `tracker add URL` and `--feed`. No test reaches the internet.

Feeds name their own links as {base}/...; the server fills in its address. Special paths:
/slow answers only when released (or after ten seconds), /redirect moves to /ferry.html.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent / "data" / "web"
TYPES = {".html": "text/html; charset=utf-8", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
         ".txt": "text/plain; charset=utf-8"}


class LocalWeb:
    def __init__(self) -> None:
        self.release = threading.Event()
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def feed_text(self, name: str) -> str:
        return (WEB / name).read_text(encoding="utf-8").replace("{base}", self.base)

    def _handler(self):
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                web.requests.append(self.path)
                path = self.path.split("?")[0]
                if path == "/slow":
                    web.release.wait(10)
                    return self._send(200, "text/html", b"<html><body><p>Late.</p></body></html>")
                if path == "/redirect":
                    self.send_response(301)
                    self.send_header("Location", "/ferry.html")
                    self.end_headers()
                    return None
                file = WEB / path.lstrip("/")
                if not path.strip("/") or not file.is_file():
                    return self._send(404, "text/html", b"<html><body><p>Not found.</p></body></html>")
                body = file.read_bytes()
                if file.suffix in (".rss", ".atom"):
                    body = web.feed_text(file.name).encode("utf-8")
                return self._send(200, TYPES.get(file.suffix, "application/octet-stream"), body)

            def _send(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (/slow)
                    pass

            def log_message(self, *args) -> None:  # quiet
                pass

        return Handler

    def __enter__(self) -> LocalWeb:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
