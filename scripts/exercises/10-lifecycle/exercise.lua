-- The instance lifecycle: stop vs terminate vs hibernate, and what survives each.
return {
  id = "lifecycle",
  title = "Shutting down for the weekend",
  prompt = [[
Five instances run in the default VPC of us-east-1. Before the weekend:
  - "app": stop it. Its EBS root volume and its private IP address must survive.
  - "scratch": it is disposable: terminate it, and wait until it is really gone.
  - "web": stop it too, but its public address must be the same on Monday: an
    ordinary public IP is released at stop, an Elastic IP stays.
  - "cache": hibernate it (it was launched with hibernation enabled), so its memory survives.
  - "db": leave it running. It has termination protection: check that it holds, with
    pcall(function() db:terminate() end), without switching the protection off.
]],
  region = "us-east-1",
  setup = function()
    local region = aws.region("us-east-1")
    for _, name in ipairs({ "app", "scratch", "web" }) do
      region:run_instances{name = name}
    end
    region:run_instances{name = "cache", instance_type = "t3.small", hibernation = true}
    region:run_instances{name = "db", disable_api_termination = true}
    sim.advance("1m")
    local app = aws.get("app", "instance")
    app:create_tags{original_ip = app.private_ip}
  end,
  checks = {
    { name = "app is stopped and keeps its private IP", points = 2,
      hint = "app:stop() (and app:wait_until_stopped()); stopping keeps the ENI and its private address",
      run = function()
        local app = expect.state("app", "stopped")
        expect.eq(app.private_ip, app.tags.original_ip, "app's private IP")
      end },
    { name = "scratch is terminated", points = 2,
      hint = "terminate() starts shutting-down; scratch:wait_until_terminated() waits until it is terminated",
      run = function()
        expect.state("scratch", "terminated")
      end },
    { name = "web is stopped behind an Elastic IP", points = 2,
      hint = "region:allocate_address{}, eip:associate(web), then web:stop()",
      run = function()
        local web = expect.state("web", "stopped")
        expect(web.elastic_ip ~= nil, "web has no Elastic IP: its public address will change when it starts again")
      end },
    { name = "cache is hibernated", points = 1, hidden = true,
      hint = "cache:stop{hibernate = true}",
      run = function()
        local cache = expect.state("cache", "stopped")
        expect(cache.hibernated, "cache was stopped without hibernating: its memory is lost (stop{hibernate = true})")
      end },
    { name = "db still runs, and its protection holds", points = 2,
      hint = "do not call set_termination_protection(false)",
      run = function()
        expect.state("db", "running")
        local db = expect.resource("db", "instance")
        expect.error_code(function() db:terminate() end, "OperationNotPermitted")
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-terminate-all.lua", "wrong-no-eip.lua" },
}
