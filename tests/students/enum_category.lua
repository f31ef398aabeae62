-- Mistake: an enumerated argument in the notes' wording. "general purpose" is the category
-- general-purpose (not an empty list); a value that is no category is refused with the valid ones.
local c = require("_check")
local listed = aws.instance_types{category = "general purpose"}
assert(#listed > 0, "the notes' wording names a category")
local same = aws.instance_types{category = "General purpose"}
assert(#same == #listed, "the wording is case-insensitive")
for _, t in ipairs(listed) do
  assert(t.category == listed[1].category, "one category: " .. t.name .. " is " .. tostring(t.category))
end
local m = c.fails("InvalidParameterValue", function() aws.instance_types{category = "fast ones"} end)
c.has(m, "fast ones", listed[1].category)
-- Every other enumerated filter refuses what it does not know instead of answering {}.
m = c.fails("InvalidParameterValue", function() aws.instance_types{architecture = "amd64"} end)
c.has(m, "amd64", "x86_64", "arm64")
m = c.fails("InvalidParameterValue", function() aws.instance_types{family = "c5x"} end)
c.has(m, "c5x", "c5n")
m = c.fails("InvalidParameterValue", function() aws.images{architecture = "amd64"} end)
c.has(m, "amd64", "arm64")
assert(#aws.instance_types{family = "c5n"} > 0 and #aws.images{architecture = "arm64"} > 0)
