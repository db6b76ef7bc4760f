#!/usr/bin/env python3
"""JSON-RPC 2.0 errors, the LSP lifecycle, initialize's negotiation, cancellation and exit
statuses (issue 2, "The server")."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import LspClient, ServerTestCase, binary, frame, run_tests  # noqa: E402

URI = "file:///work/example.py"
HOVER_AT_0 = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}


class JsonRpcErrors(ServerTestCase):

    def reply_to_raw(self, body):
        """Sends a body as is and returns the one reply it causes."""
        self.client.send_raw(frame(body))
        return self.client.wait_for(lambda m: "method" not in m, what="a reply to %r" % body)

    def test_parse_error_has_id_null(self):
        for body in (b"{abc", b'{"jsonrpc":"2.0","id":1,"method":"shutdown"', b"\xff\xfe",
                     b'{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":"\\ud800"}}',
                     b"not json at all", b'{"a":1}{"b":2}'):
            reply = self.reply_to_raw(body)
            self.assertEqual(reply["error"]["code"], -32700, body)
            self.assertIn("id", reply)
            self.assertIsNone(reply["id"], body)
            self.assertNotIn("result", reply)
        # The session goes on: shutdown was not run by the broken copy above.
        self.assertIsNone(self.client.call("shutdown"))

    def test_invalid_request(self):
        cases = [
            ('{"jsonrpc":"2.0","id":1}', 1),                              # no method, no result
            ('{"jsonrpc":"1.0","id":2,"method":"shutdown"}', 2),          # wrong version
            ('{"id":3,"method":"shutdown"}', 3),                          # no version
            ('{"jsonrpc":"2.0","id":4,"method":7}', 4),                   # method not a string
            ('{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":"s"}', 5),
            ('{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}', None),  # bad id type
            ('{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}', None),
            ('{"jsonrpc":"2.0","id":null,"method":"shutdown"}', None),
            ('[]', None),                                                 # batch
            ('[{"jsonrpc":"2.0","id":6,"method":"shutdown"}]', None),
            ('42', None), ('"text"', None), ('null', None), ('true', None),
        ]
        for body, id in cases:
            reply = self.reply_to_raw(body)
            self.assertEqual(reply["error"]["code"], -32600, body)
            self.assertEqual(reply["id"], id, body)
        # None of them shut the server down.
        self.assertIsNone(self.client.call("shutdown"))

    def test_string_ids_are_echoed(self):
        id = self.client.request("pylore/none", {}, id="abc-é")
        reply = self.client.response("abc-é")
        self.assertEqual(reply["error"]["code"], -32601)
        self.assertEqual(reply["id"], id)

    def test_unknown_request(self):
        for method in ("foo/bar", "textDocument/definition", "$/unknownRequest", ""):
            err = self.client.call_error(method, {})
            self.assertEqual(err["code"], -32601, method)
            self.assertIsInstance(err["message"], str)

    def test_wrong_params(self):
        self.client.open(URI, "f = lambda: 0\n")
        bad = [
            {"textDocument": {"uri": URI}, "position": "0:0"},             # position a string
            {"textDocument": {"uri": URI}},                                 # no position
            {"position": {"line": 0, "character": 0}},                      # no textDocument
            {"textDocument": URI, "position": {"line": 0, "character": 0}},
            {"textDocument": {"uri": 5}, "position": {"line": 0, "character": 0}},
            {"textDocument": {"uri": URI}, "position": {"line": -1, "character": 0}},
            {"textDocument": {"uri": URI}, "position": {"line": "0", "character": 0}},
            {"textDocument": {"uri": URI}, "position": {"line": 0.5, "character": 0}},
            {"textDocument": {"uri": URI}, "position": {"line": 0}},
            {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 2 ** 40}},
            {"textDocument": {"uri": "file:///not-open.py"}, "position": {"line": 0, "character": 0}},
        ]
        for params in bad:
            err = self.client.call_error("textDocument/hover", params)
            self.assertEqual(err["code"], -32602, params)
        err = self.client.call_error("textDocument/hover", [URI, 0, 0])
        self.assertEqual(err["code"], -32602)
        id = self.client.request("textDocument/hover")  # no params at all
        self.assertEqual(self.client.response(id)["error"]["code"], -32602)
        for method, params in [
                ("textDocument/inlayHint", {"textDocument": {"uri": URI}}),
                ("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": [0, 1]}),
                ("textDocument/inlayHint", {"textDocument": {"uri": URI},
                                            "range": {"start": {"line": 0, "character": 0}}}),
                ("textDocument/diagnostic", {}),
                ("pylore/showNote", {"textDocument": {"uri": URI}, "position": None}),
                ("initialize", [])]:
            err = self.client.call_error(method, params)
            self.assertIn(err["code"], (-32602, -32600) if method == "initialize" else (-32602,),
                          (method, params))
        # Still fine afterwards.
        self.assertIsNotNone(self.client.hover(URI, 0, 5))


class Lifecycle(ServerTestCase):
    auto_initialize = False

    def test_requests_before_initialize(self):
        c = self.client
        for method, params in [("textDocument/hover", HOVER_AT_0), ("shutdown", None),
                               ("pylore/showNote", HOVER_AT_0), ("foo/bar", {})]:
            err = c.call_error(method, params)
            self.assertEqual(err["code"], -32002, method)
        # Notifications before initialize are dropped: the document below was never opened.
        c.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "python",
                                                           "version": 1, "text": "x = ("}})
        c.initialize()
        err = c.call_error("textDocument/hover", HOVER_AT_0)
        self.assertEqual(err["code"], -32602)
        self.assertIn("not open", err["message"])
        self.assertEqual(c.shutdown_and_exit(), 0)

    def test_failed_initialize_can_be_retried(self):
        c = self.client
        self.assertEqual(c.call_error("initialize", None)["code"], -32602)
        self.assertEqual(c.call_error("textDocument/hover", HOVER_AT_0)["code"], -32002)
        self.assertIn("capabilities", c.initialize())

    def test_second_initialize_is_refused(self):
        c = self.client
        c.initialize()
        self.assertEqual(c.call_error("initialize", {"capabilities": {}})["code"], -32600)

    def test_requests_after_shutdown(self):
        c = self.client
        c.initialize()
        c.open(URI, "f = lambda: 0\n")
        self.assertIsNone(c.call("shutdown"))
        for method, params in [("textDocument/hover", HOVER_AT_0), ("shutdown", None),
                               ("initialize", {"capabilities": {}}), ("foo/bar", {})]:
            err = c.call_error(method, params)
            self.assertEqual(err["code"], -32600, method)
        # Notifications after shutdown publish nothing.
        c.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                            "contentChanges": [{"text": "x = ("}]})
        c.assert_no_unread()
        c.notify("exit")
        c.close_stdin()
        self.assertEqual(c.wait_exit(), 0)

    def test_unknown_notifications_are_ignored(self):
        c = self.client
        c.initialize()
        for method in ("foo/bar", "$/progress", "$/somethingNew", "workspace/didChangeConfiguration",
                       "textDocument/didSave", "initialized"):
            c.notify(method, {"token": 1, "value": {}})
        c.notify("pylore/notificationWithArrayParams", [1, 2])
        c.notify("pylore/noParams")
        # No reply to any of them, and the session goes on.
        c.assert_no_unread()
        c.open(URI, "f = lambda: 0\n")
        self.assertIsNotNone(c.hover(URI, 0, 5))
        self.assertEqual(c.shutdown_and_exit(), 0)

    def test_responses_from_the_client_are_ignored(self):
        c = self.client
        c.initialize()
        c.send({"jsonrpc": "2.0", "id": 77, "result": {"x": 1}})
        c.send({"jsonrpc": "2.0", "id": 78, "error": {"code": -32601, "message": "no"}})
        c.send({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "?"}})
        c.assert_no_unread()
        self.assertEqual(c.shutdown_and_exit(), 0)


class ExitStatus(ServerTestCase):
    auto_initialize = False

    def test_exit_after_shutdown_is_0(self):
        self.client.initialize()
        self.assertEqual(self.client.shutdown_and_exit(), 0)

    def test_exit_without_shutdown_is_1(self):
        self.client.initialize()
        self.client.notify("exit")
        self.assertEqual(self.client.wait_exit(), 1)

    def test_exit_before_initialize_is_1(self):
        self.client.notify("exit")
        self.assertEqual(self.client.wait_exit(), 1)

    def test_exit_ends_the_process_even_with_stdin_open(self):
        self.client.initialize()
        self.assertIsNone(self.client.call("shutdown"))
        self.client.notify("exit")
        # stdin stays open: the server must not wait for EOF.
        self.assertEqual(self.client.wait_exit(), 0)

    def test_messages_after_exit_are_not_handled(self):
        c = self.client
        c.initialize()
        c.send_raw(LspClient.request_bytes(50, "shutdown") + LspClient.notification_bytes("exit")
                   + LspClient.request_bytes(51, "pylore/x", {}))
        self.assertEqual(c.wait_exit(), 0)
        c.response(50)
        c.assert_no_unread()

    def test_eof_without_exit_is_1(self):
        self.client.initialize()
        self.client.close_stdin()
        self.assertEqual(self.client.wait_exit(), 1)

    def test_eof_after_shutdown_without_exit_is_1(self):
        self.client.initialize()
        self.assertIsNone(self.client.call("shutdown"))
        self.client.close_stdin()
        self.assertEqual(self.client.wait_exit(), 1)

    def test_eof_before_anything_is_1(self):
        self.client.close_stdin()
        self.assertEqual(self.client.wait_exit(), 1)


class Cancellation(ServerTestCase):

    def test_cancel_of_a_queued_request(self):
        c = self.client
        c.open(URI, "f = lambda: 0\n")
        hover = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 5}}
        # The request and its cancellation in one write: the server reads the cancel before
        # running the request.
        c.send_raw(LspClient.request_bytes(100, "textDocument/hover", hover)
                   + LspClient.notification_bytes("$/cancelRequest", {"id": 100})
                   + LspClient.request_bytes(101, "textDocument/hover", hover))
        err = c.response(100)["error"]
        self.assertEqual(err["code"], -32800)
        # The other request is served normally.
        self.assertIsNotNone(c.response(101)["result"])

    def test_cancel_with_string_id(self):
        c = self.client
        c.send_raw(LspClient.request_bytes("req-1", "pylore/x", {})
                   + LspClient.notification_bytes("$/cancelRequest", {"id": "req-1"}))
        self.assertEqual(c.response("req-1")["error"]["code"], -32800)

    def test_cancel_of_another_id_does_not_cancel(self):
        c = self.client
        c.send_raw(LspClient.request_bytes(7, "shutdown")
                   + LspClient.notification_bytes("$/cancelRequest", {"id": "7"})
                   + LspClient.notification_bytes("$/cancelRequest", {"id": 8}))
        self.assertIn("result", c.response(7))

    def test_cancel_after_the_reply_is_ignored(self):
        c = self.client
        self.assertIsNone(c.call("shutdown"))
        c.notify("$/cancelRequest", {"id": c._next_id})
        c.notify("$/cancelRequest", {"id": 12345})
        c.notify("$/cancelRequest", {})
        c.notify("$/cancelRequest", {"id": {"x": 1}})
        c.assert_no_unread()


class Initialize(ServerTestCase):
    auto_initialize = False

    def init(self, **caps):
        result = self.client.initialize(capabilities=caps)
        self.assertIsInstance(result, dict)
        return result

    def test_utf8_when_offered(self):
        r = self.init(general={"positionEncodings": ["utf-16", "utf-8"]})
        self.assertEqual(r["capabilities"]["positionEncoding"], "utf-8")

    def test_utf8_offered_first(self):
        r = self.init(general={"positionEncodings": ["utf-8", "utf-32", "utf-16"]})
        self.assertEqual(r["capabilities"]["positionEncoding"], "utf-8")

    def test_utf16_by_default(self):
        r = self.init()
        self.assertEqual(r["capabilities"].get("positionEncoding", "utf-16"), "utf-16")

    def test_utf16_when_utf8_not_offered(self):
        r = self.init(general={"positionEncodings": ["utf-32", "utf-16"]})
        self.assertEqual(r["capabilities"]["positionEncoding"], "utf-16")

    def test_garbage_encodings_fall_back_to_utf16(self):
        r = self.init(general={"positionEncodings": "utf-8"})
        self.assertEqual(r["capabilities"].get("positionEncoding", "utf-16"), "utf-16")

    def test_server_info_and_capabilities(self):
        r = self.init()
        version = subprocess.run([binary(), "--version"], capture_output=True, text=True,
                                 check=True).stdout.split()[-1]
        self.assertEqual(r["serverInfo"], {"name": "pylore", "version": version})
        caps = r["capabilities"]
        self.assertTrue(caps["hoverProvider"])
        self.assertTrue(caps["inlayHintProvider"])
        sync = caps["textDocumentSync"]
        self.assertTrue(sync["openClose"])
        self.assertEqual(sync["change"], 2)  # incremental
        # No pull diagnostics unless the client declares support.
        self.assertNotIn("diagnosticProvider", caps)

    def test_pull_diagnostics_capability(self):
        r = self.init(textDocument={"diagnostic": {"dynamicRegistration": False}})
        dp = r["capabilities"]["diagnosticProvider"]
        self.assertFalse(dp["interFileDependencies"])
        self.assertFalse(dp["workspaceDiagnostics"])

    def test_null_and_odd_params_are_tolerated(self):
        result = self.client.call("initialize", {"processId": None, "capabilities": None,
                                                 "initializationOptions": None, "locale": 5,
                                                 "trace": 3, "workspaceFolders": None})
        self.assertEqual(result["serverInfo"]["name"], "pylore")


if __name__ == "__main__":
    run_tests()
