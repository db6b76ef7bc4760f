-- End to end with a real Neovim (0.7+), headless, through the editors/nvim plugin:
--
--   PYLORE_BIN=build/pylore PYLORE_TEST_LANG=en \
--     nvim --headless --clean -u NONE -c "luafile tests/e2e/nvim_test.lua"
--
-- Opens a Python file with a mutable default argument and a lambda (with CJK and an emoji on
-- their lines, so byte, code point and utf-16 columns all differ), waits for the attach and the
-- diagnostics, checks the diagnostic (code, message, range) through vim.diagnostic.get and the
-- hover text through textDocument/hover, runs :PyloreShowNote, edits the line (the diagnostic
-- moves), then fixes the pitfall and checks that the diagnostic goes away. Inlay hints: the
-- `evaluated once` hint through textDocument/inlayHint, at the byte column after `[]`; the
-- plugin turning them on: on 0.10+ vim.lsp.inlay_hint.is_enabled, on older versions nothing
-- (and no error), and the call it makes checked against stand-ins with 0.10's signature and
-- the 0.10 pre-releases' one. Exits 0 on success, 1 with a message on stderr on failure.

local LANG = os.getenv("PYLORE_TEST_LANG") or "en"
local BIN = os.getenv("PYLORE_BIN")
local TIMEOUT = tonumber(os.getenv("PYLORE_TEST_TIMEOUT_MS") or "") or 15000

local EXPECT = ({
  en = {
    message = "This default value is created once, when the function is defined, so every call "
      .. "that uses it shares the same object and sees the changes earlier calls made to it: use "
      .. "`None` as the default and create the object inside the function.",
    hover_title = "**Lambda expression**",
    hover_text = "builds a small function without a name",
    note_title = "# Lambda expression",
    hint = "evaluated once",
  },
  zh = {
    message = "这个默认值只在定义函数时创建一次，所有用到它的调用共享同一个对象，前面的调用对它做的修改，后面的调用都看得到：请用 `None` 作默认值，在函数体里再创建对象。",
    hover_title = "**lambda 表达式**",
    hover_text = "会创建一个没有名字的小函数",
    note_title = "# lambda 表达式",
    hint = "只求值一次",
  },
})[LANG]

local CODE = "mutable-default-argument"

local function log(msg)
  io.stdout:write(("nvim_test[%s]: %s\n"):format(LANG, msg))
end

local function check(cond, msg, ...)
  if not cond then
    error(msg:format(...), 2)
  end
end

local function wait_for(what, cond)
  local ok = vim.wait(TIMEOUT, cond, 20)
  check(ok, "timed out after %d ms waiting for %s", TIMEOUT, what)
end

local function repo_root()
  local source = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(source, ":p:h:h:h")
end

-- Byte column (0-based) of the first `needle` on line `lnum` (0-based) of buf.
local function byte_col(buf, lnum, needle)
  local line = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, true)[1]
  local at = line:find(needle, 1, true)
  check(at, "no %q on line %d: %s", needle, lnum + 1, line)
  return at - 1
end

local function pitfalls(buf)
  return vim.tbl_filter(function(d)
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    return code == CODE
  end, vim.diagnostic.get(buf))
end

local published = 0

local function label_of(hint)
  if type(hint.label) == "string" then
    return hint.label
  end
  local parts = {}
  for _, part in ipairs(hint.label) do
    table.insert(parts, part.value)
  end
  return table.concat(parts)
end

-- Opens another Python file of the same folder and waits for the client to attach to it.
local function open_and_attach(pylore, dir, name)
  local file = dir .. "/" .. name
  vim.fn.writefile({ "def f(x=[]):", "    return x" }, file)
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  wait_for("the client to attach to " .. name, function()
    return pylore.get_client(buf) ~= nil
  end)
  return buf
end

