"""The sample portal plus fault paths, for crawler tests (the product's demo server
serves the portal only):

* ``/fault/redirect-loop``: 302 to itself;
* ``/fault/503``: 503 with ``Retry-After``;
* ``/fault/pdf``: a one-page ``application/pdf``;
* ``/fault/huge``: a streamed ~12 MB HTML page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from xxgk import demo

HUGE_SIZE = 12 * 1024 * 1024


def _pdf_bytes() -> bytes:
    """A minimal valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    stream = b"BT /F1 12 Tf 72 770 Td (xxgk demo attachment) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class FaultHandler(demo.PortalHandler):
    def dispatch(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/fault/"):
            self._fault(parts.path, parts.query)
        else:
            super().dispatch(body)

    def _fault(self, path: str, raw_query: str) -> None:
        if path == "/fault/redirect-loop":
            location = path + (f"?{raw_query}" if raw_query else "")
            self._send(302, b"", headers={"Location": location})
        elif path == "/fault/503":
            self._send(
                503,
                demo.error_page(503, "Service Unavailable")
                + "<p>系统维护中，请稍后访问。</p>".encode(),
                headers={"Retry-After": "120"},
            )
        elif path == "/fault/pdf":
            self._send(200, _pdf_bytes(), "application/pdf")
        elif path == "/fault/huge":
            self._huge()
        else:
            self._not_found()

    def _huge(self) -> None:
        head = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>超大页面</title></head>'
            "<body><h1>超大页面</h1>\n"
        ).encode()
        tail = b"</body></html>\n"
        chunk = ("<p>" + "示例市文化广电旅游局政府信息公开" * 20 + "</p>\n").encode()
        size = HUGE_SIZE - len(head) - len(tail)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(HUGE_SIZE))
        self.end_headers()
        if self.command == "HEAD":
            return
        self.wfile.write(head)
        block = chunk * (65536 // len(chunk))
        while size > 0:
            piece = block[:size]
            self.wfile.write(piece)
            size -= len(piece)
        self.wfile.write(tail)


def serve() -> demo.DemoServer:
    """The bundled sample portal with the fault paths, on 127.0.0.1 (a free port)."""
    return demo.serve(handler=FaultHandler)
