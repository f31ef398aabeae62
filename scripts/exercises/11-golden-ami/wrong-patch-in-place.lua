-- Patches the old instance instead of replacing it, and keeps it.
local region = aws.region("us-east-1")
local v1 = aws.get("web-v1", "instance")
v1:install("app-v2")
local builder = aws.get("fleet-a", "subnet"):run_instance{name = "builder"}
builder:wait_until_running()
builder:install("nginx")
builder:install("app-v2")
local golden = region:create_image{instance = builder, name = "app-v2-golden"}
sim.advance(sim.config().timings.image_pending)
aws.get("fleet-a", "subnet"):run_instance{name = "web-1", image_id = golden.image_id}
aws.get("fleet-b", "subnet"):run_instance{name = "web-2", image_id = golden.image_id}
builder:terminate()
