-- pylore for Neovim: attaches the pylore language server to Python buffers.
--
--   require("pylore").setup({
--     cmd = { "pylore" },          -- the server; default: `pylore` on PATH
--     language = "auto",           -- "auto" (the server follows $LANG), "en" or "zh"
--     inlay_hints = true,          -- pylore's inline hints (shown on Neovim 0.10+): true,
--                                  -- false, or { constructs = true, parameters = true,
--                                  -- call_arguments = true } to switch kinds off one by one
--     notes_paths = {},            -- extra folders of notes
--     disabled_notes = {},         -- ids of notes to switch off
--   })
--
-- Neovim 0.11+: vim.lsp.config + vim.lsp.enable; 0.8-0.10: vim.lsp.start from a FileType
-- autocommand; 0.7: vim.lsp.start_client + vim.lsp.buf_attach_client.

local M = {}

local NAME = "pylore"

local defaults = {
  cmd = nil, -- { "pylore" }, plus "--log-level" when log_level is set
  language = "auto",
  inlay_hints = true,
  explanations = true,
  notes_paths = {},
  disabled_notes = {},
  log_level = nil, -- "off" | "error" | "warn" | "info" | "debug" (the server's stderr)
  filetypes = { "python" },
  root_markers = { "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".git" },
  note_split = "vsplit", -- where :PyloreShowNote opens the note: "vsplit", "split" or "tab"
  on_attach = nil, -- function(client, bufnr), called after pylore's own
  capabilities = nil, -- merged into the client's capabilities
}

M.config = vim.deepcopy(defaults)

local function has(feature)
  return vim.fn.has(feature) == 1
end

-- Client methods: called with `:` from 0.11 on (where `.` is deprecated), with `.` before.
local function method(client, name, ...)
  if has("nvim-0.11") then
    return client[name](client, ...)
  end
  return client[name](...)
end

local uv = vim.uv or vim.loop

local function notify(msg, level)
  vim.notify("pylore: " .. msg, level or vim.log.levels.INFO)
end

local function list_of_strings(value, what)
  if value == nil then
    return {}
  end
  if type(value) == "string" then
    value = { value }
  end
  if type(value) ~= "table" then
    error(("pylore: %s must be a list of strings"):format(what), 3)
  end
  local out = {}
  for _, v in ipairs(value) do
    if type(v) ~= "string" then
      error(("pylore: %s must be a list of strings"):format(what), 3)
    end
    table.insert(out, v)
  end
  return out
end

local function validate(cfg)
  if cfg.language ~= "auto" and cfg.language ~= "en" and cfg.language ~= "zh" then
    error(("pylore: language must be \"auto\", \"en\" or \"zh\", not %s"):format(vim.inspect(cfg.language)), 3)
  end
  if type(cfg.cmd) == "string" then
    cfg.cmd = { cfg.cmd }
  end
  if cfg.cmd ~= nil and (type(cfg.cmd) ~= "table" or type(cfg.cmd[1]) ~= "string") then
    error("pylore: cmd must be a list like { \"pylore\" }", 3)
  end
  cfg.notes_paths = list_of_strings(cfg.notes_paths, "notes_paths")
  cfg.disabled_notes = list_of_strings(cfg.disabled_notes, "disabled_notes")
  cfg.filetypes = list_of_strings(cfg.filetypes, "filetypes")
  cfg.root_markers = list_of_strings(cfg.root_markers, "root_markers")
  return cfg
end

--- The command line that starts the server.
function M.cmd(cfg)
  cfg = cfg or M.config
  local cmd = vim.deepcopy(cfg.cmd or { NAME })
  if cfg.log_level then
    vim.list_extend(cmd, { "--log-level", cfg.log_level })
  end
  return cmd
end

--- The server's inlayHints option from the inlay_hints setting: a boolean, or a table of
--- kinds (constructs, parameters, call_arguments or callArguments); a kind left out is on.
function M.inlay_hints_option(value)
  if type(value) ~= "table" then
    return value ~= false
  end
  local call = value.call_arguments
  if call == nil then
    call = value.callArguments
  end
  return {
    constructs = value.constructs ~= false,
    parameters = value.parameters ~= false,
    callArguments = call ~= false,
  }
end

--- initializationOptions as the server reads them (see the top-level README). Empty lists
--- are left out: Neovim would encode an empty table as a JSON object.
function M.init_options(cfg)
  cfg = cfg or M.config
  local opts = {
    language = cfg.language,
    inlayHints = M.inlay_hints_option(cfg.inlay_hints),
    explanations = cfg.explanations ~= false,
  }
  if #cfg.notes_paths > 0 then
    opts.notesPaths = vim.tbl_map(function(p)
      return vim.fn.fnamemodify(vim.fn.expand(p), ":p")
    end, cfg.notes_paths)
  end
  if #cfg.disabled_notes > 0 then
    opts.disabledNotes = cfg.disabled_notes
  end
  return opts
end

-- The nearest directory above the buffer's file with one of the root markers, else the
-- file's own directory (pylore works file by file; the root only names the workspace).
function M.root_dir(bufnr, cfg)
  cfg = cfg or M.config
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  local cur = dir
  while true do
    for _, marker in ipairs(cfg.root_markers) do
      if uv.fs_stat(cur .. "/" .. marker) then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ":h")
    if parent == cur then
      return dir
    end
    cur = parent
  end
end

local function enable_inlay_hints(client, bufnr)
  local wanted = M.inlay_hints_option(M.config.inlay_hints)
  if type(wanted) == "table" then
    wanted = wanted.constructs or wanted.parameters or wanted.callArguments
  end
  if not wanted or not vim.lsp.inlay_hint then
    return -- switched off, or Neovim before 0.10 (which shows no inlay hints)
  end
  local caps = client.server_capabilities or {}
  if not caps.inlayHintProvider then
    return
  end
  -- 0.10+: enable(enable, { bufnr = n }); the 0.10 pre-releases had enable(bufnr, enable).
  if not pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr }) then
    pcall(vim.lsp.inlay_hint.enable, bufnr, true)
  end
