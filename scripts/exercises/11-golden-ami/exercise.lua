-- Golden AMIs: bake the configuration into an image, launch identical instances from it,
-- and replace the old instance instead of patching it.
return {
  id = "golden-ami",
  title = "Release app-v2 from a golden image",
  prompt = [[
In us-east-1 the VPC "shop" (10.0.0.0/16) has the subnets "fleet-a" (us-east-1a) and
"fleet-b" (us-east-1b). The instance "web-v1" runs nginx and app-v1.

Release app-v2 the immutable way:
  1. Launch a temporary instance "builder" in fleet-a (the region's Amazon Linux AMI), install
     "nginx" and "app-v2" on it (inst:install(app)).
  2. Make a golden image named "app-v2-golden" from it (region:create_image) and wait until it
     is available.
  3. Launch "web-1" in fleet-a and "web-2" in fleet-b from the golden image: identical
     instances in two Availability Zones.
  4. Replace instead of patching: do not install app-v2 on web-v1; terminate it. Terminate the
     builder too (an idle instance still costs money).
]],
  region = "us-east-1",
  setup = function()
    local region = aws.region("us-east-1")
    local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "shop"}
    local a = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a", name = "fleet-a"}
    vpc:create_subnet{cidr_block = "10.0.2.0/24", availability_zone = "us-east-1b", name = "fleet-b"}
    local v1 = a:run_instance{name = "web-v1"}
    v1:wait_until_running()
    v1:install("nginx")
    v1:install("app-v1")
  end,
  checks = {
    { name = "the golden image app-v2-golden is available", points = 3,
      hint = "region:create_image{instance = builder, name = \"app-v2-golden\"}, then sim.advance past timings.image_pending",
      run = function()
        local found = aws.images{owner = "self", name = "app-v2-golden"}
        expect(#found == 1, "no image of yours is named app-v2-golden")
        expect.eq(found[1].state, "available", "app-v2-golden's state")
        local apps = table.concat(found[1].apps, ",")
        expect(apps:find("app-v2", 1, true) and apps:find("nginx", 1, true),
          "app-v2-golden holds " .. apps .. ": install nginx and app-v2 on the builder before making the image")
      end },
    { name = "web-1 and web-2 come from the golden image", points = 3,
      hint = "run_instance{name = \"web-1\", image_id = golden.image_id}",
      run = function()
        local golden = aws.images{owner = "self", name = "app-v2-golden"}[1]
        expect(golden ~= nil, "there is no app-v2-golden image to launch from")
        for _, name in ipairs({ "web-1", "web-2" }) do
          local inst = expect.resource(name, "instance")
          expect.eq(inst.image_id, golden.image_id, name .. "'s AMI")
          expect(inst.state == "running" or inst.state == "pending", name .. " is " .. inst.state)
        end
      end },
    { name = "the new instances are in two AZs", points = 2,
      hint = "web-1 in fleet-a, web-2 in fleet-b",
      run = function()
        local one, two = expect.resource("web-1", "instance"), expect.resource("web-2", "instance")
        expect(one.availability_zone ~= two.availability_zone,
          "web-1 and web-2 are both in " .. one.availability_zone .. ": one AZ failure takes both down")
      end },
    { name = "web-v1 is replaced, not patched", points = 2,
      hint = "web-v1:terminate(); never install app-v2 on it",
      run = function()
        local v1 = aws.get("web-v1", "instance")
        expect(v1 == nil or v1.state == "shutting-down" or v1.state == "terminated",
          "web-v1 is still " .. (v1 and v1.state or "?") .. ": terminate it once web-1 and web-2 run")
      end },
    { name = "nobody patched web-v1", points = 1, hidden = true,
      run = function()
        local v1 = aws.get("web-v1", "instance")
        expect(v1 == nil or not table.concat(v1.apps, ","):find("app-v2", 1, true),
          "web-v1 was patched in place with app-v2")
      end },
    { name = "the builder is terminated", points = 1,
      hint = "builder:terminate() once the image is available",
      run = function()
        local b = aws.get("builder", "instance")
        expect(b == nil or b.state == "shutting-down" or b.state == "terminated", "builder is still " .. (b and b.state or "?"))
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-patch-in-place.lua", "wrong-no-image.lua" },
}
