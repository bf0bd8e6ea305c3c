"""A small HTTP server on 127.0.0.1 serving fixed pages: the sandbox chat's demo article, and the
pages of the tests and of the benchmarks in ``bench/``.

Standard library only, so that a server in a separate process starts fast. ``serve_pages``
runs it on a thread of this process (cheap; for tests) or in a child process (for timing: the
server's own Python work then does not compete with the client for this process's GIL, as it
would not with a real site).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection

START_TIMEOUT_SECONDS = 30.0


class _PageHandler(BaseHTTPRequestHandler):
    """Serves ``server.pages[path]`` as text/html (no charset: the page declares its own)."""

    server: PageServer

    def do_GET(self) -> None:
        body = self.server.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class PageServer(ThreadingHTTPServer):
    """``pages`` maps a request path (``/id.html``) to the bytes served for it."""

    daemon_threads = True

    def __init__(self, pages: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", 0), _PageHandler)
        self.pages = pages


def _serve_in_child(pages: dict[str, bytes], port_out: Connection) -> None:
    server = PageServer(pages)
    port_out.send(server.server_address[1])
    port_out.close()
    server.serve_forever()


@contextlib.contextmanager
def serve_pages(pages: Mapping[str, bytes], *, in_process: bool = True) -> Iterator[str]:
    """Serve ``pages`` while the block runs; yield the origin (``http://127.0.0.1:PORT``).

    ``in_process=False`` starts the server in a spawned child process, ended on exit.
    """
    if in_process:
        server = PageServer(dict(pages))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
        return
    context = multiprocessing.get_context("spawn")
    port_in, port_out = context.Pipe(duplex=False)
    child = context.Process(target=_serve_in_child, args=(dict(pages), port_out), daemon=True)
    child.start()
    port_out.close()
    try:
        if not port_in.poll(START_TIMEOUT_SECONDS):
            raise RuntimeError("the page server did not start")
        port = port_in.recv()
        yield f"http://127.0.0.1:{port}"
    finally:
        port_in.close()
        child.terminate()
        child.join()
