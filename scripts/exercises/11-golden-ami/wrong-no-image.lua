-- Configures each new instance by hand, both in one AZ, with no golden image.
local fleet = aws.get("fleet-a", "subnet")
for _, name in ipairs({ "web-1", "web-2" }) do
  local inst = fleet:run_instance{name = name}
  inst:wait_until_running()
  inst:install("nginx")
  inst:install("app-v2")
end
aws.get("web-v1", "instance"):terminate()
