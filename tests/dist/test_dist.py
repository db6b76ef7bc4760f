#!/usr/bin/env python3
"""The binary that `make dist` ships: no dynamic dependencies, and it works from an empty
environment (`env -i`) in a folder that holds nothing but itself: the command line, and one
LSP session (initialize, diagnostics, hover in English and Chinese, shutdown, exit).

    python3 tests/dist/test_dist.py --bin build-dist/x86_64/pylore
    python3 tests/dist/test_dist.py --bin build-dist/aarch64/pylore --emulator qemu-aarch64-static
    python3 tests/dist/test_dist.py --archive dist/pylore-0.1.0-linux-x86_64.tar.gz \
        --same-as build-dist/x86_64/pylore

Standard library only. The ELF file is read here, so no readelf/ldd is needed (ldd cannot
look at a foreign architecture anyway).
"""

import argparse
import hashlib
import json
import os
import queue
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import unittest

OPTS = None
TIMEOUT = 60.0

PT_DYNAMIC, PT_INTERP = 2, 3
DT_NULL, DT_NEEDED = 0, 1
EM_NAMES = {62: "x86_64", 183: "aarch64"}


def elf_facts(path):
    """{'machine', 'interp' (bytes or None), 'needed' (list of sonames), 'dynamic' (bool)}
    of a 64-bit little-endian ELF executable."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise AssertionError("%s is not an ELF file" % path)
    if data[4] != 2 or data[5] != 1:
        raise AssertionError("%s is not a 64-bit little-endian ELF file" % path)
    (e_type, e_machine, _v, _entry, e_phoff, e_shoff, _flags, _ehsize, e_phentsize, e_phnum,
     e_shentsize, e_shnum, _shstrndx) = struct.unpack_from("<HHIQQQIHHHHHH", data, 16)
    facts = {"machine": EM_NAMES.get(e_machine, str(e_machine)), "interp": None,
             "needed": [], "dynamic": False, "type": e_type}
    dyn = None
    for i in range(e_phnum):
        p_type, _fl, p_offset, _va, _pa, p_filesz, _memsz, _al = struct.unpack_from(
            "<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == PT_INTERP:
            facts["interp"] = data[p_offset:p_offset + p_filesz].rstrip(b"\0")
        elif p_type == PT_DYNAMIC:
            facts["dynamic"] = True
            dyn = (p_offset, p_filesz)
    if dyn:
        # DT_NEEDED values are offsets into the dynamic string table; finding it needs the
        # section headers (.dynstr), which a linked executable keeps.
        dynstr = None
        for i in range(e_shnum):
            (_name, sh_type, _fl, _addr, sh_offset, sh_size, _link, _info, _al,
             _es) = struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
            if sh_type == 11:  # SHT_DYNSYM: its sh_link is .dynstr
                link = struct.unpack_from("<I", data, e_shoff + i * e_shentsize + 40)[0]
                _n, _t, _f, _a, off, size, _l, _i, _x, _y = struct.unpack_from(
                    "<IIQQQQIIQQ", data, e_shoff + link * e_shentsize)
                dynstr = data[off:off + size]
        off, size = dyn
        for j in range(0, size, 16):
            tag, val = struct.unpack_from("<qQ", data, off + j)
            if tag == DT_NULL:
                break
            if tag == DT_NEEDED:
                name = dynstr[val:dynstr.index(b"\0", val)] if dynstr else b"?"
                facts["needed"].append(name.decode("ascii", "replace"))
    return facts


def frame(msg):
    body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """One `pylore` process started with an empty environment in `cwd`; replies are read by
    a thread so that every wait has a timeout."""

    def __init__(self, command, cwd):
        self.proc = subprocess.Popen(command, cwd=cwd, env={}, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
        self.inbox = queue.Queue()
        self.next_id = 0
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.inbox.put(None)
                    return
                header += c
            length = int(header.split(b":", 1)[1].strip())
            body = b""
            while len(body) < length:
                chunk = out.read(length - len(body))
                if not chunk:
                    self.inbox.put(None)
                    return
                body += chunk
            self.inbox.put(json.loads(body.decode("utf-8")))

    def _read_err(self):
        self.stderr = self.proc.stderr.read()

    def send(self, msg):
        self.proc.stdin.write(frame(msg))
        self.proc.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m,
                         "the reply to " + method)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, what):
        while True:
            try:
                msg = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError("timed out waiting for %s" % what)
            if msg is None:
                raise AssertionError("the server closed its output before %s; stderr:\n%s"
                                     % (what, self.stderr.decode("utf-8", "replace")))
            if pred(msg):
                return msg

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


SOURCE = "square = lambda x: x * x\n\n\ndef add(item, into=[]):\n    into.append(item)\n    return into\n"


def command(binary):
    return ([OPTS.emulator] if OPTS.emulator else []) + [binary]


class StaticBinary(unittest.TestCase):

    def test_no_dynamic_dependencies(self):
        facts = elf_facts(OPTS.bin)
        self.assertIsNone(facts["interp"], "the binary asks for a dynamic loader")
        self.assertEqual(facts["needed"], [], "the binary needs shared libraries")
        self.assertFalse(facts["dynamic"], "the binary has a dynamic section")
        if OPTS.machine:
            self.assertEqual(facts["machine"], OPTS.machine)


class EmptyEnvironment(unittest.TestCase):
    """The binary alone in a fresh folder, run with no environment variable at all."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pylore-dist-")
        self.other = tempfile.mkdtemp(prefix="pylore-dist-src-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.addCleanup(shutil.rmtree, self.other)
        self.bin = os.path.join(self.dir, "pylore")
        shutil.copy2(OPTS.bin, self.bin)
        self.py = os.path.join(self.other, "example.py")
        with open(self.py, "w", encoding="utf-8") as f:
            f.write(SOURCE)

    def run_cli(self, *args):
        p = subprocess.run(command("./pylore") + list(args), cwd=self.dir, env={},
                           capture_output=True, timeout=TIMEOUT)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")

    def test_cli(self):
        rc, out, err = self.run_cli("--version")
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"^pylore [0-9]+\.[0-9]+\.[0-9]+")
        rc, out, err = self.run_cli("check", self.py)
        self.assertEqual(rc, 1, err)  # a warning-level finding
        self.assertIn("example.py:1:10: information:", out)
        self.assertIn("[lambda-assignment]", out)
        self.assertIn("example.py:4:20: warning:", out)
        self.assertIn("[mutable-default-argument]", out)
        rc, out, err = self.run_cli("--lang", "zh", "check", "--format", "json", self.py)
        self.assertEqual(rc, 1, err)
        found = json.loads(out)
        text = json.dumps(found, ensure_ascii=False)
        self.assertIn("lambda-assignment", text)
        self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in text), "no Chinese text: " + text)
        rc, out, err = self.run_cli("notes")
        self.assertEqual(rc, 0, err)
        self.assertIn("lambda-assignment", out)
        self.assertEqual(sorted(os.listdir(self.dir)), ["pylore"], "the binary wrote files")

    def test_lsp_session(self):
        server = Server(command("./pylore"), self.dir)
        self.addCleanup(server.close)
        uri = "file://" + self.py
        init = server.request("initialize", {
            "processId": None, "rootUri": None, "initializationOptions": {"language": "zh"},
            "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown"]}}}})
        self.assertIn("capabilities", init.get("result", {}), init)
        self.assertTrue(init["result"]["capabilities"].get("hoverProvider"), init)
        server.notify("initialized", {})
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": SOURCE}})
        diags = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri, "the diagnostics")
        codes = sorted(d.get("code") for d in diags["params"]["diagnostics"])
        self.assertEqual(codes, ["lambda-assignment", "mutable-default-argument"], diags)
        hover = server.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}})
        value = hover["result"]["contents"]["value"]
        self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in value), value)
        self.assertIn("lambda", value)
        self.assertEqual(server.request("shutdown", None).get("result", "missing"), None)
        server.notify("exit", None)
        self.assertEqual(server.proc.wait(timeout=TIMEOUT), 0)
        self.assertEqual(sorted(os.listdir(self.dir)), ["pylore"], "the server wrote files")


