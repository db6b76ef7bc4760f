"""A small LSP client for black-box tests of pylore: it starts the real binary over pipes.

- Messages are framed with Content-Length; send_raw() writes arbitrary bytes (framing tests).
- Everything the server writes to stdout is parsed strictly: each frame must be exactly
  "Content-Length: N\\r\\n\\r\\n" followed by N bytes of UTF-8 JSON-RPC 2.0. Anything else is
  recorded as a protocol error and fails the test at assert_clean().
- Replies and notifications are read with a timeout (never hang: a missing reply fails the
  test after TIMEOUT seconds, scaled by PYLORE_TEST_TIMEOUT_SCALE for sanitizer builds).
- Unread messages are kept; assert_no_unread() fails when any remain (as Ruff's
  TestServerBuilder does on drop), so a test cannot ignore an unexpected message.
- "Nothing else arrived" is proved with a barrier, never a timed wait: barrier() sends a
  request the server does not know and waits for its error reply. The server handles its
  input in order and writes its output in order, so once that reply is in, everything it
  produced for the messages sent before the barrier is in too.
- pause_reading() stops taking the server's output (its stdout pipe fills up, as with a
  busy editor); send_raw() fails instead of hanging when the server stops reading stdin.
- stderr is collected; assert_clean() also fails on sanitizer reports.

Standard library only (Debian 12's python3 3.11).
"""

import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(SOURCE_DIR, "tests", "fixtures")
KNOWLEDGE = os.path.join(SOURCE_DIR, "knowledge")

SCALE = float(os.environ.get("PYLORE_TEST_TIMEOUT_SCALE", "1") or 1)
TIMEOUT = 10.0 * SCALE

BARRIER_METHOD = "pylore/testBarrier"

_FRAME_HEADER = re.compile(rb"Content-Length: ([0-9]+)\r\n\r\n")
_SANITIZER = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|"
                        r"SUMMARY: (Address|Undefined|Thread)|WARNING: ThreadSanitizer")


def _header_prefix(buf):
    """True when buf may still grow into "Content-Length: N\\r\\n\\r\\n"."""
    if len(buf) <= 16:
        return b"Content-Length: ".startswith(buf)
    return re.fullmatch(rb"Content-Length: [0-9]{1,12}(\r(\n(\r)?)?)?", buf) is not None


def binary():
    """The pylore binary: --bin on the command line (see main()), PYLORE_BIN, or the default
    build folders."""
    path = os.environ.get("PYLORE_BIN")
    if path:
        return path
    for build in ("build-lsp", "build"):
        cand = os.path.join(SOURCE_DIR, build, "pylore")
        if os.path.exists(cand):
            return cand
    raise RuntimeError("set PYLORE_BIN to the pylore binary")


