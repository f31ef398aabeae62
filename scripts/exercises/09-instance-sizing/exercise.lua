-- Instance families and sizing: the cheapest type of the right family for a workload.
local function cheapest(category, fits)
  local best
  for _, t in ipairs(aws.instance_types{category = category}) do
    if fits(t) and (best == nil or t.price_per_hour < best.price_per_hour) then best = t end
  end
  return best
end

local function launched(name, category, fits, what)
  local inst = expect.resource(name, "instance")
  local t = aws.instance_type(inst.instance_type)
  expect.eq(t.category, category, name .. "'s instance category")
  expect(fits(t), name .. " (" .. t.name .. ") does not fit: " .. what)
  return inst, t
end

return {
  id = "instance-sizing",
  title = "Right-sizing two instances",
  prompt = [[
Launch two instances in the default VPC of us-east-1 (aws.instance_types{...} and
aws.instance_type(name) describe the catalog):
  - "api": a CPU-bound web API compiled for x86_64 that needs at least {{vcpus}} vCPUs;
  - "cache": an in-memory cache that needs at least {{memory}} GiB of RAM.
Pick, for each, the family meant for that kind of workload, and in that family the cheapest
type (on-demand price per hour) that fits.
]],
  region = "us-east-1",
  params = function(seed) return { vcpus = ({ 2, 4, 8 })[seed % 3 + 1], memory = ({ 16, 32 })[seed % 2 + 1] } end,
  checks = {
    { name = "api runs on a compute-optimized type", points = 1,
      hint = "CPU-bound work: the compute category (c families)",
      run = function()
        launched("api", "compute", function(t) return true end, "")
      end },
    { name = "api has the vCPUs and architecture it needs", points = 2,
      hint = "aws.instance_type(name).vcpus and .architecture",
      run = function()
        launched("api", "compute", function(t) return t.vcpus >= params.vcpus and t.architecture == "x86_64" end,
          "it needs " .. params.vcpus .. " vCPUs on x86_64")
      end },
    { name = "api is the cheapest fitting type", points = 2,
      run = function()
        local fits = function(t) return t.vcpus >= params.vcpus and t.architecture == "x86_64" end
        local _, t = launched("api", "compute", fits, "it needs " .. params.vcpus .. " vCPUs on x86_64")
        local best = cheapest("compute", fits)
        expect(t.price_per_hour <= best.price_per_hour, string.format("%s costs $%.4f/h; %s fits for $%.4f/h",
          t.name, t.price_per_hour, best.name, best.price_per_hour))
      end },
    { name = "cache runs on a memory-optimized type with enough RAM", points = 3,
      hint = "in-memory caches and databases: the memory category (r, x families)",
      run = function()
        launched("cache", "memory", function(t) return t.memory_gib >= params.memory end,
          "it needs " .. params.memory .. " GiB")
      end },
    { name = "cache is the cheapest fitting type", points = 2, hidden = true,
      run = function()
        local fits = function(t) return t.memory_gib >= params.memory end
        local _, t = launched("cache", "memory", fits, "it needs " .. params.memory .. " GiB")
        local best = cheapest("memory", fits)
        expect(t.price_per_hour <= best.price_per_hour, string.format("%s costs $%.4f/h; %s fits for $%.4f/h",
          t.name, t.price_per_hour, best.name, best.price_per_hour))
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-general.lua", "wrong-oversized.lua" },
}
