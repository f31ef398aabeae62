-- A tour of the seed's compute half: instance families and their use cases, sizing,
-- the lifecycle and what each state costs, golden images and replacing instead of
-- patching, and an Auto Scaling group across two AZs surviving an AZ failure.
--
-- Run: cargo run --release -- run scripts/examples/compute_tour.lua

local function title(text) print("\n== " .. text .. " ==") end
local function usd(x) return ("$%.4f"):format(x) end

title("Five categories of instance types (the seed's table)")
for _, c in ipairs(aws.categories()) do
  print(("%-22s %s"):format(c.title, table.concat(c.use_cases, ", ", 1, 3) .. ", …"))
end

title("A type's name explains it: family, generation, capabilities, size")
for _, name in ipairs{"c5n.xlarge", "m7g.large", "x2idn.16xlarge", "g4dn.xlarge"} do
  local t = aws.instance_type(name)
  local caps = {}
  for _, a in ipairs(t.decoded.attributes) do caps[#caps + 1] = a.letter .. " = " .. a.meaning end
  print(("%-15s %-19s gen %d  size %-8s %2d vCPU %7.2f GiB %s/h  %s"):format(name, t.decoded.family_meaning:match("^[^(]+"),
    t.decoded.generation, t.decoded.size, t.vcpus, t.memory_gib, usd(t.price_per_hour), table.concat(caps, "; ")))
end
print("prices are teaching prices (us-east-1 Linux on-demand) as of " .. aws.instance_type("m5.large").prices_as_of)

title("Sizing: the cheapest type of the recommended category")
for _, need in ipairs{
  {workload = "web"}, {workload = "hpc", vcpus = 16}, {workload = "in-memory-db", memory_gib = 60},
  {workload = "ml-training"}, {workload = "nosql"},
} do
  local s = aws.suggest_instance_type(need)
  print(("%-14s -> %-14s (%s) %s/h"):format(need.workload, s.instance_type, s.category, usd(s.price_per_hour)))
end

title("The lifecycle on the simulated clock, and what it costs")
local region = aws.region("us-east-1")
local vpc = region:default_vpc()
local subnets = vpc:subnets()
local app = subnets[1]:run_instance{name = "app", instance_type = "m5.large"}
print(app.state, "(pending is not billed)")
app:wait_until_running()
sim.advance("1h")
app:reboot()
print("reboot:", app.state, "rebooting =", app.rebooting, "(same billing period, same IPs)")
app:stop()
print("stop:", app.state, "public IP", tostring(app.public_ip), "(a plain stop is not billed)")
app:wait_until_stopped()
app:modify{instance_type = "m5.xlarge"}
app:start()
app:wait_until_running()
sim.advance("30m")
print("after a resize to m5.xlarge and 30 minutes:", usd(app:cost()), "so far (compute, root volume, public IPv4)")
local steps = {}
for _, h in ipairs(app.state_history) do steps[#steps + 1] = h.state .. "@" .. h.at .. "s" end
print(table.concat(steps, " -> "))

title("Golden image: replace instead of patch")
app:install("nginx")
app:install("app-v1")
local golden = region:create_image{instance = app, name = "app-v1-golden"}
print(golden)
sim.advance(sim.config().timings.image_pending)
print(golden.state, "apps:", table.concat(golden.apps, ", "))
local fresh = subnets[2]:run_instance{name = "app-2", image_id = golden.image_id, instance_type = "m5.large"}
fresh:wait_until_running()
print("a new instance from it has", table.concat(fresh.apps, ", "), "— terminate the old one instead of patching it")
local app_disk = app.root_volume
app:terminate()
app:wait_until_terminated()
fresh:terminate()
print("app's root volume " .. app_disk.volume_id .. " is " .. app_disk.state .. " (delete_on_termination defaults to true)")
local keeper = subnets[2]:run_instance{name = "data", delete_on_termination = false}
local disk = keeper.root_volume
keeper:terminate()
keeper:wait_until_terminated()
print("with delete_on_termination = false it is " .. disk.state .. ", still billed until vol:delete():",
  #region:volumes{state = "available"}, "orphaned volume(s)")
disk:delete()

title("Spot: cheaper, with a two-minute warning")
local spot = subnets[1]:run_instance{name = "batch", instance_type = "c5.xlarge", market = "spot"}
spot:wait_until_running()
print(("on-demand %s/h, spot %s/h"):format(usd(aws.instance_type("c5.xlarge").price_per_hour),
  usd(aws.instance_type("c5.xlarge").spot_price_per_hour)))
sim.interrupt_spot(spot)
print("interruption notice: it ends at t =", spot.spot_interruption_time)
sim.advance("2m")
print("after two minutes:", spot.state)

title("High availability: an Auto Scaling group across two AZs")
local lt = region:create_launch_template{name = "web", image_id = golden.image_id, instance_type = "t3.micro"}
local asg = region:create_auto_scaling_group{name = "web", launch_template = lt,
  subnets = {subnets[1], subnets[2]}, min_size = 2, max_size = 6, desired_capacity = 4}
sim.advance(30)
local function spread()
  local n = {}
  for _, i in ipairs(asg:instances()) do n[i.availability_zone] = (n[i.availability_zone] or 0) + 1 end
  local parts = {}
  for az, c in pairs(n) do parts[#parts + 1] = az .. "=" .. c end
  table.sort(parts)
  return table.concat(parts, " ")
end
print("in service:", spread())
local lost_az = subnets[1].availability_zone
local victim = asg:instances()[1]
sim.fail_az(lost_az)
local ok, trace = net.reachable(victim, "internet", {port = 443})
print("sim.fail_az(" .. lost_az .. "): " .. victim.id .. " reaches the internet?", ok, "-", trace.explanation.message)
sim.advance(sim.config().timings.asg_replace)
print("after the health check:", spread())
for _, a in ipairs(asg.activities) do print("  " .. a.time, a.description) end
sim.recover_az(lost_az)
sim.advance(60)
print("recovered and rebalanced:", spread())

title("The bill")
local plan = sim.savings_plan{kind = "compute", commitment_per_hour = 0.02, term = "1y"}
sim.advance("1h")
print(sim.cost{by = "service"})
print(("a %s/h Savings Plan at %.0f%% off; 30-day forecast of what runs now: %s"):format(
  usd(plan.commitment_per_hour), plan.discount * 100, usd(sim.forecast{days = 30}.total)))
