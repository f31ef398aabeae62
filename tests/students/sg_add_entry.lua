-- Mistake: NACL methods on a security group. Security groups are allow-only; denying is a
-- network ACL's job.
local c = require("_check")
local lab = c.two_tier()
local sg = lab.vpc:create_security_group{group_name = "web"}
local m = c.fails("InvalidParameter", function()
  sg:add_entry{rule_number = 100, protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0", rule_action = "deny"}
end)
c.has(m, "allow-only", "network ACL", "rule_action = \"deny\"")
c.lacks(m, "attempt to call")
