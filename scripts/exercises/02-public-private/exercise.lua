-- Route tables and the internet gateway: what makes a subnet public.
return {
  id = "public-private",
  title = "A public and a private subnet",
  prompt = [[
In us-east-1, create a VPC with CIDR {{cidr}} and two subnets in it:
  "public"  - {{public}}, whose instances are reachable from the internet,
  "private" - {{private}}, with no route to or from the internet.
A subnet is public when its route table sends 0.0.0.0/0 to an internet gateway attached to
the VPC. Leave the VPC's main route table without an internet route.

Launch an instance named "web" in the public subnet that answers HTTP (tcp 80) from anywhere,
and an instance named "app" in the private subnet that only "web" can reach, on tcp 8080.
]],
  region = "us-east-1",
  params = function(seed)
    local n = 20 + seed % 150
    return { cidr = "10." .. n .. ".0.0/16", public = "10." .. n .. ".1.0/24", private = "10." .. n .. ".2.0/24" }
  end,
  checks = {
    { name = "an internet gateway is attached to the VPC", points = 1,
      hint = "create_internet_gateway{} then igw:attach(vpc)",
      run = function()
        local vpc = expect.resource("public", "subnet").vpc
        expect.eq(vpc.cidr_block, params.cidr, "the VPC's CIDR")
        expect(vpc.internet_gateway ~= nil, "the VPC has no internet gateway attached")
      end },
    { name = "the public subnet is public", points = 2,
      hint = "a custom route table with 0.0.0.0/0 -> the IGW, associated with the public subnet",
      run = function()
        local sn = expect.resource("public", "subnet")
        expect.eq(sn.cidr_block, params.public, "the public subnet's CIDR")
        expect(sn.is_public, "subnet public has no route 0.0.0.0/0 to an attached internet gateway")
      end },
    { name = "the private subnet and the main table stay private", points = 2,
      hint = "put the internet route in a custom route table, not in the main one",
      run = function()
        local sn = expect.resource("private", "subnet")
        expect.eq(sn.cidr_block, params.private, "the private subnet's CIDR")
        expect(not sn.is_public, "subnet private routes to the internet gateway")
        local main = sn.vpc.main_route_table
        expect(main:lookup("8.8.8.8") == nil, "the main route table has an internet route: every new subnet would be public")
      end },
    { name = "web answers HTTP from the internet", points = 2,
      hint = "web needs a public IP (map_public_ip_on_launch or associate_public_ip_address) and a security group allowing tcp 80",
      run = function()
        expect.reachable("internet", expect.resource("web", "instance"), { protocol = "tcp", port = 80 })
      end },
    { name = "app is unreachable from the internet", points = 2,
      run = function()
        local app = expect.resource("app", "instance")
        expect(app.subnet == expect.resource("private", "subnet"), "app is not in the private subnet")
        expect.unreachable("internet", app, { protocol = "tcp", port = 8080 })
        expect.unreachable("internet", app, { protocol = "tcp", port = 22 })
      end },
    { name = "web reaches app on 8080", points = 1,
      hint = "allow tcp 8080 into app's group from web's security group (source_group)",
      run = function()
        expect.reachable(expect.resource("web", "instance"), expect.resource("app", "instance"), { protocol = "tcp", port = 8080 })
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-main-table.lua", "wrong-no-attach.lua" },
}
