local function cheapest(category, fits)
  local best
  for _, t in ipairs(aws.instance_types{category = category}) do
    if fits(t) and (best == nil or t.price_per_hour < best.price_per_hour) then best = t end
  end
  return best.name
end
local region = aws.region("us-east-1")
local api = cheapest("compute", function(t) return t.vcpus >= params.vcpus and t.architecture == "x86_64" end)
local cache = cheapest("memory", function(t) return t.memory_gib >= params.memory end)
region:run_instances{instance_type = api, name = "api"}
region:run_instances{instance_type = cache, name = "cache"}