end

local function on_attach(client, bufnr)
  enable_inlay_hints(client, bufnr)
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function client_config(bufnr)
  local cfg = M.config
  local c = {
    name = NAME,
    cmd = M.cmd(cfg),
    init_options = M.init_options(cfg),
    on_attach = on_attach,
  }
  if bufnr then
    c.root_dir = M.root_dir(bufnr, cfg)
  end
  local caps = vim.lsp.protocol.make_client_capabilities()
  if cfg.capabilities then
    caps = vim.tbl_deep_extend("force", caps, cfg.capabilities)
  end
  c.capabilities = caps
  return c
end

--- The pylore client attached to bufnr, or nil.
function M.get_client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local clients
  if vim.lsp.get_clients then -- 0.10+
    clients = vim.lsp.get_clients({ bufnr = bufnr, name = NAME })
  else
    clients = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(clients) do
    if client.name == NAME then
      return client
    end
  end
  return nil
end

local function all_clients()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  return vim.tbl_filter(function(c)
    return c.name == NAME
  end, clients)
end

-- ---- attaching ----

local group -- the augroup of the FileType autocommand (0.7-0.10)
local legacy_clients = {} -- 0.7: root_dir -> client id

local function attach_legacy(bufnr)
  local root = M.root_dir(bufnr)
  local id = legacy_clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or method(client, "is_stopped") then
    id = vim.lsp.start_client(client_config(bufnr))
    if not id then
      notify("could not start " .. table.concat(M.cmd(), " "), vim.log.levels.ERROR)
      return
    end
    legacy_clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

--- Attaches pylore to bufnr (a Python buffer). Called for every FileType event on 0.7-0.10.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= "" then
    return -- help, terminal, the note buffers of :PyloreShowNote...
  end
  if vim.lsp.start then -- 0.8+
    -- 0.8 attaches the current buffer, later versions take opts.bufnr: make both the same.
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.start(client_config(bufnr), { bufnr = bufnr })
    end)
  else
    attach_legacy(bufnr)
  end
end

local function use_lsp_enable()
  return has("nvim-0.11") and type(vim.lsp.config) ~= "nil" and type(vim.lsp.enable) == "function"
end

local function python_buffers()
  local out = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(M.config.filetypes, vim.bo[b].filetype) then
      table.insert(out, b)
    end
  end
  return out
