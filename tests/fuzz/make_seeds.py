#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/ (committed; rerun after changing the input
formats of the targets). Seeds are small valid inputs from which the fuzzer mutates."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def frame(obj):
    body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


# ---- fuzz_rpc: bytes on the server's input ----
init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}}
open_ = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": "file:///a.py", "languageId": "python", "version": 1,
    "text": "def f(a=[]):\r\n    return (lambda: a)\n"}}}
hover = {"jsonrpc": "2.0", "id": "h", "method": "textDocument/hover",
         "params": {"textDocument": {"uri": "file:///a.py"}, "position": {"line": 1, "character": 12}}}
cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": "h"}}
put("fuzz_rpc", "session", frame(init) + frame(open_) + frame(hover) + frame(cancel))
put("fuzz_rpc", "content-type", b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    + frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
put("fuzz_rpc", "bad-headers", b"Content-Length: x\r\n\r\n{}" + b"Content-Length: 99999\r\n\r\n"
    + b"\r\n" + frame(b'{"jsonrpc":"2.0","method":"exit"}'))
put("fuzz_rpc", "invalid", frame(b"[1,2]") + frame(b"{") + frame(b'{"jsonrpc":"2.0","id":1.5}')
    + frame(b'{"jsonrpc":"2.0","id":3,"result":null}'))

# ---- fuzz_notes: match.scm NUL en.md NUL zh.md ----
for note in ("py2-not-equal", "lambda", "enumerate", "unhashable-literal", "py2-print",
             "mutable-default-argument"):
    parts = []
    for f in ("match.scm", "en.md", "zh.md"):
        with open(os.path.join(ROOT, "knowledge", note, f), "rb") as fh:
            parts.append(fh.read())
    put("fuzz_notes", note, b"\0".join(parts))


# ---- fuzz_session: a program of operations (see fuzz_session.c) ----
def op(code, enc=1):  # enc: 0 utf-8, 1 utf-16, 2 utf-32
    return bytes([code | (enc << 4)])


def text(t):
    b = t.encode() if isinstance(t, str) else t
    return bytes([len(b)]) + b


def pos(line, ch):
    return bytes([0, line, ch])


src = "def f(a=[]):\r\n    return (lambda: a)\nx = [i for i in range(3)]\n"
prog = op(0) + text(src) + op(6) + op(3) + pos(1, 13) + op(1) + pos(0, 0) + pos(0, 0) + text("# é\n")
prog += op(1, 0) + pos(2, 4) + pos(2, 9) + text(b"\xff\xfe\r") + op(5) + pos(0, 0) + pos(9, 0)
prog += op(4) + pos(1, 12) + op(2, 2) + pos(3, 0) + pos(3, 0) + text("async def g():\n    yield 1\n")
prog += op(6) + op(7)
put("fuzz_session", "edit-session", prog)
put("fuzz_session", "crlf", op(0) + text("a = 1\r\nb = (\r\n  2)\r") + op(1) + pos(1, 5) + pos(2, 2)
    + text("\r\n") + op(3) + pos(1, 1))
put("fuzz_session", "astral", op(0) + text("s = '😀😀'\n") + op(1, 1) + pos(0, 6) + pos(0, 7)
    + text("x") + op(2, 0) + pos(0, 6) + pos(0, 7) + text("y"))
put("fuzz_session", "far", op(0) + text("pass\n") + op(1) + bytes([255]) + struct.pack(">II", 2 ** 31, 7)
    + pos(0, 0) + text("z"))
