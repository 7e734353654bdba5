-- End-to-end test of `taskc lsp` with a real editor: headless Neovim 0.11
-- and its built-in LSP client.
--
--   TASKC=target/debug/taskc nvim --headless -l tests/nvim/e2e.lua
--
-- Works in a temporary copy of examples/ (plus one broken file that is
-- never opened), starts the server for filetype `task`, then checks
-- diagnostics, hover, completion, go-to-definition, references, rename,
-- formatting, semantic-token highlights, and that an edit introducing an
-- error gets diagnostics that clear once it is fixed. Prints one line per check and a closing
-- "N passed, M failed" line; exits non-zero when any check fails.

local script_dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local repo = vim.fn.fnamemodify(script_dir, ':h:h')
local taskc = os.getenv('TASKC') or (repo .. '/target/debug/taskc')
local TIMEOUT = tonumber(os.getenv('TASKC_NVIM_TIMEOUT_MS') or '') or 30000

local passed, failed = 0, 0

local function check(ok, what, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('ok    ' .. what .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL  ' .. what .. (detail and (': ' .. vim.inspect(detail)) or '') .. '\n')
  end
end

local function finish()
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_clients() == 0
  end)
  io.stdout:write(string.format('%d passed, %d failed\n', passed, failed))
  io.stdout:flush()
  os.exit(failed == 0 and 0 or 1)
end

local function fatal(what, detail)
  check(false, what, detail)
  finish()
end

if vim.fn.executable(taskc) ~= 1 then
  fatal('taskc binary found at ' .. taskc .. ' (set TASKC)')
end

-- A private copy of the examples workspace.
local root = vim.fn.resolve(vim.fn.tempname())
vim.fn.mkdir(root, 'p')
for _, file in ipairs(vim.fn.glob(repo .. '/examples/*', false, true)) do
  if vim.fn.isdirectory(file) == 0 then
    vim.fn.writefile(vim.fn.readfile(file, 'b'), root .. '/' .. vim.fn.fnamemodify(file, ':t'), 'b')
  end
end
vim.fn.writefile({ 'env broken extends nowhere {}' }, root .. '/broken.task')

-- `nvim -l` starts without filetype detection.
vim.cmd('filetype on')
-- TASKC_NVIM_DEBUG=1 logs the whole conversation (see `:lua =vim.lsp.log.get_filename()`).
if os.getenv('TASKC_NVIM_DEBUG') then
  vim.lsp.log.set_level('debug')
end

-- The setup the README recommends (README.md, "Editors").
vim.filetype.add({ extension = { task = 'task' } })
vim.lsp.config('taskc', {
  cmd = { taskc, 'lsp' },
  filetypes = { 'task' },
  root_markers = { 'taskc.toml', '.git' },
})
vim.lsp.enable('taskc')

-- The document version each publishDiagnostics was for, so a check can
-- wait for the diagnostics of the text it just wrote, not older ones.
local published = {}
local on_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx)
  if result then
    published[result.uri] = result.version
  end
  return on_publish(err, result, ctx)
end

local function errors(bufnr)
  return vim.diagnostic.get(bufnr, { severity = vim.diagnostic.severity.ERROR })
end

--- Cursor on the first occurrence of `needle` (plus `skip` bytes); returns
--- the 0-based line and byte column.
local function put_cursor(needle, skip)
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  for i, line in ipairs(lines) do
    local col = line:find(needle, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { i, col - 1 + (skip or 0) })
      return i - 1, col - 1 + (skip or 0)
    end
  end
  fatal('text found in buffer: ' .. needle)
end

local function request(method, params, bufnr)
  -- A real buffer number: Neovim flushes pending changes before a request
  -- only for the buffer it is given by number, not for 0.
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'taskc' })[1]
  local response = client:request_sync(method, params, TIMEOUT, bufnr)
  if not response then
    return nil, 'no answer in time'
  end
  return response.result, response.err
end

--- Send the buffer's pending changes and wait for the diagnostics of its
--- current version.
local function settle(bufnr)
  request('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  local ok = vim.wait(TIMEOUT, function()
    return published[uri] == vim.lsp.util.buf_versions[bufnr]
  end)
  if not ok then
    fatal('diagnostics arrive for the current version', { published[uri], vim.lsp.util.buf_versions[bufnr] })
  end
end

