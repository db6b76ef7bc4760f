"""One driver for every language server of the benchmark (pylore, pyright-langserver, pylsp):
the server is started as users start it, over pipes, and timed from the client's side (so
every figure includes framing, JSON and the pipe round trip, as an editor sees it).

  startup    spawn → initialize answered
  open       didOpen of FILE → its first publishDiagnostics
  edit       a one-character edit → the next publishDiagnostics of the file; EDITS edits
             spread over the file (typing a letter inside a name, then deleting it)
  hover      HOVERS hovers spread over the file, each waited for
  inlay      inlay hints for 100-line ranges (median of 20)
  rss        peak RSS (VmHWM) of the server process with FILE open, after the edits
  rss100     peak RSS after opening 100 more files (MANY_DIR's .py files of every size:
             each hundredth of them sorted by size) and waiting for their diagnostics

Usage: lsp_bench.py --name NAME --file FILE [--edits N] [--hovers N] [--many DIR]
                    [--timeout S] -- COMMAND...
Prints one JSON object (milliseconds and MB)."""
import argparse
import json
import keyword
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time


class Server:
    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=cwd)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            msg = json.loads(body)
            self.inbox.put((time.perf_counter(), msg))

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def wait(self, pred, timeout):
        """The first message pred accepts (answering the server's own requests meanwhile),
        with its arrival time; None on timeout."""
        end = time.perf_counter() + timeout
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return None
            try:
                item = self.inbox.get(timeout=left)
            except queue.Empty:
                return None
            if item is None:
                raise RuntimeError("the server exited")
            at, msg = item
            if "method" in msg and "id" in msg:
                self._answer(msg)
                continue
            if pred(msg):
                return at, msg

    def _answer(self, msg):
        method = msg["method"]
        result = None
        if method == "workspace/configuration":
            result = [None for _ in msg.get("params", {}).get("items", [])]
        self.send({"id": msg["id"], "result": result})

    def cpu(self):
        """CPU time the server's threads have run so far, in seconds (schedstat: ns)."""
        total = 0
        base = "/proc/%d/task" % self.proc.pid
        try:
            for tid in os.listdir(base):
                try:
                    with open("%s/%s/schedstat" % (base, tid)) as f:
                        total += int(f.read().split()[0])
                except OSError:
                    pass
        except OSError:
            return None
        return total / 1e9

    def rss_peak_mb(self):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return None

    def close(self):
        try:
            rid = self.request("shutdown", None)
            self.wait(lambda m: m.get("id") == rid, 10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def uri_of(path):
    return "file://" + os.path.abspath(path)


KEYWORDS = set(keyword.kwlist) | {"match", "case", "type", "print", "exec"}


def spot_in(text):
    """Where to type in a line: just after the first letter of a name (not a keyword) that
    ends past the middle of the line, or of the last one before it; None when none."""
    words = [m for m in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", text)
             if m.group() not in KEYWORDS and text[:m.start()].count("#") == 0]
    if not words:
        return None
    mid = len(text) // 2
    after = [m for m in words if m.end() > mid]
    m = after[0] if after else words[-1]
    return m.start() + 1


def spots(lines, count):
    """`count` positions spread over the file, each inside a name (same rule as bench.c)."""
    found = []
    n = len(lines)
    for i in range(count):
        line = (i * n) // count
        while line < n:
            col = spot_in(lines[line])
            if col is not None:
                found.append((line, col))
                break
            line += 1
    return found


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p))] * 1e3 if v else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--hovers", type=int, default=500)
    ap.add_argument("--many", default=None)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd

    work = tempfile.mkdtemp(prefix="pylore-bench-")
    try:
        path = os.path.join(work, os.path.basename(a.file))
        shutil.copyfile(a.file, path)
        text = open(path, encoding="utf-8").read()
        lines = text.split("\n")
        res = {"server": a.name, "file": os.path.basename(a.file)}

        t0 = time.perf_counter()
        s = Server(cmd, work)
        res["load"] = os.getloadavg()[0]
        rid = s.request("initialize", {
            "processId": os.getpid(), "rootUri": uri_of(work),
            "workspaceFolders": [{"uri": uri_of(work), "name": "bench"}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {"versionSupport": True},
                    "inlayHint": {"dynamicRegistration": False},
                    "synchronization": {"didSave": True}}}})
        got = s.wait(lambda m: m.get("id") == rid, a.timeout)
        res["startup_ms"] = (got[0] - t0) * 1e3
        res["startup_cpu_ms"] = s.cpu() * 1e3
        caps = got[1].get("result", {}).get("capabilities", {})
        s.notify("initialized", {})
        uri = uri_of(path)
        is_diag = lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri)

        c0 = s.cpu()
        t = time.perf_counter()
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}})
        got = s.wait(is_diag, a.timeout)
        res["open_ms"] = (got[0] - t) * 1e3 if got else None
        res["open_cpu_ms"] = (s.cpu() - c0) * 1e3 if got else None

        version = 1
        lat, cpu = [], []
        for line, col in spots(lines, max(1, a.edits // 2)):
            for change in ({"range": {"start": {"line": line, "character": col},
                                      "end": {"line": line, "character": col}}, "text": "x"},
                           {"range": {"start": {"line": line, "character": col},
                                      "end": {"line": line, "character": col + 1}}, "text": ""}):
                version += 1
                c0 = s.cpu()
                t = time.perf_counter()
                s.notify("textDocument/didChange", {
                    "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
                got = s.wait(is_diag, a.timeout)
                if got:
                    lat.append(got[0] - t)
                    cpu.append(s.cpu() - c0)
        res["edits"] = len(lat)
        res["edit_p50_ms"], res["edit_p99_ms"] = pct(lat, 0.5), pct(lat, 0.99)
        res["edit_cpu_p50_ms"], res["edit_cpu_p99_ms"] = pct(cpu, 0.5), pct(cpu, 0.99)

        lat, cpu = [], []
        for line, col in spots(lines, a.hovers):
            c0 = s.cpu()
            t = time.perf_counter()
            rid = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line, "character": col}})
            got = s.wait(lambda m: m.get("id") == rid, a.timeout)
            if got:
                lat.append(got[0] - t)
                cpu.append(s.cpu() - c0)
        res["hovers"] = len(lat)
        res["hover_p50_ms"], res["hover_p99_ms"] = pct(lat, 0.5), pct(lat, 0.99)
        res["hover_cpu_p50_ms"], res["hover_cpu_p99_ms"] = pct(cpu, 0.5), pct(cpu, 0.99)

        if caps.get("inlayHintProvider"):
            lat, cpu = [], []
            for i in range(20):
                start = (i * max(1, len(lines) - 100)) // 20
                c0 = s.cpu()
                t = time.perf_counter()
                rid = s.request("textDocument/inlayHint", {
                    "textDocument": {"uri": uri},
                    "range": {"start": {"line": start, "character": 0},
                              "end": {"line": start + 100, "character": 0}}})
                got = s.wait(lambda m: m.get("id") == rid, a.timeout)
                if got and "result" in got[1]:
                    lat.append(got[0] - t)
                    cpu.append(s.cpu() - c0)
            res["inlay_ms"] = statistics.median(lat) * 1e3 if lat else None
            res["inlay_cpu_ms"] = statistics.median(cpu) * 1e3 if cpu else None
        else:
            res["inlay_ms"] = res["inlay_cpu_ms"] = None
        res["rss_mb"] = s.rss_peak_mb()

        if a.many:
            files = []
            for root, _, names in os.walk(a.many):
                if "site-packages" in root or "__pycache__" in root:
                    continue
                files += [os.path.join(root, n) for n in names if n.endswith(".py")]
            # 100 files of every size: every (n/100)th of the corpus sorted by size.
            files.sort(key=lambda p: (os.path.getsize(p), p))
            picked = [files[(i * len(files)) // 100] for i in range(min(100, len(files)))]
            uris = set()
            for i, src in enumerate(picked):
                dst = os.path.join(work, "f%03d_%s" % (i, os.path.basename(src)))
                shutil.copyfile(src, dst)
                body = open(dst, encoding="utf-8", errors="replace").read()
                uris.add(uri_of(dst))
                s.notify("textDocument/didOpen", {"textDocument": {
                    "uri": uri_of(dst), "languageId": "python", "version": 1, "text": body}})
            end = time.perf_counter() + a.timeout
            while uris and time.perf_counter() < end:
                got = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics",
                             end - time.perf_counter())
                if not got:
                    break
                uris.discard(got[1]["params"]["uri"])
            res["rss100_mb"] = s.rss_peak_mb()
            res["rss100_missing"] = len(uris)
        s.close()
        print(json.dumps(res))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
