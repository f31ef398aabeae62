-- Terminates what should only be stopped, and switches db's protection off.
for _, name in ipairs({ "app", "scratch", "web", "cache" }) do
  aws.get(name, "instance"):terminate()
end
local db = aws.get("db", "instance")
db:set_termination_protection(false)
sim.advance("10m")
