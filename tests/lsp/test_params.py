#!/usr/bin/env python3
"""Invalid params (issue 8, "Split along the seams"): every method's params are read by one
format (server/params.c). A request whose params do not fit is answered InvalidParams
(-32602) with a message that names the member; a notification's are logged as a warning
(here forwarded as window/logMessage, since the client asks for `trace`); the session goes
on. What the LSP makes optional stays optional."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import ServerTestCase, run_tests  # noqa: E402

URI = "file:///work/params.py"
TEXT = "f = lambda: 0\n"
DOC = {"uri": URI}
POS = {"line": 0, "character": 4}
RANGE = {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}


class InvalidParams(ServerTestCase):

    def setUp(self):
        super().setUp()
        self.client.open(URI, TEXT)

    def assert_invalid(self, method, params, message):
        err = self.client.call_error(method, params)
        self.assertEqual(err, {"code": -32602, "message": message}, (method, params))

    def test_requests_name_the_member(self):
        cases = [
            ("textDocument/hover", {"position": POS}, "params.textDocument is missing"),
            ("textDocument/hover", {"textDocument": URI, "position": POS},
             "params.textDocument: expected object, got string"),
            ("textDocument/hover", {"textDocument": {"uri": 7}, "position": POS},
             "params.textDocument.uri: expected string, got integer"),
            ("textDocument/hover", {"textDocument": DOC, "position": {"line": "0", "character": 0}},
             "params.position.line: expected integer, got string"),
            ("textDocument/hover", {"textDocument": DOC, "position": {"line": 0}},
             "params.position.character is missing"),
            ("textDocument/hover", {"textDocument": DOC, "position": {"line": 0, "character": -1}},
             "params.position.character: must be between 0 and 4294967295"),
            ("textDocument/hover", None, "params is missing"),
            ("pylore/showNote", {"textDocument": DOC, "position": None},
             "params.position: expected object, got null"),
            ("textDocument/inlayHint", {"textDocument": DOC},
             "params.range is missing"),
            ("textDocument/inlayHint",
             {"textDocument": DOC, "range": {"start": POS, "end": {"line": 1.5, "character": 0}}},
             "params.range.end.line: expected integer, got real"),
            ("textDocument/codeAction", {"textDocument": DOC, "range": RANGE},
             "params.context is missing"),
            ("textDocument/codeAction",
             {"textDocument": DOC, "range": RANGE, "context": {"diagnostics": [], "only": "quickfix"}},
             "params.context.only: expected array, got string"),
            ("textDocument/diagnostic", {"textDocument": {}}, "params.textDocument.uri is missing"),
            ("inlayHint/resolve", {"position": POS}, "params.label is missing"),
            ("workspace/executeCommand", {"command": True},
             "params.command: expected string, got true"),
            ("workspace/executeCommand", {"command": "pylore.showNote", "arguments": {"id": "lambda"}},
             "params.arguments: expected array, got object"),
            ("workspace/executeCommand",
             {"command": "pylore.showNote", "arguments": [{"textDocument": DOC, "position": {"line": 0}}]},
             "params.arguments[0].position.character is missing"),
        ]
        for method, params, message in cases:
            with self.subTest(method=method, params=params):
                self.assert_invalid(method, params, message)
        # The session goes on, the document unchanged.
        self.assertEqual(self.client.hover(URI, 0, 6)["range"]["start"], {"line": 0, "character": 4})

    def test_optional_members_may_be_absent(self):
        c = self.client
        # codeAction's context.only and a showNote by note id (no document) are optional.
        self.assertIsInstance(c.call("textDocument/codeAction", {
            "textDocument": DOC, "range": RANGE, "context": {"diagnostics": []}}), list)
        self.assertEqual(c.call("workspace/executeCommand", {
            "command": "pylore.showNote", "arguments": ["lambda"]})["id"], "lambda")
        # A missing document is not an invalid member: it gets the document's own message.
        self.assert_invalid("textDocument/hover",
                            {"textDocument": {"uri": "file:///nowhere.py"}, "position": POS},
                            "document not open: file:///nowhere.py")


class InvalidNotifications(ServerTestCase):

    def setUp(self):
        self.client = self.start()
        self.client.initialize(trace="verbose")
        self.client.take_all("window/logMessage")

    def warnings(self):
        return [m["params"]["message"] for m in self.client.take_all("window/logMessage")
                if m["params"]["type"] == 2]

    def test_warned_and_skipped(self):
        c = self.client
        diags = c.open(URI, TEXT)
        c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///b.py", "version": 1}})
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                            "contentChanges": {"text": "x = ("}})
        c.notify("textDocument/didClose", {"textDocument": 5})
        c.notify("$/setTrace", {"value": None})
        self.assertEqual(self.warnings(), [
            "didOpen: params.textDocument.text is missing; ignored",
            "didChange: params.contentChanges: expected array, got object; ignored",
            "didClose: params.textDocument: expected object, got integer; ignored",
            "$/setTrace: params.value: expected string, got null; ignored"])
        # Nothing was published: the text is the one opened, and b.py was never opened.
        c.assert_no_unread()
        self.assertEqual(c.call_error("textDocument/hover", {
            "textDocument": {"uri": "file:///b.py"}, "position": POS})["message"],
            "document not open: file:///b.py")
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 3},
                                            "contentChanges": [{"text": TEXT}]})
        self.assertEqual(c.diagnostics(URI, 3)["diagnostics"], diags)

    def test_a_bad_change_is_skipped_the_others_applied(self):
        c = self.client
        c.open(URI, TEXT)
        # The version of the wrong type is tolerated (refusing it would lose the edit).
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": "7"},
                                            "contentChanges": [
                                                {"text": None},
                                                {"range": {"start": {"line": 0}}, "text": "y"},
                                                {"text": "x = (\n"}]})
        published = c.diagnostics(URI)
        self.assertEqual([d["code"] for d in published["diagnostics"]], ["unclosed-bracket"])
        self.assertEqual(self.warnings(), [
            "didChange: params.contentChanges[0].text: expected string, got null; change skipped",
            "didChange: params.contentChanges[1].range.start.character is missing; change skipped"])


if __name__ == "__main__":
    run_tests()
