"""A whole LSP session under valgrind: open, code actions, edit, hover, inlay hints, pull
diagnostics, show note (both ways), close, shutdown, exit. valgrind's exit code (99) fails the
run on any memory error or leak; run by run.sh, which puts valgrind in front of the binary."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lsp"))
import lspclient  # noqa: E402

URI = "file:///valgrind/demo.py"
TEXT = "def f(x=[]):\n    return lambda y: y\n\ndef g(n):\n    yield n  # 中文 😀\n"


def main():
    timeout = 120
    with lspclient.LspClient() as c:
        c.initialize(capabilities={"textDocument": {"hover": {"contentFormat": ["markdown"]}}},
                     initialization_options={"language": "zh"})
        c.open(URI, TEXT, wait=False)
        diags = c.diagnostics(URI, timeout=timeout)["diagnostics"]
        assert [d["code"] for d in diags] == ["mutable-default-argument"], diags
        acts = c.call("textDocument/codeAction", {"textDocument": {"uri": URI},
                                                  "range": diags[0]["range"],
                                                  "context": {"diagnostics": diags}},
                      timeout=timeout)
        assert any(a.get("kind") == "quickfix" and "edit" in a for a in acts), acts
        shown = c.call("workspace/executeCommand", {"command": "pylore.showNote",
                                                    "arguments": [{"id": "lambda"}]},
                       timeout=timeout)
        assert shown["contents"].startswith("# "), shown
        c.change(URI, 2, [{"range": {"start": {"line": 0, "character": 8},
                                     "end": {"line": 0, "character": 10}}, "text": "None"}],
                 wait=False)
        assert c.diagnostics(URI, version=2, timeout=timeout)["diagnostics"] == []
        hover = c.call("textDocument/hover", {"textDocument": {"uri": URI},
                                              "position": {"line": 1, "character": 12}},
                       timeout=timeout)
        assert "lambda" in hover["contents"]["value"], hover
        hints = c.call("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": {
            "start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}},
            timeout=timeout)
        assert any(h["label"] == "生成器" for h in hints), hints
        note = c.call("pylore/showNote", {"textDocument": {"uri": URI},
                                          "position": {"line": 4, "character": 5}},
                      timeout=timeout)
        assert note and note["id"] == "generator", note
        c.call("textDocument/hover", {"textDocument": {"uri": URI},
                                      "position": {"line": 99, "character": 99}},
               timeout=timeout)
        c.send_raw(b"Content-Length: 5\r\n\r\n{bad}")
        c.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        c.call("shutdown", timeout=timeout)
        c.notify("exit")
        status = c.wait_exit(timeout=timeout)
    print("valgrind session: exit status", status)
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
