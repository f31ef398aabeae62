-- What the student scripts share (not a script: tests/it/students.rs skips files starting with
-- "_"). Every check raises at the caller's line with the text it looked in.
local M = {}

-- `text` with runs of white space folded to one space (reports wrap at 100 columns).
function M.flat(text)
  return (tostring(text):gsub("%s+", " "))
end

local function find(text, part)
  return M.flat(text):find(M.flat(part), 1, true)
end

-- Every part appears in `text`.
function M.has(text, ...)
  for _, part in ipairs({...}) do
    if not find(text, part) then
      error(("missing %q in:\n%s"):format(part, text), 2)
    end
  end
end

-- No part appears in `text`.
function M.lacks(text, ...)
  for _, part in ipairs({...}) do
    if find(text, part) then
      error(("unexpected %q in:\n%s"):format(part, text), 2)
    end
  end
end

-- `a` appears in `text`, before `b` when `b` appears at all.
function M.before(text, a, b)
  local i, j = find(text, a), find(text, b)
  if not i or (j and j < i) then
    error(("%q should come before %q in:\n%s"):format(a, b, text), 2)
  end
end

-- Calls `f`, which must fail with AWS error `code`; returns the message.
function M.fails(code, f)
  local ok, err = pcall(f)
  if ok then error(("expected %s, the call succeeded"):format(code), 2) end
  if type(err) ~= "table" or err.code ~= code then
    error(("expected %s, got %s"):format(code, type(err) == "table" and (err.code .. ": " .. err.message) or tostring(err)), 2)
  end
  return err.message
end

-- The explanation with `code` in a trace (the first one), or an error naming the codes found.
function M.blocker(trace, code)
  local codes = {}
  for _, e in ipairs(trace.explanations) do
    if e.code == code then return e end
    codes[#codes + 1] = e.code
  end
  error(("no %s among {%s} in:\n%s"):format(code, table.concat(codes, ", "), tostring(trace)), 2)
end

-- A VPC "lab" 10.0.0.0/16 with an attached internet gateway "igw", a public subnet (routed
-- to the gateway by the custom table "public-rt") and a private subnet on the main table.
function M.two_tier()
  local region = aws.region("us-east-1")
  local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "lab"}
  local public = vpc:create_subnet{cidr_block = "10.0.0.0/24", availability_zone = "us-east-1a", name = "public"}
  local private = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a", name = "private"}
  local igw = region:create_internet_gateway{name = "igw"}
  igw:attach(vpc)
  local rt = vpc:create_route_table{name = "public-rt"}
  rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
  rt:associate(public)
  return {region = region, vpc = vpc, public = public, private = private, igw = igw, rt = rt}
end

return M
