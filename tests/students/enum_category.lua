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