def frame(body):
    """Frames a body (bytes, str or a JSON-able object) with the standard header."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body, ensure_ascii=False)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class ProtocolError(AssertionError):
    pass


class LspClient:
    """One pylore process. Use as a context manager or call close()."""

    def __init__(self, args=("serve",), env=None, cwd=None):
        full_env = dict(os.environ)
        full_env.setdefault("LANG", "C.UTF-8")
        # Tests must not depend on the machine's note folders or language.
        full_env.pop("PYLORE_NOTES", None)
        full_env.pop("LC_ALL", None)
        full_env.pop("LC_MESSAGES", None)
        full_env["LANG"] = "C.UTF-8"
        full_env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        if env:
            for k, v in env.items():
                if v is None:
                    full_env.pop(k, None)
                else:
                    full_env[k] = v
        self.proc = subprocess.Popen(
            [binary(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=full_env, cwd=cwd or SOURCE_DIR, bufsize=0)
        self._next_id = 0
        self._inbox = queue.Queue()
        self.unread = []          # messages received but not yet consumed by a test
        self.frames = []          # raw bytes of every frame received, in order
        self.protocol_errors = []
        self.stdout_bytes = bytearray()
        self._stderr = bytearray()
        self._stdout_done = threading.Event()
        self._reading = threading.Event()
        self._reading.set()
        self._barrier_ids = set()
        self._t_out = threading.Thread(target=self._read_stdout, daemon=True)
        self._t_err = threading.Thread(target=self._read_stderr, daemon=True)
        self._t_out.start()
        self._t_err.start()

    # ---- background readers ----

    def _read_stdout(self):
        fd = self.proc.stdout.fileno()
        buf = b""
        try:
            while True:
                self._reading.wait()
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                self.stdout_bytes += chunk
                buf += chunk
                while True:
                    if not buf:
                        break
                    m = _FRAME_HEADER.match(buf)
                    if not m:
                        if _header_prefix(buf):
                            break  # the rest of the header is still on its way
                        self.protocol_errors.append("bad frame header: %r" % buf[:80])
                        buf = b""
                        break
                    n = int(m.group(1))
                    if len(buf) < m.end() + n:
                        break
                    body = buf[m.end():m.end() + n]
                    self.frames.append(buf[:m.end() + n])
                    buf = buf[m.end() + n:]
                    try:
                        msg = json.loads(body.decode("utf-8"))
                    except (UnicodeDecodeError, ValueError) as e:
                        self.protocol_errors.append("bad body (%s): %r" % (e, body[:200]))
                        continue
                    if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0":
                        self.protocol_errors.append("not a JSON-RPC 2.0 message: %r" % body[:200])
                    self._inbox.put(msg)
            if buf:
                self.protocol_errors.append("stdout ended inside a frame: %r" % buf[:80])
        finally:
            self._stdout_done.set()

    def _read_stderr(self):
        fd = self.proc.stderr.fileno()
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            self._stderr += chunk

    @property
    def stderr(self):
        return self._stderr.decode("utf-8", "replace")

    def wait_stderr(self, text, timeout=None):
        """The server's stderr once it contains `text` (it is read by another thread, which
        may lag behind the replies on a loaded machine), or as it is after the timeout."""
        deadline = time.monotonic() + (TIMEOUT if timeout is None else timeout)
        while text not in self.stderr and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.stderr

    # ---- writing ----

    def send_raw(self, data, timeout=None):
        """Writes bytes to the server's stdin. A write that cannot complete within the
        timeout means the server stopped reading its input: that fails the test (a stalled
        server), instead of hanging it."""
        if len(data) <= 4096:  # always fits in the pipe: no thread needed
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
            return
        failure = []

        def write():
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except OSError as e:
                failure.append(e)
        t = threading.Thread(target=write, daemon=True)
        t.start()
        t.join(TIMEOUT if timeout is None else timeout)
        if t.is_alive():
            raise ProtocolError("the server stopped reading its input: %d bytes could not be "
                                "written within %.1fs" % (len(data), TIMEOUT if timeout is None
                                                         else timeout))
        if failure:
            raise failure[0]

    def pause_reading(self):
        """Stops reading the server's stdout (after the chunk being read, if any)."""
        self._reading.clear()

    def resume_reading(self):
        self._reading.set()

    def send(self, msg):
        self.send_raw(frame(msg))

    def new_id(self):
        self._next_id += 1
        return self._next_id

    def request(self, method, params=None, id=None):
        """Sends a request and returns its id (without waiting)."""
        if id is None:
            id = self.new_id()
        msg = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return id

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    @staticmethod
    def request_bytes(id, method, params=None):
        msg = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            msg["params"] = params
        return frame(msg)

    @staticmethod
    def notification_bytes(method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        return frame(msg)

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    # ---- reading ----

    def _pull(self, deadline):
        """Moves one message from the reader thread to `unread`; False on timeout/EOF."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            msg = self._inbox.get(timeout=min(remaining, 0.5))
        except queue.Empty:
            if self._stdout_done.is_set() and self._inbox.empty():
                # The server closed stdout: nothing more can come.
                return None
            return True
        self.unread.append(msg)
        return True

    def wait_for(self, predicate, timeout=None, what="a message"):
        """Returns (and consumes) the first message satisfying predicate."""
        deadline = time.monotonic() + (TIMEOUT if timeout is None else timeout)
        i = 0
        while True:
            while i < len(self.unread):
                if predicate(self.unread[i]):
                    return self.unread.pop(i)
                i += 1
            r = self._pull(deadline)
            if r is None:
                raise ProtocolError("server closed stdout while waiting for %s (exit %r)\n"
                                    "unread: %r\nstderr:\n%s"
                                    % (what, self.proc.poll(), self.unread[:5], self.stderr[-3000:]))
            if r is False:
                raise ProtocolError("timed out after %.1fs waiting for %s\nunread: %r\nstderr:\n%s"
                                    % (TIMEOUT if timeout is None else timeout, what,
                                       self.unread[:5], self.stderr[-3000:]))

    def response(self, id, timeout=None):
        """The response (whole message) to request `id`."""
        return self.wait_for(lambda m: "method" not in m and m.get("id") == id
                             and ("result" in m or "error" in m), timeout, "the reply to id %r" % (id,))

    def call(self, method, params=None, timeout=None):
        """Sends a request and returns its result; raises if the server answered an error."""
        id = self.request(method, params)
        msg = self.response(id, timeout)
        if "error" in msg:
            raise ProtocolError("%s failed: %r" % (method, msg["error"]))
        return msg["result"]

    def call_error(self, method, params=None, timeout=None):
        """Sends a request that must fail and returns the error object."""
        id = self.request(method, params)
        msg = self.response(id, timeout)
        if "error" not in msg:
            raise ProtocolError("%s should have failed, got %r" % (method, msg))
        if "result" in msg:
            raise ProtocolError("a reply has both result and error: %r" % msg)
        return msg["error"]

    def notification(self, method, predicate=None, timeout=None):
        """The next notification `method` (satisfying predicate), consumed."""
        return self.wait_for(lambda m: m.get("method") == method and "id" not in m
                             and (predicate is None or predicate(m.get("params"))),
                             timeout, "notification %s" % method)

    def diagnostics(self, uri, version=None, timeout=None):
        """Waits for publishDiagnostics of `uri` (with `version` when given); returns params."""
        def ok(p):
            return p.get("uri") == uri and (version is None or p.get("version") == version)
        return self.notification("textDocument/publishDiagnostics", ok, timeout)["params"]

    def barrier(self, timeout=None):
        """Sends a request the server answers with an error after everything sent before it
        has been handled, and waits for that answer (consumed). Afterwards `unread` holds
        everything the server produced for what was sent before the barrier."""
        id = "barrier-%d" % self.new_id()
        self._barrier_ids.add(id)
        self.request(BARRIER_METHOD, {}, id=id)
        msg = self.response(id, timeout)
        if "error" not in msg:
            raise ProtocolError("the barrier request was answered with a result: %r" % (msg,))
        return msg

    def drain(self):
        """Collects everything produced for what was sent so far into `unread` (a barrier
        when the server still runs; its end of output when it has exited); returns `unread`."""
        if self.proc.poll() is None and not self._stdout_done.is_set():
            try:
                self.barrier()
                return self.unread
            except ProtocolError:
                if not self._stdout_done.is_set():
                    raise
                # The server was on its way out (after `exit`): its whole output is in.
        deadline = time.monotonic() + TIMEOUT
        while not self._stdout_done.is_set() or not self._inbox.empty():
            if self._pull(deadline) is False:
                raise ProtocolError("the server's stdout did not end")
        return self.unread

    def take_all(self, method=None):
        """Consumes and returns every message (of `method`) produced for what was sent so far."""
        self.drain()
        taken = [m for m in self.unread if method is None or m.get("method") == method]
        self.unread = [m for m in self.unread if m not in taken]
        return taken

    def assert_no_unread(self):
        """Fails when any message produced for what was sent so far was not consumed."""
        self.drain()
        # Log messages are informational; everything else must have been expected.
        left = [m for m in self.unread if m.get("method") != "window/logMessage"]
        if left:
            raise ProtocolError("%d unread messages from the server, first: %r" %
                                (len(left), [json.dumps(m, ensure_ascii=False)[:300]
                                             for m in left[:5]]))

    def assert_clean(self):
        if self.protocol_errors:
            raise ProtocolError("stdout carried non-protocol bytes: %r" % self.protocol_errors)
        m = _SANITIZER.search(self.stderr)
        if m:
            raise ProtocolError("sanitizer report on stderr:\n%s" % self.stderr[-6000:])

    # ---- lifecycle ----

    def initialize(self, capabilities=None, initialization_options=None, locale=None, **extra):
        params = {"processId": os.getpid(), "rootUri": None,
                  "capabilities": capabilities if capabilities is not None else {}}
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        if locale is not None:
            params["locale"] = locale
        params.update(extra)
        result = self.call("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, uri, text, version=1, wait=True):
        """didOpen; returns the published diagnostics list when wait is set."""
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": version, "text": text}})
        if wait:
            return self.diagnostics(uri, version)["diagnostics"]
        return None

    def change(self, uri, version, changes, wait=True):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": changes})
        if wait:
            return self.diagnostics(uri, version)["diagnostics"]
        return None

    def hover(self, uri, line, character):
        return self.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                "position": {"line": line, "character": character}})

    def wait_exit(self, timeout=None):
        try:
            return self.proc.wait(timeout=TIMEOUT if timeout is None else timeout)
        except subprocess.TimeoutExpired:
            raise ProtocolError("the server did not exit within %.1fs" %
                                (TIMEOUT if timeout is None else timeout))

    def shutdown_and_exit(self):
        self.assert_no_unread()
        result = self.call("shutdown")
        if result is not None:
            raise ProtocolError("shutdown result must be null, got %r" % (result,))
        self.notify("exit")
        self.close_stdin()
        return self.wait_exit()

    def close(self):
        self.resume_reading()
        self.close_stdin()
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._t_out.join(timeout=5)
        self._t_err.join(timeout=5)
        for f in (self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class ServerTestCase(unittest.TestCase):
    """Starts a fresh server per test (self.client), and at the end checks that the test
    consumed every message, that stdout carried protocol only and that no sanitizer spoke."""

    server_args = ("serve",)
    server_env = None
    auto_initialize = True
    capabilities = None
    initialization_options = None
    locale = None

    def setUp(self):
        self.client = self.start()
        if self.auto_initialize:
            self.init_result = self.client.initialize(
                capabilities=self.capabilities, initialization_options=self.initialization_options,
                locale=self.locale)

    def start(self, args=None, env=None):
        c = LspClient(args or self.server_args, env if env is not None else self.server_env)
        self.addCleanup(c.close)
        return c

    def tearDown(self):
        c = self.client
        failed = not getattr(self._outcome, "success", True)
        c.resume_reading()
        if not failed and c.proc.poll() is None:
            c.assert_no_unread()
        c.close()
        c.assert_clean()


def run_tests():
    """Entry point of each test file: `python3 test_x.py [--bin PATH] [unittest args]`."""
    argv = list(sys.argv)
    if "--bin" in argv:
        i = argv.index("--bin")
        os.environ["PYLORE_BIN"] = os.path.abspath(argv[i + 1])
        del argv[i:i + 2]
    unittest.main(argv=argv, verbosity=int(os.environ.get("PYLORE_TEST_VERBOSITY", "2")))


# ---- small helpers shared by the test files ----

def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def utf8_len(s):
    return len(s.encode("utf-8"))


def col(line_text, index, encoding):
    """The LSP column of character `index` of a line in `encoding` (utf-8/utf-16/utf-32)."""
    prefix = line_text[:index]
    if encoding == "utf-8":
        return utf8_len(prefix)
    if encoding == "utf-16":
        return utf16_len(prefix)
    return len(prefix)


def position_of(text, needle, encoding="utf-16", occurrence=0, offset=0):
    """The LSP position of the `occurrence`-th `needle` in text (plus `offset` characters)."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += offset
    # LSP lines end at \n, \r\n or \r.
    line = 0
    line_start = 0
    i = 0
    while i < at:
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            if i + 1 >= at:
                break
            i += 2
            line += 1
            line_start = i
            continue
        if ch in "\r\n":
            line += 1
            line_start = i + 1
        i += 1
    return {"line": line, "character": col(text[line_start:], at - line_start, encoding)}


def range_of(text, needle, encoding="utf-16", occurrence=0):
    start = position_of(text, needle, encoding, occurrence)
    end = position_of(text, needle, encoding, occurrence, offset=len(needle))
    return {"start": start, "end": end}


def read_front_matter(note_id, lang="en", root=KNOWLEDGE):
    """The front matter of knowledge/<id>/<lang>.md as a dict (tests compare against the
    notes instead of copying their text)."""
    path = os.path.join(root, note_id, lang + ".md")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0].strip() == "---", path
    out = {}
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if ":" in line:
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out
