#!/usr/bin/env python3
"""Base protocol over stdio: Content-Length framing in and out (issue 2, "The server",
Transport). Every test ends with the session still answering."""

import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import LspClient, ServerTestCase, TIMEOUT, run_tests  # noqa: E402

SHUTDOWN = {"jsonrpc": "2.0", "id": 900, "method": "shutdown"}


def body(msg):
    return json.dumps(msg).encode()


class Framing(ServerTestCase):
    """Input framing variants; each is checked by the reply to the message it carries."""

    def assert_answers(self, raw, id):
        self.client.send_raw(raw)
        reply = self.client.response(id)
        self.assertIn("result", reply, reply)
        return reply

    def alive(self):
        """The session still answers a request (an unknown method: -32601)."""
        err = self.client.call_error("pylore/noSuchMethod", {})
        self.assertEqual(err["code"], -32601)

    def test_content_type_header_after_length(self):
        b = body({"jsonrpc": "2.0", "id": 1, "method": "shutdown"})
        self.assert_answers(b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; "
                            b"charset=utf-8\r\n\r\n" % len(b) + b, 1)

    def test_content_type_header_first(self):
        b = body({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        self.assert_answers(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
                            b"Content-Length: %d\r\n\r\n" % len(b) + b, 2)

    def test_lowercase_and_mixed_case_header_names(self):
        b = body({"jsonrpc": "2.0", "id": 3, "method": "pylore/x"})
        self.client.send_raw(b"content-length: %d\r\n\r\n" % len(b) + b)
        self.assertEqual(self.client.response(3)["error"]["code"], -32601)
        b = body({"jsonrpc": "2.0", "id": 4, "method": "pylore/x"})
        self.client.send_raw(b"CONTENT-LENGTH:%d\r\ncontent-TYPE: x\r\n\r\n" % len(b) + b)
        self.assertEqual(self.client.response(4)["error"]["code"], -32601)

    def test_unknown_extra_header_is_ignored(self):
        b = body({"jsonrpc": "2.0", "id": 5, "method": "pylore/x"})
        self.client.send_raw(b"X-Whatever: 1\r\nContent-Length: %d\r\n\r\n" % len(b) + b)
        self.assertEqual(self.client.response(5)["error"]["code"], -32601)

    def test_several_messages_in_one_write(self):
        raw = b"".join(LspClient.request_bytes(10 + i, "pylore/x", {}) for i in range(20))
        self.client.send_raw(raw)
        for i in range(20):
            self.assertEqual(self.client.response(10 + i)["error"]["code"], -32601)
        # Replies come in request order (the server handles one message at a time).
        self.assertEqual([m["id"] for m in self.received_replies()], list(range(10, 30)))

    def received_replies(self):
        out = []
        for f in self.client.frames:
            m = json.loads(f.split(b"\r\n\r\n", 1)[1])
            if "id" in m and "method" not in m and isinstance(m["id"], int) and 10 <= m["id"] < 30:
                out.append(m)
        return out

    def test_message_split_across_writes(self):
        raw = LspClient.request_bytes(40, "pylore/x", {"pad": "é" * 50})
        # Byte by byte for the header (a cut inside "Content-Length" and inside "\r\n\r\n"),
        # then the body in uneven pieces, one of them splitting a two-byte UTF-8 character.
        cut = raw.index(b"\r\n\r\n") + 4
        for i in range(cut):
            self.client.send_raw(raw[i:i + 1])
            if i % 7 == 0:
                time.sleep(0.01)
        rest = raw[cut:]
        pieces = [rest[:3], rest[3:60], rest[60:61], rest[61:]]
        for p in pieces:
            self.client.send_raw(p)
            time.sleep(0.02)
        self.assertEqual(self.client.response(40)["error"]["code"], -32601)

    def test_two_messages_split_at_odd_places(self):
        raw = LspClient.request_bytes(41, "pylore/x", {}) + LspClient.request_bytes(42, "pylore/y", {})
        mid = len(raw) // 2 + 3
        self.client.send_raw(raw[:mid])
        time.sleep(0.05)
        self.client.send_raw(raw[mid:])
        self.assertEqual(self.client.response(41)["error"]["code"], -32601)
        self.assertEqual(self.client.response(42)["error"]["code"], -32601)

    def test_stray_newlines_between_messages(self):
        raw = LspClient.request_bytes(43, "pylore/x", {}) + b"\r\n\n" + \
            LspClient.request_bytes(44, "pylore/x", {})
        self.client.send_raw(raw)
        self.assertEqual(self.client.response(43)["error"]["code"], -32601)
        self.assertEqual(self.client.response(44)["error"]["code"], -32601)

    def test_zero_length_body_is_a_parse_error(self):
        self.client.send_raw(b"Content-Length: 0\r\n\r\n")
        reply = self.client.wait_for(lambda m: "error" in m)
        self.assertEqual(reply["error"]["code"], -32700)
        self.assertIsNone(reply["id"])
        self.alive()

    # ---- broken headers and oversized bodies: skipped, the session goes on ----

    def test_header_without_content_length_is_skipped(self):
        self.client.send_raw(b"Content-Type: text/plain\r\n\r\n{\"jsonrpc\":\"2.0\"}")
        self.client.request("pylore/x", {}, id=50)
        self.assertEqual(self.client.response(50)["error"]["code"], -32601)
        self.assertRegex(self.client.wait_stderr("without Content-Length"), "without Content-Length")

    def test_non_numeric_and_negative_length_are_skipped(self):
        for bad in (b"Content-Length: abc\r\n\r\n", b"Content-Length: -5\r\n\r\n",
                    b"Content-Length: 99999999999999999999999999\r\n\r\n",
                    b"Content-Length:\r\n\r\n", b"garbage line without colon\r\n\r\n"):
            self.client.send_raw(bad + b"{}")
            id = self.client.request("pylore/x", {})
            self.assertEqual(self.client.response(id)["error"]["code"], -32601, bad)

    def test_conflicting_lengths_are_skipped(self):
        b = body({"jsonrpc": "2.0", "id": 60, "method": "pylore/x"})
        self.client.send_raw(b"Content-Length: %d\r\nContent-Length: %d\r\n\r\n" % (len(b), len(b) + 1) + b)
        id = self.client.request("pylore/x", {})
        self.assertEqual(self.client.response(id)["error"]["code"], -32601)
        # The broken message itself was not run.
        self.assertFalse(any(m.get("id") == 60 for m in self.client.unread))

    def test_overlong_header_block_is_skipped(self):
        self.client.send_raw(b"X-Junk: " + b"a" * 10000 + b"\r\n\r\n")
        id = self.client.request("pylore/x", {})
        self.assertEqual(self.client.response(id)["error"]["code"], -32601)

    def test_body_over_64_mib_is_skipped(self):
        limit = 64 * 1024 * 1024
        n = limit + 1
        self.client.send_raw(b"Content-Length: %d\r\n\r\n" % n)
        # The body itself: a valid request that must not run, padded to the size.
        inner = b'{"jsonrpc":"2.0","id":70,"method":"shutdown","params":{"pad":"'
        tail = b'"}}'
        chunk = b"x" * (1 << 20)
        self.client.send_raw(inner)
        left = n - len(inner) - len(tail)
        while left > 0:
            piece = chunk[:min(left, len(chunk))]
            self.client.send_raw(piece)
            left -= len(piece)
        self.client.send_raw(tail)
        # The next message is served, and the oversized one never ran (no reply to id 70,
        # and the server is not shut down).
        self.assertEqual(self.client.call_error("pylore/x", {}, timeout=TIMEOUT * 6)["code"], -32601)
        self.assertFalse(any(m.get("id") == 70 for m in self.client.unread))
        self.assertIn("exceeds the limit", self.client.wait_stderr("exceeds the limit"))
        self.assertIsNone(self.client.call("shutdown"))


class OutputFraming(ServerTestCase):
    """What pylore writes: exact frames, Content-Length in bytes, nothing else on stdout."""
    initialization_options = {"language": "zh"}

    def test_every_frame_is_exact(self):
        # A reply with many non-ASCII characters: Content-Length must count bytes.
        self.client.open("file:///u.py", "名字 = lambda 参数: 参数  # 😀\n")
        result = self.client.call("textDocument/hover", {
            "textDocument": {"uri": "file:///u.py"}, "position": {"line": 0, "character": 6}})
        self.assertIsNotNone(result)
        self.client.assert_no_unread()
        self.assertEqual(b"".join(self.client.frames), bytes(self.client.stdout_bytes))
        for f in self.client.frames:
            head, rest = f.split(b"\r\n\r\n", 1)
            self.assertRegex(head, rb"^Content-Length: [1-9][0-9]*$")
            self.assertEqual(int(head.split(b": ")[1]), len(rest))
        # The Chinese hover went out as UTF-8, so lengths were counted in bytes above.
        self.assertTrue(any(any(b >= 0x80 for b in f) for f in self.client.frames))


class WholeStream(ServerTestCase):
    auto_initialize = False

    def test_byte_for_byte_session(self):
        """One write with initialize, shutdown and exit: stdout is exactly two frames (the
        replies to initialize and shutdown), the second one byte for byte."""
        c = self.client
        raw = (LspClient.request_bytes(1, "initialize", {"capabilities": {}, "processId": None})
               + LspClient.notification_bytes("initialized", {})
               + LspClient.request_bytes(2, "shutdown")
               + LspClient.notification_bytes("exit"))
        c.send_raw(raw)
        c.close_stdin()
        self.assertEqual(c.wait_exit(), 0)
        c._stdout_done.wait(TIMEOUT)
        out = bytes(c.stdout_bytes)
        # Parse the stream by hand: header, body, header, body, end.
        frames = []
        pos = 0
        while pos < len(out):
            m = re.compile(rb"Content-Length: ([0-9]+)\r\n\r\n").match(out, pos)
            self.assertIsNotNone(m, "stray bytes at %d: %r" % (pos, out[pos:pos + 40]))
            n = int(m.group(1))
            frames.append(out[m.end():m.end() + n])
            self.assertEqual(len(frames[-1]), n)
            pos = m.end() + n
        self.assertEqual(len(frames), 2, frames)
        init = json.loads(frames[0])
        self.assertEqual(init["id"], 1)
        self.assertEqual(init["result"]["serverInfo"]["name"], "pylore")
        self.assertEqual(frames[1], b'{"jsonrpc":"2.0","id":2,"result":null}')
        self.assertEqual(out[-len(frames[1]) - 22:],
                         b"Content-Length: 38\r\n\r\n" + b'{"jsonrpc":"2.0","id":2,"result":null}')
        c.unread.clear()


class StdoutIsProtocolOnly(ServerTestCase):
    server_args = ("serve", "--log-level", "debug")

    def test_debug_logs_go_to_stderr(self):
        self.client.open("file:///a.py", "def f(x=[]):\n    pass\n")
        self.client.notify("pylore/unknownNotification", {})
        self.client.call_error("pylore/x", {})
        self.client.assert_no_unread()
        self.client.assert_clean()
        self.assertNotEqual(self.client.wait_stderr("pylore:").strip(), "")


class LogMessages(ServerTestCase):
    """window/logMessage is sent only when the client asked with trace."""
    auto_initialize = False

    def test_trace_forwards_warnings(self):
        c = self.client
        c.call("initialize", {"capabilities": {}, "trace": "verbose"})
        # A didChange for a document that is not open is logged as a warning.
        c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///none.py", "version": 2},
                                            "contentChanges": [{"text": "x"}]})
        msg = c.notification("window/logMessage", lambda p: "didChange" in p["message"])
        self.assertEqual(msg["params"]["type"], 2)
        c.notify("$/setTrace", {"value": "off"})
        c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///none.py", "version": 3},
                                            "contentChanges": [{"text": "x"}]})
        c.call_error("pylore/x", {})
        self.assertEqual([m for m in c.take_all("window/logMessage") if "didChange" in
                          m["params"]["message"]], [])

    def test_no_log_messages_without_trace(self):
        c = self.client
        c.call("initialize", {"capabilities": {}})
        c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///none.py", "version": 2},
                                            "contentChanges": [{"text": "x"}]})
        c.call_error("pylore/x", {})
        self.assertEqual(c.take_all("window/logMessage"), [])


if __name__ == "__main__":
    run_tests()
