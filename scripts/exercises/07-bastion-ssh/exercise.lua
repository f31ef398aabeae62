-- Security groups referencing security groups: SSH only through a bastion host.
return {
  id = "bastion-ssh",
  title = "SSH through a bastion host",
  prompt = [[
In eu-west-1, build a VPC with a public subnet and a private subnet. Launch:
  - "bastion" in the public subnet: SSH (tcp 22) only from the admin network {{admin}},
  - "app" in the private subnet: SSH only from the bastion (use a security group reference,
    not an address), and HTTP (tcp 80) from nowhere outside the VPC.
Nobody else on the internet may reach either instance on SSH.
]],
  region = "eu-west-1",
  params = function(seed)
    local n = seed % 16
    return { admin = "203.0.113." .. (n * 16) .. "/28", inside = "203.0.113." .. (n * 16 + 5), outside = "198.51.100." .. (seed % 250 + 1) }
  end,
  checks = {
    { name = "the admin network reaches the bastion", points = 2,
      hint = "bastion needs a public IP, a subnet routed to an internet gateway, and an SSH rule for the admin CIDR",
      run = function()
        expect.reachable(params.inside, expect.resource("bastion", "instance"), { protocol = "tcp", port = 22 })
      end },
    { name = "nobody else reaches the bastion", points = 2,
      run = function()
        expect.unreachable(params.outside, expect.resource("bastion", "instance"), { protocol = "tcp", port = 22 })
        expect.unreachable("internet", expect.resource("bastion", "instance"), { protocol = "tcp", port = 22 })
      end },
    { name = "the bastion reaches app on SSH", points = 2,
      hint = "app's group: authorize_ingress{protocol = \"tcp\", port = 22, source_group = bastion_sg}",
      run = function()
        expect.reachable(expect.resource("bastion", "instance"), expect.resource("app", "instance"), { protocol = "tcp", port = 22 })
      end },
    { name = "app is private", points = 2,
      run = function()
        local app = expect.resource("app", "instance")
        expect(not app.subnet.is_public, "app is in a public subnet")
        expect.unreachable(params.inside, app, { protocol = "tcp", port = 22 })
        expect.unreachable("internet", app, { protocol = "tcp", port = 80 })
      end },
    { name = "app's SSH rule names the bastion's group", points = 2, hidden = true,
      hint = "a group reference keeps working when the bastion's address changes",
      run = function()
        local bastion_groups = expect.resource("bastion", "instance").security_groups
        local found = false
        for _, g in ipairs(expect.resource("app", "instance").security_groups) do
          for _, rule in ipairs(g.ingress) do
            if rule.from_port == 22 then
              expect(rule.cidr_block == nil, "app's SSH rule uses the address " .. tostring(rule.cidr_block))
              for _, b in ipairs(bastion_groups) do found = found or rule.source_group == b end
            end
          end
        end
        expect(found, "no SSH rule of app's groups references the bastion's security group")
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-open-ssh.lua", "wrong-cidr-rule.lua" },
}