class Archive(unittest.TestCase):
    """dist/pylore-<version>-linux-<arch>.tar.gz and its line in SHA256SUMS."""

    def test_archive(self):
        name = os.path.basename(OPTS.archive)
        self.assertRegex(name, r"^pylore-[0-9]+\.[0-9]+\.[0-9]+-linux-(x86_64|aarch64)\.tar\.gz$")
        top = name[:-len(".tar.gz")]
        with tarfile.open(OPTS.archive) as tar:
            members = {m.name: m for m in tar.getmembers()}
            self.assertEqual(sorted(members), sorted(
                [top] + ["%s/%s" % (top, f) for f in
                         ("pylore", "README.md", "LICENSE", "THIRD-PARTY-LICENSES")]))
            self.assertTrue(members[top + "/pylore"].mode & 0o111, "pylore is not executable")
            binary = tar.extractfile(top + "/pylore").read()
        with open(OPTS.archive, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        sums = os.path.join(os.path.dirname(OPTS.archive), "SHA256SUMS")
        with open(sums, encoding="ascii") as f:
            self.assertIn("%s  %s\n" % (digest, name), f.read())
        if OPTS.same_as:
            with open(OPTS.same_as, "rb") as f:
                self.assertEqual(hashlib.sha256(binary).hexdigest(),
                                 hashlib.sha256(f.read()).hexdigest(),
                                 "the archive's pylore is not " + OPTS.same_as)


def main():
    global OPTS, TIMEOUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", help="the static pylore binary")
    ap.add_argument("--emulator", help="run the binary through this (qemu-aarch64-static)")
    ap.add_argument("--machine", help="expected ELF machine: x86_64 or aarch64")
    ap.add_argument("--archive", help="a dist/*.tar.gz to check")
    ap.add_argument("--same-as", help="the binary the archive's pylore must be")
    OPTS, rest = ap.parse_known_args()
    TIMEOUT *= float(os.environ.get("PYLORE_TEST_TIMEOUT_SCALE", "1") or 1)
    suite = unittest.TestSuite()
    loader = unittest.defaultTestLoader
    if OPTS.bin:
        suite.addTests(loader.loadTestsFromTestCase(StaticBinary))
        suite.addTests(loader.loadTestsFromTestCase(EmptyEnvironment))
    if OPTS.archive:
        suite.addTests(loader.loadTestsFromTestCase(Archive))
    if not suite.countTestCases():
        ap.error("give --bin and/or --archive")
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