local function position_params()
  local client = vim.lsp.get_clients({ bufnr = 0, name = 'taskc' })[1]
  return vim.lsp.util.make_position_params(0, client.offset_encoding)
end

-- 1. Start: open envs.task, the server attaches.
vim.cmd.edit(vim.fn.fnameescape(root .. '/envs.task'))
local envs = vim.api.nvim_get_current_buf()
check(vim.bo[envs].filetype == 'task', 'filetype task is detected')
local attached = vim.wait(TIMEOUT, function()
  return #vim.lsp.get_clients({ bufnr = envs, name = 'taskc' }) > 0
end)
if not attached then
  fatal('taskc lsp attaches to the buffer')
end
check(true, 'taskc lsp attaches to the buffer')

-- 2. Diagnostics arrive for a file that was never opened.
local broken_buf = vim.uri_to_bufnr(vim.uri_from_fname(root .. '/broken.task'))
local got = vim.wait(TIMEOUT, function()
  return #errors(broken_buf) > 0
end)
check(got, 'diagnostics published for an unopened file', vim.diagnostic.get(broken_buf))
if got then
  local d = errors(broken_buf)[1]
  check(d.message:find('nowhere', 1, true) ~= nil and d.source == 'taskc', 'the diagnostic names the problem', d)
end
check(#errors(envs) == 0, 'envs.task has no errors', errors(envs))

-- 3. Hover over `base` in `extends base`.
put_cursor('gpu-train extends base', 19)
local hover, err = request('textDocument/hover', position_params())
local markdown = hover and hover.contents and hover.contents.value or ''
check(err == nil and markdown:find('Shared runtime', 1, true) ~= nil, 'hover shows the env and its doc comment', hover or err)

-- 4. Completion after `extends `.
local last = vim.api.nvim_buf_line_count(envs)
vim.api.nvim_buf_set_lines(envs, last, last, false, { 'env extra extends ' })
-- (Normal mode cannot rest past the end of a line, so the position is
-- written out: just after `extends `, as in insert mode.)
local items = request('textDocument/completion', {
  textDocument = { uri = vim.uri_from_bufnr(envs) },
  position = { line = last, character = #'env extra extends ' },
})
local labels = {}
for _, item in ipairs((items and (items.items or items)) or {}) do
  labels[item.label] = true
end
check(labels['base'] and labels['gpu-train'], 'completion offers env names after extends', vim.tbl_keys(labels))
vim.api.nvim_buf_set_lines(envs, last, last + 1, false, {})
settle(envs)
check(#errors(envs) == 0, 'no errors once the half-written line is gone', errors(envs))

-- 5. Edit: an error appears, and clears when fixed.
local row, col = put_cursor('gpu-train extends base', 18)
vim.api.nvim_buf_set_text(envs, row, col, row, col + 4, { 'bsae' })
settle(envs)
check(#errors(envs) > 0, 'an edit that breaks the file gets an error', vim.diagnostic.get(envs))
local d = errors(envs)[1] or {}
check(d.lnum == row and d.col == col and d.end_col == col + 4, 'the error points at the edited word', d)
check((d.message or ''):find('base', 1, true) ~= nil, 'the error suggests the right name', d)
vim.api.nvim_buf_set_text(envs, row, col, row, col + 4, { 'base' })
settle(envs)
check(#errors(envs) == 0, 'fixing the edit clears the error', errors(envs))

-- 6. References of gpu-train reach training.task.
put_cursor('env gpu-train', 5)
local params = position_params()
params.context = { includeDeclaration = true }
local refs = request('textDocument/references', params) or {}
local in_training = vim.tbl_filter(function(loc)
  return loc.uri:match('training%.task$') ~= nil
end, refs)
check(#in_training > 0, 'references include uses in another file', refs)

-- 7. Go to definition from training.task jumps to envs.task.
vim.cmd.edit(vim.fn.fnameescape(root .. '/training.task'))
vim.wait(TIMEOUT, function()
  return #vim.lsp.get_clients({ bufnr = 0, name = 'taskc' }) > 0
end)
put_cursor('in gpu-train', 5)
vim.lsp.buf.definition()
local jumped = vim.wait(TIMEOUT, function()
  return vim.api.nvim_buf_get_name(0):match('envs%.task$') ~= nil
end)
check(jumped, 'go to definition opens envs.task')
if jumped then
  local line = vim.api.nvim_get_current_line()
  check(line:find('env gpu-train', 1, true) ~= nil, 'the cursor is on the env declaration', line)
end

-- 8. Rename gpu-train everywhere.
put_cursor('env gpu-train', 5)
vim.lsp.buf.rename('gpu-training')
local training = vim.fn.bufnr(root .. '/training.task')
local renamed = vim.wait(TIMEOUT, function()
  local text = table.concat(vim.api.nvim_buf_get_lines(training, 0, -1, false), '\n')
  return text:find('in gpu-training', 1, true) ~= nil
end)
check(renamed, 'rename edits the other file')
check(vim.api.nvim_get_current_line():find('env gpu-training', 1, true) ~= nil, 'rename edits the declaration')

-- 9. Format a messy buffer.
vim.cmd.edit(vim.fn.fnameescape(root .. '/scratch.task'))
local scratch = vim.api.nvim_get_current_buf()
vim.wait(TIMEOUT, function()
  return #vim.lsp.get_clients({ bufnr = scratch, name = 'taskc' }) > 0
end)
vim.api.nvim_buf_set_lines(scratch, 0, -1, false, { 'env   scratch   {', '        cpu=1', '}' })
vim.lsp.buf.format({ bufnr = scratch, async = false, timeout_ms = TIMEOUT })
local formatted = vim.api.nvim_buf_get_lines(scratch, 0, -1, false)
check(formatted[1] == 'env scratch {' and formatted[2] and formatted[2]:match('^  %S') ~= nil, 'formatting tidies the buffer', formatted)

-- 10. Semantic tokens: the highlight groups Neovim derives from them sit on
-- the words they describe.
vim.cmd.edit(vim.fn.fnameescape(root .. '/warehouse.task'))
local warehouse = vim.api.nvim_get_current_buf()
vim.wait(TIMEOUT, function()
  return #vim.lsp.get_clients({ bufnr = warehouse, name = 'taskc' }) > 0
end)

--- The `@lsp.*` highlight groups at the first occurrence of `needle`
--- (plus `skip` bytes): from the tokens Neovim keeps for the buffer, and
--- from the highlights it drew (only rows on screen are drawn, hence the
--- redraw with the cursor there).
local function groups_at(needle, skip)
  local row, col = put_cursor(needle, skip)
  local groups = {}
  for _, token in ipairs(vim.lsp.semantic_tokens.get_at_pos(warehouse, row, col) or {}) do
    table.insert(groups, '@lsp.type.' .. token.type)
    for modifier in pairs(token.modifiers or {}) do
      table.insert(groups, '@lsp.mod.' .. modifier)
    end
  end
  vim.cmd('normal! zz')
  vim.cmd.redraw()
  local info = vim.inspect_pos(warehouse, row, col, {
    semantic_tokens = true, syntax = false, treesitter = false, extmarks = false,
  })
  for _, token in ipairs(info.semantic_tokens or {}) do
    table.insert(groups, token.opts.hl_group)
  end
  return groups
end

local function has_group(needle, skip, group)
  for _, g in ipairs(groups_at(needle, skip)) do
    -- Neovim appends the filetype: `@lsp.type.keyword.task`.
    if g == group or g:sub(1, #group + 1) == group .. '.' then
      return true
    end
  end
  return false
end

local highlighted = vim.wait(TIMEOUT, function()
  return #(vim.lsp.semantic_tokens.get_at_pos(warehouse, put_cursor('template daily_interactions', 0)) or {}) > 0
end)
check(highlighted, 'semantic tokens arrive for the buffer')
for _, case in ipairs({
  { 'template daily_interactions', 0, '@lsp.type.keyword' },
  { 'daily_interactions in', 0, '@lsp.type.function' },
  { 'daily_interactions in', 0, '@lsp.mod.declaration' },
  { 'in warehouse', 3, '@lsp.type.namespace' },
  { 'sql bigquery', 4, '@lsp.type.enumMember' },
  { 'retries = 3', 0, '@lsp.type.property' },
  { 'retries = 3', 10, '@lsp.type.number' },
  { 'day: str', 5, '@lsp.mod.defaultLibrary' },
  { '/// Daily clicks', 0, '@lsp.mod.documentation' },
  { '"acme-analytics"', 0, '@lsp.type.string' },
  { '@day', 1, '@lsp.type.parameter' },
}) do
  check(has_group(case[1], case[2], case[3]), case[3] .. ' on `' .. case[1] .. '`', groups_at(case[1], case[2]))
end

finish()
