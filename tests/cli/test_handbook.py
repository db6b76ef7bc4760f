#!/usr/bin/env python3
"""`pylore notes --html DIR` (issue 10): the handbook loaded in headless Chromium (Debian's
`chromium`), driven over the DevTools protocol on a pipe: every page of both languages loads
without a console error, an uncaught exception or a failed resource; every link resolves to a
file of the handbook; the index's filter box hides what does not match; the language switch
leads to the same note. A screenshot of the index goes to the build folder
(handbook-index.png) for a person to look at."""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lsp"))
from lspclient import SCALE, binary, read_front_matter, run_tests  # noqa: E402
from test_cli import run  # noqa: E402

TIMEOUT = 30 * SCALE


class Chromium:
    """A headless Chromium with the DevTools protocol on fds 3 (in) and 4 (out)."""

    def __init__(self, profile):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise AssertionError("chromium is not installed: run scripts/install-deps.sh")
        to_r, self._to_w = os.pipe()
        self._from_r, from_w = os.pipe()
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--window-size=1100,900",
                "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"]
        # The shell puts the pipe ends where Chromium looks for them.
        self.proc = subprocess.Popen(
            ["sh", "-c", 'exec "$@" 3<&%d 4>&%d' % (to_r, from_w), "sh", *args],
            pass_fds=(to_r, from_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self._buf = b""
        self._id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable", session=True)

    def _read(self, deadline):
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise AssertionError("chromium did not answer in time")
            chunk = os.read(self._from_r, 65536)
            if not chunk:
                raise AssertionError("chromium closed the pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=False):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = self._read(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise AssertionError("%s: %r" % (method, m["error"]))
                return m["result"]
            self.events.append(m)

    def wait_event(self, method):
        deadline = time.monotonic() + TIMEOUT
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def open(self, url, lands_on=None):
        """Loads url and waits until the page at `lands_on` (default: url itself; a redirect
        lands elsewhere) has fired its load event."""
        self.events = []
        self.call("Page.navigate", {"url": url}, session=True)
        want = lands_on or url
        while True:
            self.wait_event("Page.loadEventFired")
            try:
                if self.eval("location.href") == want and \
                        self.eval("document.readyState") == "complete":
                    return
            except AssertionError as e:
                # A redirect can navigate while we ask: its own load event comes next.
                if "navigated or closed" not in str(e):
                    raise

    def eval(self, expr):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                      session=True)
        if "exceptionDetails" in r:
            raise AssertionError("%s: %r" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def problems(self):
        out = []
        for m in self.events:
            p = m.get("params", {})
            if m.get("method") == "Runtime.exceptionThrown":
                out.append(p["exceptionDetails"].get("text"))
            elif m.get("method") == "Runtime.consoleAPICalled" and p.get("type") in ("error",
                                                                                    "assert"):
                out.append(repr(p.get("args")))
            elif m.get("method") == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"].get("text"))
        return out

    def close(self):
        try:
            self.call("Browser.close")
        except AssertionError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_w)
        os.close(self._from_r)


class Handbook(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pylore-handbook-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.dir = os.path.join(self.tmp, "site")
        p = run("notes", "--html", self.dir)
        self.assertEqual(p.returncode, 0, p.err)
        self.browser = Chromium(os.path.join(self.tmp, "profile"))
        self.addCleanup(self.browser.close)

    def url(self, rel):
        return "file://" + urllib.parse.quote(os.path.join(self.dir, rel))

    def test_pages_links_filter(self):
        b = self.browser
        ids = sorted(n[:-5] for n in os.listdir(os.path.join(self.dir, "en"))
                     if n.endswith(".html") and n != "index.html")
        self.assertGreater(len(ids), 50)
        pages = ["index.html"] + ["%s/index.html" % lang for lang in ("en", "zh")] + \
            ["%s/%s.html" % (lang, i) for lang in ("en", "zh") for i in ids]
        for rel in pages:
            with self.subTest(page=rel):
                if rel == "index.html":  # redirects to the English index
                    b.open(self.url(rel), lands_on=self.url("en/index.html"))
                    self.assertEqual(b.problems(), [])
                    continue
                b.open(self.url(rel))
                self.assertEqual(b.problems(), [])
                links = b.eval("Array.from(document.querySelectorAll('a[href]'))"
                               ".map(a => a.href)")
                self.assertTrue(links)
                for link in links:
                    u = urllib.parse.urlparse(link)
                    self.assertEqual(u.scheme, "file", link)
                    path = urllib.parse.unquote(u.path)
                    self.assertTrue(path.startswith(self.dir) and os.path.isfile(path), link)
                # the language switch leads to the same note in the other language
                other = b.eval("document.querySelector('a.lang').getAttribute('href')")
                lang, name = rel.split("/")
                self.assertEqual(other, "../%s/%s" % ("zh" if lang == "en" else "en", name))
        # labelled examples on a pitfall page
        b.open(self.url("en/mutable-default-argument.html"))
        labels = b.eval("Array.from(document.querySelectorAll('.example-label'))"
                        ".map(p => p.textContent)")
        self.assertEqual(labels[:2], ["Problem", "Instead"])
        self.assertEqual(b.eval("document.querySelector('h1').textContent"),
                         read_front_matter("mutable-default-argument")["title"])

        # the filter
        b.open(self.url("en/index.html"))
        visible = ("Array.from(document.querySelectorAll('li'))"
                   ".filter(li => li.offsetParent !== null).map(li => li.dataset.id)")
        everything = b.eval(visible)
        self.assertEqual(sorted(everything), ids)

        def typed(text):
            b.eval("(() => { const f = document.getElementById('filter'); f.value = %s;"
                   " f.dispatchEvent(new Event('input')); })()" % json.dumps(text))
            return b.eval(visible)

        self.assertEqual(typed("mutable default"), ["mutable-default-argument"])
        self.assertEqual(b.eval("document.getElementById('nothing').hidden"), True)
        self.assertEqual(typed("no such note anywhere"), [])
        self.assertEqual(b.eval("document.getElementById('nothing').hidden"), False)
        self.assertEqual(b.eval("document.querySelectorAll('section:not([hidden])').length"), 0)
        self.assertEqual(sorted(typed("")), ids)
        self.assertEqual(b.problems(), [])

        # a screenshot of the index for a person to look at
        shot = b.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
        out = os.path.join(os.path.dirname(os.path.abspath(binary())), "handbook-index.png")
        with open(out, "wb") as f:
            f.write(base64.b64decode(shot))
        self.assertGreater(os.path.getsize(out), 10000)


if __name__ == "__main__":
    run_tests()