end

local function register()
  if use_lsp_enable() then
    local c = client_config(nil)
    c.name = nil
    c.filetypes = M.config.filetypes
    c.root_markers = M.config.root_markers
    -- Assigning replaces an earlier configuration (calling vim.lsp.config() would merge).
    vim.lsp.config[NAME] = c
    vim.lsp.enable(NAME) -- also attaches to the buffers already open
    return
  end
  group = vim.api.nvim_create_augroup("pylore", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "pylore: attach the language server",
  })
  for _, b in ipairs(python_buffers()) do
    M.attach(b)
  end
end

--- Stops every pylore client; with `restart`, starts them again for the open Python buffers.
function M.stop(restart)
  local clients = all_clients()
  for _, client in ipairs(clients) do
    method(client, "stop")
  end
  legacy_clients = {}
  if not restart then
    return
  end
  -- Wait for the old clients to go (so the new ones are not reused), then attach again.
  vim.wait(3000, function()
    for _, client in ipairs(clients) do
      if not method(client, "is_stopped") then
        return false
      end
    end
    return true
  end, 20)
  if use_lsp_enable() then
    vim.lsp.enable(NAME, false)
    vim.lsp.enable(NAME)
  else
    for _, b in ipairs(python_buffers()) do
      M.attach(b)
    end
  end
end

-- ---- :PyloreShowNote ----

local function open_note(note)
  local text = note.contents or ("# " .. (note.title or note.id))
  local lines = vim.split(text:gsub("\n+$", ""), "\n", { plain = true })
  local name = "pylore://note/" .. note.id
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(b) == name then
      vim.api.nvim_buf_delete(b, { force = true })
    end
  end
  local split = ({ vsplit = "vertical new", split = "new", tab = "tabnew" })[M.config.note_split] or "vertical new"
  vim.cmd(split)
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.api.nvim_buf_set_name(buf, name)
  vim.bo[buf].buftype = "nofile"
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = "markdown"
  vim.bo[buf].modifiable = false
  vim.api.nvim_buf_set_var(buf, "pylore_note", note.id)
  vim.api.nvim_buf_set_keymap(buf, "n", "q", "<cmd>close<CR>", { nowait = true, silent = true })
  return buf
end

--- Opens the whole note about the construct under the cursor (the server's pylore.showNote
--- command). A client that supports window/showDocument gets the note as a Markdown file the
--- server asks it to open; otherwise the reply carries the Markdown, shown in a scratch buffer.
function M.show_note()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.get_client(bufnr)
  if not client then
    notify("the server is not attached to this buffer", vim.log.levels.WARN)
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local command = { command = "pylore.showNote", arguments = { params } }
  method(client, "request", "workspace/executeCommand", command, function(err, result)
    if err then
      notify(err.message or vim.inspect(err), vim.log.levels.ERROR)
    elseif result == nil or result == vim.NIL then
      notify("no note about the code under the cursor")
    elseif result.contents then
      open_note(result)
    end
  end, bufnr)
end

local function create_commands()
  vim.api.nvim_create_user_command("PyloreShowNote", M.show_note,
    { desc = "pylore: the whole note about the construct under the cursor" })
  vim.api.nvim_create_user_command("PyloreRestart", function()
    M.stop(true)
  end, { desc = "pylore: restart the language server" })
end

--- Configures pylore and attaches it to Python buffers, now and from then on. Calling it
--- again replaces the configuration and restarts running servers.
function M.setup(opts)
  if vim.fn.has("nvim-0.7") ~= 1 then
    notify("needs Neovim 0.7 or later", vim.log.levels.ERROR)
    return
  end
  opts = opts or {}
  local cfg = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts)
  -- Lists replace the defaults rather than merging with them item by item.
  for _, key in ipairs({ "cmd", "notes_paths", "disabled_notes", "filetypes", "root_markers" }) do
    if opts[key] ~= nil then
      cfg[key] = vim.deepcopy(opts[key])
    end
  end
  cfg = validate(cfg)
  local running = #all_clients() > 0
  M.config = cfg
  create_commands()
  if running then
    M.stop(false)
    vim.wait(3000, function()
      return #all_clients() == 0
    end, 20)
  end
  register()
end

return M
