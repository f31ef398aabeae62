-- The check DSL of exercises (CLI.md "Exercise format"): `expect(v, msg)`,
-- `expect.eq`, `expect.resource`, `expect.reachable` / `unreachable`,
-- `expect.error_code`, `expect.state`, `expect.cost_below`.
--
-- `vpclab grade` loads this module into each check state with a host table whose
-- `fail` raises a failure the grader tells apart from a crash; `require("vpclab.expect")`
-- in a plain script gets the same functions raising ordinary errors.
local host = ...
local fail
if type(host) == "table" and host.fail then
  fail = host.fail
else
  fail = function(message) error(message, 0) end
end

local type, tostring, pairs, ipairs, pcall = type, tostring, pairs, ipairs, pcall
local format, concat, sort = string.format, table.concat, table.sort

local expect = {}

-- A short label for a resource, an address or "internet".
local function label(x)
  if type(x) ~= "userdata" then return tostring(x) end
  local ok, name = pcall(function() return x.name end)
  if ok and name then return "'" .. tostring(name) .. "'" end
  local ok_id, id = pcall(function() return x.id end)
  if ok_id and id then return tostring(id) end
  return tostring(x)
end

-- Values as a student reads them: strings quoted, tables with sorted keys.
local function show(v, depth)
  depth = depth or 0
  if type(v) == "string" then return format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  if depth > 2 then return "{...}" end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  local parts = {}
  for _, k in ipairs(keys) do
    if #parts >= 8 then parts[#parts + 1] = "..." break end
    parts[#parts + 1] = tostring(k) .. " = " .. show(v[k], depth + 1)
  end
  return "{" .. concat(parts, ", ") .. "}"
end

local function same(a, b, depth)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" or depth > 16 then return false end
  for k, v in pairs(a) do
    if not same(v, b[k], depth + 1) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

local function flow(opts)
  opts = opts or {}
  local proto = opts.protocol or "tcp"
  if opts.port then return proto .. "/" .. tostring(opts.port) end
  return proto
end

-- The kinds `named_resources` can list.
local listable = { vpc = true, subnet = true, instance = true, ["security-group"] = true,
                   ["route-table"] = true, ["network-acl"] = true }

-- Named resources of the kinds the API can list, as {name, kind} pairs.
local function named_resources()
  local found = {}
  local function add(list, kind)
    for _, r in ipairs(list) do
      local ok, tags = pcall(function() return r.tags end)
      local name = ok and type(tags) == "table" and tags.Name or nil
      if name then found[#found + 1] = { name = name, kind = kind } end
    end
  end
  for _, region in ipairs(aws.regions()) do
    add(region:vpcs(), "vpc")
    add(region:subnets(), "subnet")
    add(region:instances(), "instance")
    add(region:security_groups(), "security-group")
    for _, vpc in ipairs(region:vpcs()) do
      add(vpc:route_tables(), "route-table")
      add(vpc:network_acls(), "network-acl")
    end
  end
  sort(found, function(a, b)
    if a.name ~= b.name then return a.name < b.name end
    return a.kind < b.kind
  end)
  return found
end

-- Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
local function distance(a, b)
  local d = {}
  for i = 0, #a do d[i] = { [0] = i } end
  for j = 0, #b do d[0][j] = j end
  for i = 1, #a do
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if i > 1 and j > 1 and a:sub(i, i) == b:sub(j - 1, j - 1) and a:sub(i - 1, i - 1) == b:sub(j, j) then
        v = math.min(v, d[i - 2][j - 2] + 1)
      end
      d[i][j] = v
    end
  end
  return d[#a][#b]
end

--- Fails with `msg` unless `v` is truthy; returns `v`.
setmetatable(expect, {
  __call = function(_, v, msg)
    if not v then fail(msg or "expectation failed") end
    return v
  end,
})

--- Fails unless `a` (the value found) equals `b` (the value wanted); tables compare deeply.
function expect.eq(a, b, msg)
  if not same(a, b, 0) then
    fail(format("%s: got %s, expected %s", msg or "values differ", show(a), show(b)))
  end
  return a
end

--- The resource with that id or Name tag (of `kind`, when given); fails naming what exists.
function expect.resource(name_or_id, kind)
  local ok, r = pcall(aws.get, name_or_id, kind)
  if not ok then
    -- A prefixed name that names nothing (`nat-a`) is a Malformed id: report it as missing.
    local code = type(r) == "table" and r.code or ""
    if not (type(code) == "string" and (code:find("%.Malformed$") or code:find("%.NotFound$"))) then
      fail(format("looking for %s: %s", show(name_or_id), tostring(r)))
    end
    r = nil
  end
  if r ~= nil then return r end
  local what = kind or "resource"
  local others, close = {}, nil
  local wanted = tostring(name_or_id)
  for _, e in ipairs(named_resources()) do
    if kind == nil or e.kind == kind then
      others[#others + 1] = format("'%s' (%s)", e.name, e.kind)
      local d = distance(wanted:lower(), e.name:lower())
      if d <= math.max(1, #wanted // 3) and (close == nil or d < close.d) then
        close = { name = e.name, d = d }
      end
    end
  end
  local msg = format("no %s named '%s' exists", what, wanted)
  if close then msg = msg .. format(" (did you mean '%s'?)", close.name) end
  if #others > 0 then
    msg = msg .. ". Named " .. (kind and (kind .. "s") or "resources") .. " found: " .. concat(others, ", ", 1, math.min(#others, 12))
  elseif kind == nil or listable[kind] then
    msg = msg .. (kind and format(". No %s carries a Name tag", kind) or ". No resource carries a Name tag")
  end
  msg = msg .. ". Name it with name = \"" .. wanted .. "\" when you create it."
  fail(msg)
end

local function explain(trace)
  local lines = {}
  for i, e in ipairs(trace.explanations) do
    lines[#lines + 1] = format("  %d. %s", i, e.message)
  end
  return concat(lines, "\n")
end

local function hops(trace)
  local parts = {}
  for _, h in ipairs(trace.forward) do
    local rule = h.rule
    if type(rule) == "table" then rule = show(rule) end
    local what = h.kind == h.component and h.kind or (h.kind .. " " .. tostring(h.component))
    parts[#parts + 1] = what .. (rule and (" (" .. tostring(rule) .. ")") or "")
  end
  return concat(parts, " -> ")
end

--- Fails unless `src` reaches `dst` (`net.reachable` options); the feedback quotes the trace's blockers.
function expect.reachable(src, dst, opts)
  local ok, trace = net.reachable(src, dst, opts)
  if not ok then
    local msg = format("%s cannot reach %s on %s", label(src), label(dst), flow(opts))
    local why = explain(trace)
    if why ~= "" then msg = msg .. ":\n" .. why end
    fail(msg)
  end
  return trace
end

--- Fails if `src` reaches `dst`; the feedback shows the path that lets it through.
function expect.unreachable(src, dst, opts)
  local ok, trace = net.reachable(src, dst, opts)
  if ok then
    fail(format("%s can reach %s on %s, but must not. The path: %s",
      label(src), label(dst), flow(opts), hops(trace)))
  end
  return trace
end

--- Fails unless `fn()` raises an AWS error with `code`; returns the error.
function expect.error_code(fn, code)
  local ok, err = pcall(fn)
  if ok then fail(format("expected the call to fail with %s, but it succeeded", code)) end
  local got = type(err) == "table" and err.code or nil
  if got ~= code then
    fail(format("expected error %s, got %s", code, got and tostring(got) or tostring(err)))
  end
  return err
end

--- Fails unless the instance (handle, id or name) is in `state`.
function expect.state(inst, state)
  if type(inst) ~= "userdata" then inst = expect.resource(inst, "instance") end
  local now = inst.state
  if now ~= state then
    fail(format("instance %s is '%s', expected '%s'", label(inst), tostring(now), state))
  end
  return inst
end

--- Fails unless the simulated bill so far (`sim.cost().total`) is below `usd`.
function expect.cost_below(usd)
  local unavailable = "expect.cost_below: sim.cost is not available in this version of vpclab, so the bill cannot be checked"
  if type(sim) ~= "table" or type(sim.cost) ~= "function" then fail(unavailable) end
  local ok, bill = pcall(sim.cost, {})
  if not ok then
    if type(bill) == "table" and bill.code == "NotImplemented" then fail(unavailable) end
    error(bill, 0)
  end
  local total = bill.total or 0
  if total >= usd then
    local items = {}
    for _, it in ipairs(bill.items or {}) do items[#items + 1] = it end
    sort(items, function(a, b) return (a.usd or 0) > (b.usd or 0) end)
    local top = {}
    for i = 1, math.min(3, #items) do
      local it = items[i]
      top[#top + 1] = format("%s %s $%.2f", tostring(it.name or it.resource), tostring(it.kind), it.usd or 0)
    end
    local msg = format("the bill is $%.2f, expected below $%.2f", total, usd)
    if #top > 0 then msg = msg .. "; largest items: " .. concat(top, ", ") end
    fail(msg)
  end
  return total
end

return expect
