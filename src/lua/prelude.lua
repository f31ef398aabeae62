-- The sandbox prelude: runs once per state, before any script. Its locals are
-- unreachable from scripts (there is no `debug` library).
local convert, write, find_module, stdlib_names, error_cap, memory_error = ...

local rawload, rawcg, rawsetmt, rawpcall, co_resume =
      load, collectgarbage, setmetatable, pcall, coroutine.resume
local error, tostring, type, select, rawget, ipairs =
      error, tostring, type, select, rawget, ipairs
local pack, unpack, concat = table.pack, table.unpack, table.concat
local sub = string.sub

-- Rust errors caught by pcall become AWS error tables (errors.rs).
local function fix(ok, ...)
  if ok then return ok, ... end
  local e = ...
  if type(e) == "userdata" then return false, convert(e) end
  return false, e
end

pcall = function(f, ...) return fix(rawpcall(f, ...)) end

coroutine.resume = function(co, ...) return fix(co_resume(co, ...)) end

-- The message handler runs after unwinding, where the limit hook can stop it.
xpcall = function(f, handler, ...)
  local r = pack(rawpcall(f, ...))
  if r[1] then return unpack(r, 1, r.n) end
  local e = r[2]
  if type(e) == "userdata" then e = convert(e) end
  return false, (handler(e))
end

-- Names of the host's own chunks (guard.rs, is_host_chunk): a script's chunk given one
-- of them is shown as `[string "NAME"]`, so it cannot hide where a limit was reached.
local function chunk_name(name)
  if type(name) ~= "string" then return name end
  local first = sub(name, 1, 1)
  local bare = (first == "=" or first == "@") and sub(name, 2) or name
  if bare == "sandbox" or bare == "AwsError" or bare == "?" or sub(bare, 1, 6) == "__mlua"
      or sub(bare, 1, 3) == "[C]" then
    return bare
  end
  return name
end

-- Text chunks only; `...` keeps "no env" apart from an explicit nil env.
load = function(chunk, name, _mode, ...)
  if type(chunk) ~= "string" then return nil, "load: only string chunks are allowed" end
  return rawload(chunk, chunk_name(name), "t", ...)
end

collectgarbage = function(opt, ...)
  if opt == nil or opt == "collect" or opt == "count" or opt == "isrunning" then
    return rawcg(opt)
  end
  error("collectgarbage('" .. tostring(opt) .. "') is not allowed", 2)
end

-- Finalizers run with hooks off, so no limit could stop them.
setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("__gc metamethods are not allowed", 2)
  end
  return rawsetmt(t, mt)
end

print = function(...)
  local n = select("#", ...)
  local parts = { ... }
  for i = 1, n do parts[i] = tostring(parts[i]) end
  write(concat(parts, "\t", 1, n) .. "\n")
end

local loaded = {
  _G = _G, coroutine = coroutine, math = math, os = os,
  string = string, table = table, utf8 = utf8,
}
local preload = {}
package = { loaded = loaded, preload = preload }
for _, name in ipairs(stdlib_names) do
  preload[name] = function(...) return find_module(name)(...) end
end

require = function(name)
  if type(name) ~= "string" then
    error("bad argument #1 to 'require' (string expected, got " .. type(name) .. ")", 2)
  end
  local value = loaded[name]
  if value ~= nil then return value end
  local loader, where = preload[name], ":preload:"
  if loader == nil then
    loader, where = find_module(name)
    if loader == nil then error(where, 2) end
  end
  local result = loader(name, where)
  if result ~= nil then
    loaded[name] = result
  elseif loaded[name] == nil then
    loaded[name] = true
  end
  return loaded[name]
end

-- string.rep("", 1e18) loops inside one C call without allocating: answer it here.
-- Other calls go to the real `rep`, its errors renamed and placed at the caller.
local rep, gsub, tonumber = string.rep, string.gsub, tonumber
string.rep = function(...)
  local s, n, sep = ...
  if s == "" and (sep == nil or sep == "") and tonumber(n) ~= nil then return "" end
  local ok, r = rawpcall(rep, ...)
  if ok then return r end
  if r == "not enough memory" then error(r, 0) end
  error((gsub(tostring(r), "to '%?'", "to 'rep'", 1)), 2)
end

dofile, loadfile, warn, string.dump = nil, nil, nil, nil
math.randomseed(42)
-- Generational collection suits scripts that make many short-lived values (traces,
-- argument tables) around a long-lived world of handles.
rawcg("generational")

-- Runs a script's function for the host: a string error longer than the cap is cut here,
-- inside Lua, so a huge message never reaches the host; a memory error stays one.
return function(f, ...)
  local r = pack(rawpcall(f, ...))
  if r[1] then return unpack(r, 2, r.n) end
  local e = r[2]
  if e == "not enough memory" then memory_error() end
  if type(e) == "string" and #e > error_cap then
    e = sub(e, 1, error_cap) .. "…[truncated]"
  end
  error(e, 0)
end