-- The inlay hints: through the protocol, and the plugin's vim.lsp.inlay_hint.enable call.
local function check_inlay_hints(pylore, client, buf, dir, errors)
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf),
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 6, character = 0 } } }
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/inlayHint", params, TIMEOUT)
  local reply = replies and replies[client.id]
  check(reply and reply.result, "no reply to textDocument/inlayHint: %s", vim.inspect(replies))
  local found
  for _, h in ipairs(reply.result) do
    if label_of(h) == EXPECT.hint then
      found = h
    end
  end
  check(found, "no %q hint in %s", EXPECT.hint, vim.inspect(reply.result))
  -- The position after `[]`, past CJK and an emoji: as a byte column through the client's
  -- encoding.
  local line = vim.api.nvim_buf_get_lines(buf, 0, 1, true)[1]
  local enc = client.offset_encoding or "utf-16"
  local byte = enc == "utf-8" and found.position.character
    or vim.str_byteindex(line, found.position.character, enc == "utf-16")
  local want = byte_col(buf, 0, "[]") + 2
  check(found.position.line == 0 and byte == want, "hint at %d:%d (%s), expected byte column %d",
    found.position.line, found.position.character, enc, want)
  log("inlay hint ok: " .. EXPECT.hint)

  if vim.lsp.inlay_hint then
    -- Neovim 0.10+: the plugin turned them on for the buffer (not run here: see the README).
    check(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), "inlay hints are not enabled on %d", buf)
    log("vim.lsp.inlay_hint enabled")
    return
  end
  check(#errors == 0, "the plugin reported errors: %s", vim.inspect(errors))
  -- Older versions: stand-ins that check their arguments as the real ones do.
  local calls = {}
  vim.lsp.inlay_hint = { enable = function(enable, filter) -- 0.10.0 and later
    vim.validate({ enable = { enable, "boolean", true }, filter = { filter, "table", true } })
    table.insert(calls, { enable = enable, bufnr = filter and filter.bufnr })
  end }
  local b2 = open_and_attach(pylore, dir, "second.py")
  check(#calls == 1 and calls[1].enable == true and calls[1].bufnr == b2,
    "0.10 signature: enable(true, { bufnr = %d }) expected, got %s", b2, vim.inspect(calls))
  calls = {}
  vim.lsp.inlay_hint = { enable = function(bufnr, enable) -- the 0.10 pre-releases
    vim.validate({ bufnr = { bufnr, "number", true }, enable = { enable, "boolean", true } })
    table.insert(calls, { enable = enable, bufnr = bufnr })
  end }
  local b3 = open_and_attach(pylore, dir, "third.py")
  check(#calls == 1 and calls[1].enable == true and calls[1].bufnr == b3,
    "pre-release signature: enable(%d, true) expected, got %s", b3, vim.inspect(calls))
  vim.lsp.inlay_hint = nil
  vim.cmd("buffer " .. buf)
  log("vim.lsp.inlay_hint.enable calls ok (stand-ins; this Neovim has no inlay hints)")
end

local function main()
  check(EXPECT, "PYLORE_TEST_LANG must be en or zh, not %s", LANG)
  check(BIN and BIN ~= "", "set PYLORE_BIN to the pylore binary")
  check(vim.fn.executable(BIN) == 1, "PYLORE_BIN=%s is not executable", BIN)
  log(("Neovim %s"):format(tostring(vim.version and vim.version() and
    ("%d.%d.%d"):format(vim.version().major, vim.version().minor, vim.version().patch))))

  vim.opt.runtimepath:prepend(repo_root() .. "/editors/nvim")
  vim.cmd("filetype on")

  -- Count every publishDiagnostics that reaches the client (and let it through).
  local default_handler = vim.lsp.handlers["textDocument/publishDiagnostics"]
  vim.lsp.handlers["textDocument/publishDiagnostics"] = function(...)
    published = published + 1
    return default_handler(...)
  end

  -- Errors the plugin reports through vim.notify (there must be none).
  local errors = {}
  local notify = vim.notify
  vim.notify = function(msg, level, ...)
    if level == vim.log.levels.ERROR then
      table.insert(errors, msg)
    end
    return notify(msg, level, ...)
  end

  local pylore = require("pylore")
  pylore.setup({ cmd = { BIN, "--log-level", "warn" }, language = LANG })

  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, "p")
  local file = dir .. "/example.py"
  vim.fn.writefile({
    'def add_item(名字, 表情="🙂", basket=[]):',
    "    basket.append(名字)",
    "    return basket",
    "",
    "",
    'names = sorted(["你好", "🙂"], key=lambda s: s.lower())',
  }, file)
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "python", "filetype is %q, not python", vim.bo[buf].filetype)

  wait_for("the pylore client to attach", function()
    return pylore.get_client(buf) ~= nil
  end)
  local client = pylore.get_client(buf)
  log(("attached: client %d, offset encoding %s"):format(client.id, tostring(client.offset_encoding)))

  -- The diagnostic.
  wait_for("the mutable-default-argument diagnostic", function()
    return #pitfalls(buf) > 0
  end)
  local found = pitfalls(buf)
  check(#found == 1, "expected one %s diagnostic, got %s", CODE, vim.inspect(vim.diagnostic.get(buf)))
  local d = found[1]
  check(d.message == EXPECT.message, "diagnostic message:\n  got:      %s\n  expected: %s", d.message, EXPECT.message)
  local col = byte_col(buf, 0, "[]")
  check(d.lnum == 0 and d.col == col and d.end_lnum == 0 and d.end_col == col + 2,
    "diagnostic range: got %d:%d-%d:%d, expected 0:%d-0:%d (byte columns)",
    d.lnum, d.col, d.end_lnum, d.end_col, col, col + 2)
  check(d.severity == vim.diagnostic.severity.WARN, "severity %s, expected WARN", tostring(d.severity))
  check(d.source == "pylore", "source %s, expected pylore", tostring(d.source))
  log("diagnostic ok: " .. d.message)

  check_inlay_hints(pylore, client, buf, dir, errors)

  -- The hover over lambda, through the client's position conversion (CJK and emoji before it).
  local lambda_col = byte_col(buf, 5, "lambda")
  vim.api.nvim_win_set_cursor(0, { 6, lambda_col + 2 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local replies = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, TIMEOUT)
  check(replies, "no reply to textDocument/hover")
  local reply = replies[client.id]
  check(reply and not reply.err and not reply.error, "hover failed: %s", vim.inspect(reply))
  local hover = reply.result
  check(type(hover) == "table" and hover.contents, "no hover at the lambda: %s", vim.inspect(reply))
  local value = type(hover.contents) == "table" and hover.contents.value or hover.contents
  check(type(value) == "string" and value:find(EXPECT.hover_title, 1, true),
    "hover does not contain %s:\n%s", EXPECT.hover_title, tostring(value))
  check(value:find(EXPECT.hover_text, 1, true), "hover does not contain %q:\n%s", EXPECT.hover_text, value)
  log("hover ok: " .. EXPECT.hover_title)

  -- :PyloreShowNote opens the whole note in a markdown buffer.
  local python_win = vim.api.nvim_get_current_win()
  vim.cmd("PyloreShowNote")
  local note_buf
  wait_for("the note buffer of :PyloreShowNote", function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b) == "pylore://note/lambda" then
        note_buf = b
        return true
      end
    end
    return false
  end)
  local note = vim.api.nvim_buf_get_lines(note_buf, 0, -1, true)
  check(note[1] == EXPECT.note_title, "note starts with %q, expected %q", tostring(note[1]), EXPECT.note_title)
  check(#note > 10, "the note has %d lines: not the whole note", #note)
  check(vim.bo[note_buf].filetype == "markdown", "note filetype %s", vim.bo[note_buf].filetype)
  vim.cmd("close")
  vim.api.nvim_set_current_win(python_win)
  log(("show note ok: %d lines"):format(#note))

  -- An edit before the pitfall on its line: the diagnostic follows it.
  vim.api.nvim_buf_set_lines(buf, 0, 1, true, { 'def add_item(名字, 表情="🙂🙂🙂", basket=[]):' })
  local moved = byte_col(buf, 0, "[]")
  wait_for("the diagnostic to move to byte column " .. moved, function()
    local p = pitfalls(buf)
    return #p == 1 and p[1].col == moved and p[1].end_col == moved + 2
  end)
  log("edit ok: the diagnostic moved to column " .. moved)

  -- The fix: the diagnostic disappears once the server has published the new state.
  local before = published
  vim.api.nvim_buf_set_lines(buf, 0, 1, true, { 'def add_item(名字, 表情="🙂🙂🙂", basket=None):' })
  wait_for("diagnostics published after the fix", function()
    return published > before
  end)
  wait_for("the diagnostic to disappear", function()
    return #pitfalls(buf) == 0
  end)
  check(#vim.diagnostic.get(buf) == 0, "diagnostics left after the fix: %s", vim.inspect(vim.diagnostic.get(buf)))
  log("fix ok: no diagnostic left")
end

local ok, err = xpcall(main, debug.traceback)
if ok then
  log("PASS")
  vim.cmd("qall!")
else
  io.stderr:write(("nvim_test[%s]: FAIL: %s\n"):format(LANG, tostring(err)))
  vim.cmd("cquit 1")
end
