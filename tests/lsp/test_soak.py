#!/usr/bin/env python3
"""Soak (issue 12): tens of thousands of mixed messages over a hundred documents against
the real binary, in pipelined rounds, one of which the client reads only after sending
everything (its output blocked meanwhile). Every request is answered exactly once, every
change ends in the diagnostics of its version, and the peak RSS of the second half of the
session stays within 10% of the first half's (no growth with the number of messages)."""

import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import SCALE, LspClient, ServerTestCase, run_tests  # noqa: E402

DOCS = 100
# A sanitizer build is several times slower: fewer rounds keep the test in its time budget.
ROUNDS = 40 if SCALE <= 1 else 10
PER_ROUND = 750

TEMPLATE = '''import time


def handler_{n}(items=[], *args, **kw):
    total = 0
    for i, item in enumerate(items):
        if item is 1:
            total += (lambda x: x * 2)(item)
    squares = [i * i for i in range(10)]
    return {{k: v for k, v in kw.items()}} if total else squares


async def worker_{n}():
    time.sleep(1)
    yield [[0] * 3] * 3
'''


def peak_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc/%d/status" % pid)


class Soak(ServerTestCase):
    # ASan keeps freed memory in quarantine, which would read as growth.
    server_env = {"ASAN_OPTIONS": "detect_leaks=1:quarantine_size_mb=1"}

    def test_soak(self):
        c = self.client
        rng = random.Random(12)
        texts = {}
        versions = {}
        for n in range(DOCS):
            uri = "file:///soak/m%03d.py" % n
            texts[uri] = TEMPLATE.format(n=n)
            versions[uri] = 1
            c.open(uri, texts[uri], wait=False)
        uris = sorted(texts)
        sent = {}       # id -> method
        closed = set()  # ids of requests on a document that was never opened
        answered = {}   # id -> reply
        published = {}  # uri -> last published version
        first_half_peak = None

        def collect():
            c.barrier()
            for m in c.unread:
                if "method" not in m:
                    self.assertNotIn(m["id"], answered, "answered twice: %r" % m)
                    answered[m["id"]] = m
                elif m["method"] == "textDocument/publishDiagnostics":
                    p = m["params"]
                    self.assertGreaterEqual(p["version"], published.get(p["uri"], 0))
                    published[p["uri"]] = p["version"]
                else:
                    self.assertEqual(m["method"], "window/logMessage", m)
            c.unread.clear()

        for r in range(ROUNDS):
            batch = []
            for _ in range(PER_ROUND):
                uri = rng.choice(uris)
                kind = rng.random()
                line = rng.randrange(16)
                if kind < 0.15:  # an edit that keeps the text's shape: rename a name
                    versions[uri] += 1
                    old = texts[uri]
                    at = old.index("total = ")
                    new = old[:at] + "total = %d" % rng.randrange(10) + old[at + 9:]
                    texts[uri] = new
                    row = old[:at].count("\n")
                    col = at - (old.rfind("\n", 0, at) + 1)
                    batch.append(LspClient.notification_bytes("textDocument/didChange", {
                        "textDocument": {"uri": uri, "version": versions[uri]},
                        "contentChanges": [{"range": {"start": {"line": row, "character": col},
                                                      "end": {"line": row, "character": col + 9}},
                                            "text": "total = %s" % new[at + 8]}]}))
                    continue
                id = c.new_id()
                if kind < 0.6:
                    method, params = "textDocument/hover", {
                        "textDocument": {"uri": uri},
                        "position": {"line": line, "character": rng.randrange(40)}}
                elif kind < 0.75:
                    method, params = "pylore/showNote", {
                        "textDocument": {"uri": uri},
                        "position": {"line": line, "character": rng.randrange(40)}}
                elif kind < 0.9:
                    method, params = "textDocument/inlayHint", {
                        "textDocument": {"uri": uri},
                        "range": {"start": {"line": line, "character": 0},
                                  "end": {"line": line + 5, "character": 0}}}
                else:
                    closed.add(id)
                    method, params = "textDocument/hover", {
                        "textDocument": {"uri": "file:///soak/closed.py"},
                        "position": {"line": 0, "character": 0}}
                sent[id] = method
                batch.append(LspClient.request_bytes(id, method, params))
            slow = r == ROUNDS // 4 or r == 3 * ROUNDS // 4
            if slow:  # the client reads nothing until it has sent the whole round
                c.pause_reading()
            c.send_raw(b"".join(batch))
            if slow:
                c.resume_reading()
            collect()
            if r == ROUNDS // 2 - 1:
                first_half_peak = peak_rss_kb(c.proc.pid)

        self.assertEqual(sorted(answered), sorted(sent))
        # Errors exactly for the requests on a document that is not open.
        self.assertEqual({id for id, m in answered.items() if "error" in m}, closed)
        for id in closed:
            self.assertEqual(answered[id]["error"]["code"], -32602)
        self.assertTrue(all(isinstance(answered[id]["result"], list) for id, m in sent.items()
                            if m == "textDocument/inlayHint"))
        # The last version of every document was published (superseded ones may be skipped).
        for uri in uris:
            self.assertEqual(published.get(uri, 1), versions[uri], uri)
        second_half_peak = peak_rss_kb(c.proc.pid)
        self.assertLessEqual(second_half_peak, first_half_peak * 1.10,
                             "peak RSS grew from %d KB to %d KB" % (first_half_peak, second_half_peak))
        print("soak: %d requests, %d changes; peak RSS %d KB after half, %d KB at the end"
              % (len(sent), sum(v - 1 for v in versions.values()), first_half_peak,
                 second_half_peak), file=sys.stderr)


if __name__ == "__main__":
    run_tests()
