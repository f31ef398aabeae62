//! EC2 from Lua: the catalog, images, the lifecycle's refusals, billing, Spot, Savings
//! Plans, Auto Scaling and AZ failure (LUA_API.md "Instance", "Compute", `sim.cost`).

use super::cases::check;

#[test]
fn catalog_from_lua() {
    check(&[
        (
            "instance types explain their names and carry every field",
            r#"
            local t = aws.instance_type("c5n.xlarge")
            eq(t.category, "compute") eq(t.family, "c5n") eq(t.size, "xlarge")
            eq(t.decoded.family, "c") eq(t.decoded.generation, 5) eq(t.decoded.size, "xlarge")
            eq(t.decoded.attributes[1].letter, "n") eq(t.decoded.attributes[1].meaning, "network optimized")
            eq(t.approximate_price, true) has(t.prices_as_of, "2026")
            assert(t.spot_price_per_hour < t.price_per_hour)
            local g = aws.instance_type("g4dn.xlarge")
            eq(g.gpus.model, "NVIDIA T4") eq(g.instance_store_gb, 125) eq(g.hibernation_supported, false)
            eq(aws.instance_type("m5.large").approximate_price, false)
            fails("InvalidInstanceType", function() return aws.instance_type("c5n.xlarg") end, "c5n.xlarge")
            "#,
        ),
        (
            "filters, categories and suggestions",
            r#"
            assert(#aws.instance_types{} >= 45)
            for _, t in ipairs(aws.instance_types{architecture = "arm64"}) do eq(t.architecture, "arm64") end
            for _, t in ipairs(aws.instance_types{category = "memory", min_memory_gib = 32, max_price = 0.3}) do
              eq(t.category, "memory") assert(t.memory_gib >= 32 and t.price_per_hour <= 0.3)
            end
            eq(#aws.instance_types{min_vcpus = 96}, 1)
            fails("InvalidParameterValue", function() return aws.instance_types{category = "gpu"} end, "gpu")
            fails("InvalidParameter", function() return aws.instance_types{categroy = "memory"} end, "category")
            local cats = aws.categories()
            eq(#cats, 5) eq(cats[5].name, "storage") has(cats[5].use_cases[1], "NoSQL")
            local s = aws.suggest_instance_type{workload = "in-memory-db", memory_gib = 60}
            eq(s.category, "memory") eq(s.instance_type, "r5.2xlarge") has(s.reason, "memory optimized")
            eq(aws.suggest_instance_type{workload = "web"}.instance_type, "t3.nano")
            fails("InvalidParameterValue", function() return aws.suggest_instance_type{workload = "webb"} end, "web")
            "#,
        ),
        (
            "images are handles with owners, and filters",
            r#"
            local all = aws.images{}
            assert(#all >= 10)
            local mp = aws.images{owner = "marketplace"}
            assert(#mp >= 1) assert(mp[1].software_price_per_hour > 0) eq(mp[1].owner, "marketplace")
            eq(aws.images{os = "windows"}[1].distribution, "Windows Server 2022")
            eq(aws.images{name = "s3"}[1].root_device_type, "instance-store")
            for _, i in ipairs(aws.images{architecture = "arm64"}) do eq(i.architecture, "arm64") end
            eq(aws.images{owner = "amazon"}[1].name, "al2023-ami-2023.6-x86_64")
            local eu = aws.images{region = "eu-west-1"}[1]
            assert(eu.image_id ~= all[1].image_id) eq(eu.region, "eu-west-1")
            eq(aws.get(all[1].image_id), all[1])
            fails("InvalidParameterValue", function() return aws.images{owner = "me"} end, "me")
            "#,
        ),
    ]);
}

#[test]
fn lifecycle_from_lua() {
    check(&[
        (
            "golden image: install, capture, launch identical copies, deregister",
            r#"
            local sn = r:default_vpc():subnets()[1]
            local a = sn:run_instance{name = "base"}
            a:wait_until_running()
            a:install("nginx")
            local img = r:create_image{instance = a, name = "web-v1"}
            eq(img.state, "pending") eq(a.rebooting, true) eq(a.state, "running")
            fails("InvalidAMIName.Duplicate", function() return r:create_image{instance = a, name = "web-v1"} end)
            sim.advance(sim.config().timings.image_pending)
            eq(img.state, "available") eq(img.owner, "self") eq(img.public, false) eq(img.apps[1], "nginx")
            local b = sn:run_instance{image_id = img.image_id, instance_type = "m5.large"}
            eq(b.apps[1], "nginx") eq(b.image, img)
            img:share("123456789012") eq(img.launch_permissions[1], "123456789012")
            img:make_public() eq(img.public, true)
            img:deregister()
            fails("InvalidAMIID.Unavailable", function() return sn:run_instance{image_id = img.image_id} end)
            fails("InvalidAMIID.Malformed", function() return sn:run_instance{image_id = "ami-xyz"} end)
            local arm = aws.images{architecture = "arm64", owner = "amazon"}[1]
            fails("InvalidParameterValue", function() return sn:run_instance{image_id = arm.image_id} end, "architecture")
            "#,
        ),
        (
            "refusals carry AWS's codes; timings are read",
            r#"
            sim.config{timings = {ec2_reboot = 3, ec2_resume = 5}}
            eq(sim.config().timings.ec2_reboot, 3)
            local sn = r:default_vpc():subnets()[1]
            local h = sn:run_instance{instance_type = "t3.micro", hibernation = true}
            fails("IncorrectInstanceState", function() h:stop{} end)
            h:wait_until_running()
            h:reboot() eq(h.rebooting, true) sim.advance(3) eq(h.rebooting, false)
            h:stop{hibernate = true} h:wait_until_stopped()
            fails("UnsupportedOperation", function() h:modify{instance_type = "t3.small"} end, "hibernation")
            local t0 = sim.now() h:start() h:wait_until_running() eq(sim.now() - t0, 5, "ec2_resume")
            fails("UnsupportedHibernationConfiguration", function()
              sn:run_instance{instance_type = "g4dn.xlarge", hibernation = true} end, "g4dn")
            local st = sn:run_instance{image_id = aws.images{name = "s3"}[1].image_id, instance_type = "i3.large"}
            st:wait_until_running()
            eq(st.root_device_type, "instance-store") eq(st.instance_initiated_shutdown_behavior, "terminate")
            fails("UnsupportedOperation", function() st:stop() end, "instance store")
            local p = sn:run_instance{disable_api_termination = true}
            fails("OperationNotPermitted", function() p:terminate() end)
            fails("IncorrectInstanceState", function() p:stop() end, "pending")
            p:wait_until_running() p:stop() p:wait_until_stopped()
            fails("InvalidInstanceAttributeValue", function() p:modify{instance_type = "t9.huge"} end, "t9.huge")
            "#,
        ),
        (
            "the vCPU quota and OS shutdown",
            r#"
            sim.config{quotas = {vcpus_on_demand_standard = 4}}
            local sn = r:default_vpc():subnets()[1]
            local a = sn:run_instance{instance_initiated_shutdown_behavior = "terminate"}
            sn:run_instance{}
            fails("VcpuLimitExceeded", function() sn:run_instance{} end, "4")
            sn:run_instance{market = "spot"}
            a:wait_until_running()
            a:shutdown()
            eq(a.state, "shutting-down")
            fails("InvalidParameterValue", function() sn:run_instance{market = "reserved"} end, "reserved")
            "#,
        ),
    ]);
}

#[test]
fn billing_from_lua() {
    check(&[
        (
            "sim.cost per resource, service and tag; inst:cost(); the bill prints",
            r#"
            local sn = r:default_vpc():subnets()[1]
            local a = sn:run_instance{instance_type = "m5.large", tags = {team = "blue"}}
            a:wait_until_running()
            sim.advance("1h")
            a:stop() a:wait_until_stopped()
            local bill = sim.cost{by = "resource"}
            local compute = 0
            for _, i in ipairs(bill.items) do
              if i.resource == a.id and i.kind == "compute" then compute = i.usd eq(i.unit, "hours") end
            end
            assert(math.abs(compute - 0.096) < 1e-9, compute)
            local total = 0
            for _, i in ipairs(bill.items) do if i.resource == a.id then total = total + i.usd end end
            assert(math.abs(a:cost() - total) < 1e-12)
            local by_tag = sim.cost{by = "tag:team"}
            eq(by_tag.items[1].resource, "blue")
            local s = tostring(sim.cost{by = "service"})
            has(s, "TOTAL") has(s, "compute") has(s, "public-ip") has(s, "storage")
            local early = sim.cost{since = 0, ["until"] = 60}
            assert(early.total < bill.total)
            fails("InvalidParameter", function() return sim.cost{by = "team"} end, "tag:KEY")
            fails("InvalidParameterValue", function() return sim.cost{since = "2h", ["until"] = "1h"} end)
            assert(sim.forecast{days = 30}.total > 0, "the stopped instance's volume is still billed")
            "#,
        ),
        (
            "Spot interruption with its two-minute warning, and Savings Plan coverage",
            r#"
            local sn = r:default_vpc():subnets()[1]
            local plan = sim.savings_plan{kind = "compute", commitment_per_hour = 0.05, term = "1y"}
            eq(plan.discount, 0.28)
            local s = sn:run_instance{instance_type = "m5.large", market = "spot"}
            local o = sn:run_instance{instance_type = "m5.large"}
            s:wait_until_running()
            fails("UnsupportedOperation", function() sim.interrupt_spot(o) end)
            sim.interrupt_spot(s)
            eq(s.spot_interruption_time, sim.now() + 120)
            sim.advance(119) eq(s.state, "running")
            sim.advance(1) eq(s.state, "shutting-down")
            local sid = s.id
            local later = sn:run_instance{instance_type = "m5.large", market = "spot", spot_interruption_behavior = "stop"}
            later:wait_until_running()
            sim.interrupt_spot(later, "1h")
            sim.advance("1h") eq(later.spot_interruption_time, sim.now() + 120, "the scripted notice came")
            later:wait_until_stopped()
            local covered, fee = 0, 0
            for _, i in ipairs(sim.cost{}.items) do
              covered = covered + i.covered_usd
              if i.kind == "savings-plan" then fee = i.usd end
              if i.resource == sid and i.kind == "compute" then eq(i.covered_usd, 0, "Spot is not covered") end
            end
            assert(covered > 0 and fee > 0)
            fails("MissingParameter", function() sim.savings_plan{kind = "ec2-instance", commitment_per_hour = 1} end, "family")
            fails("ValidationException", function() sim.savings_plan{commitment_per_hour = 0} end)
            sim.savings_plan{kind = "ec2-instance", family = "m5", commitment_per_hour = 0.01, term = "3y"}
            "#,
        ),
        (
            "NAT gateway data through sim.transfer",
            r#"
            local v, pub, g = public_vpc()
            local rt = v:create_route_table{}
            rt:create_route{destination_cidr_block = "0.0.0.0/0", target = g}
            rt:associate(pub)
            local nat = pub:create_nat_gateway{elastic_ip = r:allocate_address{}}
            local priv = subnet(v, "10.0.2.0/24", "us-east-1b")
            local prt = v:create_route_table{}
            prt:create_route{destination_cidr_block = "0.0.0.0/0", target = nat}
            prt:associate(priv)
            local app = priv:run_instance{}
            sim.advance(60)
            eq(sim.transfer{from = app, gb = 10}, nat)
            local data = 0
            for _, i in ipairs(sim.cost{}.items) do if i.kind == "nat-data" then data = i.usd end end
            assert(math.abs(data - 0.45) < 1e-9, data)
            fails("MissingParameter", function() sim.transfer{from = app} end, "gb")
            "#,
        ),
    ]);
}

#[test]
fn auto_scaling_and_az_failure_from_lua() {
    check(&[(
        "two AZs survive an AZ failure; traces name the failed AZ",
        r#"
        local v = r:default_vpc()
        local subnets = v:subnets()
        local lt = r:create_launch_template{name = "web", instance_type = "t3.micro"}
        eq(lt.launch_template_name, "web")
        local asg = r:create_auto_scaling_group{name = "web-asg", launch_template = lt,
          subnets = {subnets[1], subnets[2]}, min_size = 2, max_size = 6, desired_capacity = 4}
        eq(#asg:instances(), 4) eq(#asg.availability_zones, 2)
        fails("ValidationError", function() asg:set_desired_capacity(9) end, "9")
        local az = subnets[1].availability_zone
        local lost = asg:instances()[1]
        eq(lost.availability_zone, az)
        sim.advance(30)
        sim.fail_az(az)
        eq(sim.failed_azs()[1], az) eq(lost.impaired, true)
        local ok, t = net.reachable(lost, "internet", {port = 443})
        eq(ok, false)
        eq(t.explanation.component, az) eq(t.explanation.kind, "availability-zone")
        eq(#asg:instances(), 2)
        sim.advance(sim.config().timings.asg_replace)
        eq(#asg:instances(), 4)
        for _, i in ipairs(asg:instances()) do assert(i.availability_zone ~= az) end
        local last = asg.activities[#asg.activities].description
        has(last, "Launching")
        sim.recover_az(az)
        sim.advance(60)
        local in_az = 0
        for _, i in ipairs(asg:instances()) do if i.availability_zone == az then in_az = in_az + 1 end end
        eq(in_az, 2, "rebalanced")
        asg:set_target_tracking{metric = "cpu", target = 50}
        eq(asg:put_metric(75), 6)
        fails("InvalidParameterValue", function() sim.fail_az("us-east-1q") end, "us-east-1q")
        local i = subnets[1]:run_instance{launch_template = lt}
        eq(i.instance_type, "t3.micro")
        "#,
    )]);
}

#[test]
fn root_volumes_from_lua() {
    check(&[
        (
            "the root volume survives stops, goes with its instance by default, and is kept with delete_on_termination = false",
            r#"
            local sn = r:default_vpc():subnets()[1]
            local a = sn:run_instance{instance_type = "m5.large", hibernation = true}
            local va = a.root_volume
            eq(va.state, "in-use") eq(va.instance, a) eq(va.size_gb, 8) eq(va.volume_type, "gp3")
            eq(va.device, "/dev/xvda") eq(va.delete_on_termination, true) eq(va.availability_zone, a.availability_zone)
            a:wait_until_running() a:stop{hibernate = true} a:wait_until_stopped()
            eq(a.root_volume, va) eq(va.state, "in-use")
            a:terminate() a:wait_until_terminated()
            eq(va.state, "deleted") eq(va.instance, nil) eq(a.root_volume, nil)
            fails("InvalidVolume.NotFound", function() va:delete() end, va.id)
            local k0 = sim.now()
            local k = sn:run_instance{name = "keeper", root_volume_gb = 20, delete_on_termination = false}
            local vk, kid = k.root_volume, k.id
            fails("VolumeInUse", function() vk:delete() end, vk.id, k.id)
            eq(vk.state, "in-use", "the refusal changed nothing")
            sim.advance("1h") k:terminate() k:wait_until_terminated()
            eq(vk.state, "available") eq(vk.instance, nil)
            eq(#r:volumes{state = "available"}, 1) eq(r:volumes{state = "available"}[1], vk)
            local t0 = sim.now()
            sim.advance("2h")
            vk:delete()
            eq(vk.state, "deleted") eq(#r:volumes{}, 0) eq(#r:volumes{state = "deleted"}, 2)
            sim.advance("5h")
            local per_hour = 20 * 0.08 / 730
            local own, with_instance = 0, 0
            for _, i in ipairs(sim.cost{}.items) do
              if i.resource == vk.id then own = own + i.usd eq(i.service, "ebs") eq(i.kind, "storage") end
              if i.resource == kid and i.kind == "storage" then with_instance = with_instance + i.usd end
            end
            assert(math.abs(own - per_hour * 2) < 1e-12, "2 h detached until delete(), then nothing: " .. own)
            assert(math.abs(with_instance - per_hour * ((t0 - k0) / 3600)) < 1e-12, "launch to terminated: " .. with_instance)
            fails("InvalidParameterValue", function() r:volumes{state = "attached"} end, "attached", "in-use")
            fails("InvalidBlockDeviceMapping", function()
              sn:run_instance{image_id = aws.images{name = "s3"}[1].image_id, instance_type = "i3.large",
                              delete_on_termination = false} end, "instance store")
            eq(tostring(vk):find("deleted") ~= nil, true)
            "#,
        ),
        (
            "sim.config prices: read, overridden for what starts after, bad keys and values refused",
            r#"
            local p = sim.config().prices
            eq(p.public_ipv4_hour, 0.005) eq(p.ebs_gp3_gb_month, 0.08) eq(p.nat_gateway_hour, 0.045)
            eq(p.vpn_connection_hour, 0.05) eq(p.dx_port_hour_10gbps, 2.25) eq(p.savings_plan_discount_compute_1y, 0.28)
            local g = r:create_vpn_gateway{}
            local c = r:create_customer_gateway{ip_address = "198.51.100.7"}
            local old = r:create_vpn_connection{vpn_gateway = g, customer_gateway = c}
            eq(sim.config{prices = {vpn_connection_hour = 0.10}}.prices.vpn_connection_hour, 0.10)
            local new = r:create_vpn_connection{vpn_gateway = g, customer_gateway = c}
            sim.advance("1h")
            local usd = {}
            for _, i in ipairs(sim.cost{}.items) do usd[i.resource] = i.usd end
            assert(math.abs(usd[old.id] - 0.05) < 1e-12, "opened before the change: the old rate")
            assert(math.abs(usd[new.id] - 0.10) < 1e-12, "opened after it: the new rate")
            fails("InvalidParameter", function() sim.config{prices = {vpn_hour = 1}} end, "vpn_hour", "vpn_connection_hour")
            fails("InvalidParameterValue", function() sim.config{prices = {nat_gateway_gb = -1}} end, "nat_gateway_gb", "-1")
            fails("InvalidParameterValue", function() sim.config{prices = {public_ipv4_hour = 1, nat_gateway_hour = 0/0}} end,
                  "nat_gateway_hour")
            eq(sim.config().prices.public_ipv4_hour, 0.005, "a refused call changes nothing")
            fails("InvalidParameter", function() sim.config{prices = {nat_gateway_hour = "cheap"}} end, "number")
            sim.config{prices = {savings_plan_discount_compute_1y = 0.5}}
            eq(sim.savings_plan{kind = "compute", commitment_per_hour = 0.01}.discount, 0.5)
            "#,
        ),
    ]);
}
