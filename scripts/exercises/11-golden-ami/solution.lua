local region = aws.region("us-east-1")
local builder = aws.get("fleet-a", "subnet"):run_instance{name = "builder"}
builder:wait_until_running()
builder:install("nginx")
builder:install("app-v2")
local golden = region:create_image{instance = builder, name = "app-v2-golden"}
sim.advance(sim.config().timings.image_pending)
assert(golden.state == "available")
local one = aws.get("fleet-a", "subnet"):run_instance{name = "web-1", image_id = golden.image_id}
local two = aws.get("fleet-b", "subnet"):run_instance{name = "web-2", image_id = golden.image_id}
one:wait_until_running()
two:wait_until_running()
aws.get("web-v1", "instance"):terminate()
builder:terminate()
