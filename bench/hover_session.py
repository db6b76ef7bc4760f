"""Hover latency in a real session: the server over pipes, one hover at a time, measured from
the request leaving the client to the reply arriving (so it includes framing, JSON and the
pipe round trip, as an editor sees it). Usage: hover_session.py PYLORE FILE [N]"""
import json
import os
import random
import subprocess
import sys
import time


def main():
    binary, path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    text = open(path, encoding="utf-8", errors="replace").read()
    lines = text.split("\n")
    proc = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)

    def send(msg):
        body = json.dumps(msg).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def recv():
        length = 0
        while True:
            line = proc.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(proc.stdout.read(length))

    def call(id_, method, params):
        send({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})
        while True:
            msg = recv()
            if msg.get("id") == id_:
                return msg

    call(1, "initialize", {"capabilities": {"textDocument": {"hover": {
        "contentFormat": ["markdown"]}}}})
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file://" + os.path.abspath(path)
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "python", "version": 1, "text": text}}})
    while recv().get("method") != "textDocument/publishDiagnostics":
        pass
    rng = random.Random(12345)
    lat, shown = [], 0
    for i in range(n):
        line = rng.randrange(len(lines))
        col = rng.randrange(max(1, len(lines[line]) + 1))
        t = time.perf_counter()
        reply = call(100 + i, "textDocument/hover", {"textDocument": {"uri": uri},
                                                      "position": {"line": line, "character": col}})
        lat.append(time.perf_counter() - t)
        shown += reply.get("result") is not None
    call(99, "shutdown", None)
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait()
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] * 1e6
    print("hover in a session on %s (%d KB): n=%d, %d showed a note, p50=%.0f us p90=%.0f us "
          "p99=%.0f us max=%.0f us" % (os.path.basename(path), len(text.encode()) // 1024, n, shown,
                                       pct(0.5), pct(0.9), pct(0.99), lat[-1] * 1e6))


if __name__ == "__main__":
    main()
