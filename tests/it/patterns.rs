//! vpclab's pattern matcher (`src/lua/pattern.rs`) against stock Lua 5.4: 1500 random
//! subject/pattern/init cases whose `find`, `match`, `gsub` and `gmatch` results (or error
//! messages) were recorded with the `lua5.4` interpreter in `tests/data/patterns.lua`.

use super::common::run_named;

const CHECK: &str = r##"
local cases = ...
local function show(...) local t = {} for i = 1, select("#", ...) do local v = select(i, ...) t[i] = type(v) == "string" and ("%q"):format(v) or tostring(v) end return table.concat(t, ",") end
local function clean(ok, ...) if ok then return "ok:" .. show(...) end return "err:" .. (tostring((...)):gsub("^[^:]*:%d+: ", "")) end
local function line(s, p, init)
  return table.concat({clean(pcall(string.find, s, p, init)), clean(pcall(string.match, s, p, init)), clean(pcall(string.gsub, s, p, "<%0>")), clean(pcall(function() local r = {} for a, b in s:gmatch(p) do r[#r+1] = show(a, b) if #r > 20 then break end end return table.concat(r, "|") end))}, "\t")
end
local bad = 0
for _, c in ipairs(cases) do
  local got = line(c[1], c[2], c[3])
  if got ~= c[4] then
    bad = bad + 1
    if bad <= 5 then print(("%q %q %d\n  lua5.4: %s\n  vpclab: %s"):format(c[1], c[2], c[3], c[4], got)) end
  end
end
print(#cases .. " cases, " .. bad .. " differ")
"##;

#[test]
fn patterns_match_stock_lua() {
    let data = include_str!("../data/patterns.lua");
    let src = format!("local cases = (function()\n{data}\nend)()\n{}", CHECK.replacen("local cases = ...", "", 1));
    let ran = run_named(&src, "patterns.lua", "instructions=1e10,time=60s,output=1M");
    assert!(ran.result.is_ok(), "{:?}", ran.result);
    assert_eq!(ran.output, "1500 cases, 0 differ\n", "{}", ran.output);
}
