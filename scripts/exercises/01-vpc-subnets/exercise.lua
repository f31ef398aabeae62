-- VPC and subnets: CIDR planning and the five addresses AWS reserves in every subnet.
return {
  id = "vpc-subnets",
  title = "A VPC split into four subnets",
  prompt = [[
In us-west-2, create a VPC named "lab" with CIDR {{cidr}}.
Split it into four equal subnets named "a", "b", "c" and "d", in address order, spread over at
least two Availability Zones.

Then answer two questions by tagging the VPC:
  usable = how many addresses of one subnet an instance can use (AWS reserves some),
  dns    = the address of the Amazon DNS resolver in subnet "a".
Example: vpc:create_tags{usable = "...", dns = "..."}.
]],
  region = "us-west-2",
  params = function(seed)
    local n = 16 + seed % 200
    return { cidr = "10." .. n .. ".0.0/22", first = "10." .. n .. ".0.0/24" }
  end,
  checks = {
    { name = "a VPC named lab with the right CIDR", points = 2,
      hint = "region:create_vpc{cidr_block = ..., name = \"lab\"}",
      run = function()
        local vpc = expect.resource("lab", "vpc")
        expect.eq(vpc.cidr_block, params.cidr, "the VPC's CIDR")
      end },
    { name = "four equal subnets in address order", points = 3,
      hint = "cidr.split(vpc.cidr_block, 24) gives the four /24 blocks in order",
      run = function()
        local vpc = expect.resource("lab", "vpc")
        local want = cidr.split(params.cidr, 24)
        for i, name in ipairs({ "a", "b", "c", "d" }) do
          local sn = expect.resource(name, "subnet")
          expect(sn.vpc == vpc, "subnet " .. name .. " is not in the VPC lab")
          expect.eq(sn.cidr_block, want[i], "subnet " .. name .. "'s CIDR")
        end
      end },
    { name = "spread over two Availability Zones", points = 2,
      hint = "pass availability_zone = \"us-west-2a\" / \"us-west-2b\" to create_subnet",
      run = function()
        local zones, count = {}, 0
        for _, name in ipairs({ "a", "b", "c", "d" }) do
          local az = expect.resource(name, "subnet").availability_zone
          if not zones[az] then zones[az] = true count = count + 1 end
        end
        expect(count >= 2, "all four subnets are in one Availability Zone")
      end },
    { name = "usable addresses per subnet", points = 2,
      hint = "a /24 has 256 addresses; AWS reserves the first four and the last one",
      run = function()
        local tags = expect.resource("lab", "vpc").tags
        expect(tags.usable ~= nil, "the VPC has no 'usable' tag")
        expect.eq(tonumber(tags.usable), 251, "usable addresses in a /24 subnet")
      end },
    { name = "the DNS resolver's address", points = 1, hidden = true,
      hint = "the resolver is the network address plus two",
      run = function()
        local tags = expect.resource("lab", "vpc").tags
        local dns = nil
        for _, r in ipairs(expect.resource("a", "subnet"):reserved_addresses()) do
          if r.purpose:lower():find("dns") then dns = r.address end
        end
        expect.eq(tags.dns, dns, "the DNS resolver of subnet a")
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-usable.lua", "wrong-one-az.lua" },
}
