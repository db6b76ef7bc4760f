#!/usr/bin/env python3
"""Flow control (issue 12): pylore keeps reading its input whatever its client does with
the output. A client that writes 5,000 requests before reading any reply must not deadlock
it (server blocked writing a full stdout, client blocked writing a full stdin), and while
the client reads nothing, the server still sees a newer didChange and a $/cancelRequest.
Past a limit of unread output (--max-output-mb) the session ends, with a log line, instead
of taking all the memory."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import LspClient, ProtocolError, ServerTestCase, range_of, run_tests  # noqa: E402

URI = "file:///flow.py"
TEXT = "def f(a=[]):\n    return (lambda: a)\n"
NEW_TEXT = "g = [x for x in range(3)]\n"


def hover_bytes(id, line, character, uri=URI):
    return LspClient.request_bytes(id, "textDocument/hover", {
        "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})


class Flow(ServerTestCase):
    # debug: the server says on stderr when it ignores an unknown notification, which
    # shows that it handled its input while the test reads none of its output.
    server_args = ("serve", "--log-level", "debug")

    def handled(self, tag):
        """Sends an unknown notification and waits until stderr shows the server handled it:
        stderr is a separate pipe, so this works while stdout is full."""
        self.client.notify("pylore/probe-" + tag)
        line = "ignored notification pylore/probe-" + tag
        self.assertIn(line, self.client.wait_stderr(line),
                      "the server did not handle its input while its output was blocked")

    def test_5000_hovers_before_reading(self):
        c = self.client
        c.open(URI, TEXT)
        lam = c.hover(URI, 1, 13)
        c.pause_reading()
        first, n = 1000, 5000
        # One write of ~0.8 MB: it completes only if the server reads while its replies
        # (several MB, far past what a pipe holds) are not being read.
        c.send_raw(b"".join(hover_bytes(first + i, 1, 13) for i in range(n)))
        self.handled("after-hovers")

        # Still reading nothing: a newer version of the text, a hover on it, then a request
        # followed at once by its cancellation.
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                            "contentChanges": [{"text": NEW_TEXT}]})
        c.send_raw(hover_bytes(9001, 0, 6))
        c.send_raw(hover_bytes(9002, 0, 6) +
                   LspClient.notification_bytes("$/cancelRequest", {"id": 9002}))
        self.handled("after-change")
        self.assertGreater(len(c.stdout_bytes), 0)
        self.assertLess(len(c.stdout_bytes), 1 << 20)  # the replies are indeed waiting

        c.resume_reading()
        c.barrier()
        replies = {}
        for m in list(c.unread):
            if "id" in m and "method" not in m:
                self.assertNotIn(m["id"], replies, "answered twice: %r" % m)
                replies[m["id"]] = m
                c.unread.remove(m)
        self.assertEqual(sorted(replies), list(range(first, first + n)) + [9001, 9002])
        for i in range(first, first + n):
            self.assertEqual(replies[i].get("result"), lam, i)
        self.assertEqual(replies[9001]["result"]["range"],
                         range_of(NEW_TEXT, "[x for x in range(3)]"))
        self.assertEqual(replies[9002]["error"]["code"], -32800)
        self.assertGreater(len(c.stdout_bytes), 1 << 20)
        self.assertEqual(c.diagnostics(URI, 2)["diagnostics"], [])
        # The session goes on.
        self.assertEqual(c.hover(URI, 0, 6), replies[9001]["result"])

    def test_growth_of_unread_output_is_logged(self):
        c = self.client
        c.open(URI, TEXT)
        c.pause_reading()
        # showNote answers with a whole note (about 1.4 KB): 8,000 of them pass 8 MB.
        params = {"textDocument": {"uri": URI}, "position": {"line": 1, "character": 13}}
        c.send_raw(b"".join(LspClient.request_bytes(i + 1, "pylore/showNote", params)
                            for i in range(8000)))
        self.handled("grown")
        self.assertIn("the client is not reading: 8 MB of output are waiting",
                      c.wait_stderr("of output are waiting"))
        c.resume_reading()
        c.barrier()
        ids = sorted(m["id"] for m in c.unread if "id" in m)
        self.assertEqual(ids, list(range(1, 8001)))
        self.assertTrue(all(m["result"]["id"] == "lambda" for m in c.unread), c.unread[:1])
        c.unread.clear()


class OutputLimit(unittest.TestCase):

    def test_session_ends_past_the_limit(self):
        with LspClient(("serve", "--max-output-mb", "1")) as c:
            c.initialize()
            c.open(URI, TEXT)
            c.pause_reading()
            try:
                c.send_raw(b"".join(hover_bytes(100 + i, 1, 13) for i in range(5000)))
            except (BrokenPipeError, ProtocolError):
                pass  # the server may end before it has read everything: that is the point
            self.assertEqual(c.wait_exit(), 1)
            self.assertIn("the client is not reading: more than 1 MB of output would be waiting "
                          "(--max-output-mb): ending the session",
                          c.wait_stderr("ending the session"))
            c.resume_reading()
            c.close()
            # The writer is stopped wherever it was: the last frame may be cut (SECURITY.md);
            # everything before it must be sound.
            c.protocol_errors = [e for e in c.protocol_errors
                                 if not e.startswith("stdout ended inside a frame")]
            c.assert_clean()


if __name__ == "__main__":
    run_tests()
