-- The "large" benchmark world of PERFORMANCE.md, built through the public Lua API:
-- 10 VPCs, each with an internet gateway, a custom route table of 41 routes, a custom
-- network ACL of 20 entries per direction, 20 security groups of 20-21 rules (CIDR
-- sources and a chain of group references), 20 subnets (half public, a quarter on the
-- custom ACL) and 50 instances per subnet with two groups each: 10,000 instances.
local M = {}

function M.build()
  sim.config{quotas = {vpcs_per_region = 11, entries_per_network_acl = 21, vcpus_on_demand_standard = 20000}}
  local region = aws.region("us-east-1")
  local azs = region.azs
  local world = {vpcs = {}, instances = {}}
  for v = 1, 10 do
    local vpc = region:create_vpc{cidr_block = ("10.%d.0.0/16"):format(v), name = "vpc" .. v}
    local igw = region:create_internet_gateway{}
    igw:attach(vpc)
    local rt = vpc:create_route_table{name = "public" .. v}
    rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
    for r = 1, 40 do
      rt:create_route{destination_cidr_block = ("172.%d.%d.0/24"):format(16 + r % 16, r), target = igw}
    end
    local acl = vpc:create_network_acl{name = "acl" .. v}
    for e = 1, 19 do
      for _, egress in ipairs{false, true} do
        acl:add_entry{rule_number = e * 10, egress = egress, protocol = "tcp",
                      ports = ("%d-%d"):format(e * 100, e * 100 + 99),
                      cidr_block = ("192.168.%d.0/24"):format(e), rule_action = e % 3 == 0 and "deny" or "allow"}
      end
    end
    for _, egress in ipairs{false, true} do
      acl:add_entry{rule_number = 1000, egress = egress, protocol = "all", cidr_block = "0.0.0.0/0", rule_action = "allow"}
    end
    local groups = {}
    for g = 1, 20 do
      local sg = vpc:create_security_group{group_name = "sg" .. g}
      for r = 1, 20 do
        sg:authorize_ingress{protocol = "tcp", port = 1000 + r, cidr_block = ("10.%d.%d.0/24"):format(v, r)}
      end
      if g > 1 then sg:authorize_ingress{protocol = "tcp", port = 22, source_group = groups[g - 1]} end
      if g % 4 == 0 then sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0"} end
      groups[g] = sg
    end
    for s = 0, 19 do
      local sn = vpc:create_subnet{cidr_block = ("10.%d.%d.0/24"):format(v, s), availability_zone = azs[s % #azs + 1],
                                   map_public_ip_on_launch = s % 2 == 0}
      if s % 2 == 0 then rt:associate(sn) end
      if s % 4 == 0 then acl:associate(sn) end
      local launched = region:run_instances{subnet = sn, count = 50,
                                            security_groups = {groups[s % 20 + 1], groups[(s + 7) % 20 + 1]}}
      for _, inst in ipairs(launched) do world.instances[#world.instances + 1] = inst end
    end
    world.vpcs[v] = vpc
  end
  sim.advance(60)
  return world
end

-- A deterministic pseudo-random sequence for picking pairs.
function M.picker(n)
  local x = 12345
  return function()
    x = (x * 1103515245 + 12345) % 2147483648
    return x % n + 1
  end
end

return M
