//! The `net` API from Lua: verdicts, lazy traces, argument errors, matrix and exposure.

use super::cases::check;

#[test]
fn net_from_lua() {
    check(&[
        (
            "net.reachable returns the verdict and a trace that agrees",
            r#"
            local v, sn, g = public_vpc()
            local rt = v:create_route_table{}
            rt:create_route{destination_cidr_block = "0.0.0.0/0", target = g}
            rt:associate(sn)
            local sg = v:create_security_group{group_name = "web"}
            sg:authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
            local web = sn:run_instance{security_groups = {sg}, associate_public_ip_address = true}
            web:wait_until_running()
            local ok, t = net.reachable("internet", web, {protocol = "tcp", port = 443})
            eq(ok, true, "verdict")
            eq(t.reachable, true, "trace verdict")
            has(tostring(t), "REACHABLE")
            local no, t2 = net.reachable("internet", web, {port = 22})
            eq(no, false, "port 22")
            eq(t2.explanation.code, "ENI_SG_RULES_MISMATCH")
            eq(net.reachable(web, "internet", {protocol = "udp", port = 53}), true, "udp out")
            "#,
        ),
        (
            "net.reachable refuses bad options like every other call",
            r#"
            local v = vpc()
            local i = subnet(v):run_instance{}
            i:wait_until_running()
            fails("InvalidParameter", function() return net.reachable(i, i, {prot = "tcp", port = 1}) end, "protocol")
            fails("MissingParameter", function() return net.reachable(i, i, {protocol = "tcp"}) end, "port")
            fails("InvalidParameterValue", function() return net.reachable(i, i, {port = 70000}) end, "70000")
            fails("InvalidParameterValue", function() return net.reachable(i, i, {protocol = "ospf", port = 1}) end, "ospf")
            fails("InvalidParameter", function() return net.reachable(i, v, {port = 1}) end, "vpc")
            fails("InvalidInstanceID.NotFound", function() return net.reachable(i, "i-0123456789abcdef0", {port = 1}) end)
            "#,
        ),
        (
            "net.trace endpoints: IP strings, hosts and the internet",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local a = sn:run_instance{}
            local b = sn:run_instance{}
            sim.advance(60)
            local t = net.trace{source = a.private_ip, destination = b.private_ip, protocol = "tcp", port = 22}
            eq(t.reachable, true, "same subnet, default group")
            eq(#t.forward > 0 and t.forward[1].component, a.id, "first hop is the source")
            eq(t.ephemeral.range.from, 32768)
            eq(t.ephemeral.range[2], 60999)
            local out = net.trace{source = a, destination = "8.8.8.8", protocol = "tcp", port = 443}
            eq(out.reachable, false)
            eq(out.explanation.code, "NO_ROUTE_TO_DESTINATION")
            eq(#out.ephemeral.allowed, 0, "nothing allowed when the forward path is blocked")
            "#,
        ),
        (
            "net.matrix is keyed by ids and prints a grid",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local a, b = sn:run_instance{}, sn:run_instance{}
            sim.advance(60)
            local m = net.matrix{sources = {a, "internet"}, destinations = {a, b}, protocol = "tcp", port = 22}
            eq(m[a.id][b.id], true, "a -> b")
            eq(m.internet[b.id], false, "internet -> b")
            local text = tostring(m)
            has(text, a.id)
            has(text, "internet")
            "#,
        ),
        (
            "net.matrix headers and traces show id \"name\"; tostring is compact, details full",
            r#"
            local v, sn, g = public_vpc()
            local rt = v:create_route_table{name = "public-rt"}
            rt:create_route{destination_cidr_block = "0.0.0.0/0", target = g}
            rt:associate(sn)
            local sg = v:create_security_group{group_name = "web-sg"}
            local a = sn:run_instance{name = "alpha", security_groups = {sg}, associate_public_ip_address = true}
            local b = sn:run_instance{name = "beta"}
            sim.advance(60)
            local grid = tostring(net.matrix{sources = {a}, destinations = {a, b}, port = 22})
            has(grid, a.id .. ' "alpha"')
            has(grid, b.id .. ' "beta"')
            local t = net.trace{source = "internet", destination = a, protocol = "tcp", port = 443}
            local text = tostring(t)
            has(text, sg.id .. ' "web-sg"')
            has(text, rt.id .. ' "public-rt"')
            has(text, "walked to find every blocker")
            for line in text:gmatch("[^\n]+") do
              if #line > 100 then error("line over 100 columns: " .. line) end
            end
            eq(text:find(":1024 -> ", 1, true), nil, "packets only in details")
            eq(type(t.details), "string", "details")
            has(t.details, ":1024 -> ")
            eq(t.forward[#t.forward].label, a.id .. ' "alpha"', "hop label")
            eq(t.forward[#t.forward].component, a.id, "component stays the id")
            eq(t.explanation.label, sg.id .. ' "web-sg"', "explanation label")
            local _, lazy = net.reachable("internet", a, {port = 443})
            has(lazy.details, ":1024 -> ")
            "#,
        ),
        (
            "net.exposure lists what the internet reaches",
            r#"
            local v, sn, g = public_vpc()
            v.main_route_table:create_route{destination_cidr_block = "0.0.0.0/0", target = g}
            local sg = v:create_security_group{group_name = "ssh"}
            sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "203.0.113.0/24"}
            local i = sn:run_instance{security_groups = {sg}, associate_public_ip_address = true}
            i:wait_until_running()
            local list = net.exposure{}
            eq(#list, 1, "one exposed range")
            eq(list[1].resource, i)
            eq(list[1].protocol, "tcp")
            eq(list[1].ports[1].from, 22)
            eq(list[1].from[1], "203.0.113.0/24")
            "#,
        ),
        (
            "a trace from net.reachable describes the world at the call, however many were asked",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local sg = v:create_security_group{group_name = "web"}
            local a = sn:run_instance{security_groups = {sg}}
            local b = sn:run_instance{security_groups = {sg}}
            sim.advance(60)
            local ok, first = net.reachable(a, b, {protocol = "tcp", port = 22})
            local many = {}
            for i = 1, 200 do local _, t = net.reachable(a, b, {port = 22}); many[i] = t end
            sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "10.0.0.0/8"}
            eq(ok, false, "blocked at the call")
            eq(first.reachable, false, "the first trace keeps its verdict")
            eq(first.explanation.code, "SG_HAS_NO_RULES")
            eq(many[200].reachable, false, "so does the 200th")
            eq(many[200].explanation.code, "SG_HAS_NO_RULES")
            local now, t = net.reachable(a, b, {port = 22})
            eq(now, true, "the world changed")
            eq(t.reachable, true)
            sg:revoke_ingress{protocol = "tcp", port = 22, cidr_block = "10.0.0.0/8"}
            eq(t.reachable, true, "still the world of its call")
            "#,
        ),
        (
            "handles seen before take the fast path and get the full path's answers and errors",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local sg = v:create_security_group{group_name = "web"}
            sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "10.0.0.0/8"}
            local a, b = sn:run_instance{security_groups = {sg}}, sn:run_instance{}
            sim.advance(60)
            net.reachable(a, b, {port = 22})
            local flows = {{port = 22}, {protocol = "tcp", port = 22}, {protocol = "udp", port = 22},
                           {port = 22, source_port = 40000}, {port = 80}, {protocol = "tcp", port = 0},
                           {port = 22.0}, {protocol = "icmp"}, {protocol = "-1"}}
            for _, pair in ipairs{{a, b}, {b, a}, {a, a}} do
              for _, f in ipairs(flows) do
                local ok, lazy = net.reachable(pair[1], pair[2], f)
                local t = net.trace{source = pair[1], destination = pair[2], protocol = f.protocol,
                                    port = f.port, source_port = f.source_port}
                eq(ok, t.reachable, "verdict")
                eq(tostring(lazy), tostring(t), "trace")
              end
            end
            fails("InvalidParameterValue", function() return net.reachable(a, b, {port = 70000}) end, "70000")
            fails("InvalidParameterValue", function() return net.reachable(a, b, {port = -1}) end, "-1")
            fails("MissingParameter", function() return net.reachable(a, b, {protocol = "tcp"}) end, "port")
            fails("InvalidParameter", function() return net.reachable(a, b, {prot = "tcp", port = 1}) end, "protocol")
            fails("InvalidParameter", function() return net.reachable(a, b, {port = "22"}) end, "port")
            b:terminate()
            sim.advance(120)
            local ok, t = net.reachable(a, b, {port = 22})
            eq(ok, false)
            has(tostring(t), "terminated")
            sim.reset()
            fails("InvalidInstanceID.NotFound", function() return net.reachable(a, b, {port = 22}) end, "sim.reset")
            "#,
        ),
        (
            "icmp flows name a type and code; other protocols refuse them",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local sg = v:create_security_group{group_name = "ping"}
            sg:authorize_ingress{protocol = "icmp", icmp_type = 8, icmp_code = 0, cidr_block = "10.0.0.0/8"}
            local a, b = sn:run_instance{security_groups = {sg}}, sn:run_instance{security_groups = {sg}}
            sim.advance(60)
            local t = net.trace{source = a, destination = b, protocol = "icmp"}
            eq(t.reachable, true, "echo request by default")
            eq(t.forward[1].packet.icmp_type, 8)
            eq(t.forward[1].packet.icmp_code, 0)
            eq(net.reachable(a, b, {protocol = "icmp", icmp_type = 13}), false, "timestamp is not allowed")
            fails("InvalidParameterCombination", function() return net.trace{source = a, destination = b, protocol = "icmp", port = 8} end)
            fails("InvalidParameterCombination", function() return net.trace{source = a, destination = b, port = 22, icmp_type = 8} end)
            fails("InvalidParameterValue", function() return net.trace{source = a, destination = b, protocol = "icmp", icmp_type = 300} end)
            "#,
        ),
        (
            "net.matrix summary counts class pairs like the grid",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local open = v:create_security_group{group_name = "open"}
            open:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "10.0.0.0/8"}
            local list = {"internet"}
            for i = 1, 6 do list[#list + 1] = sn:run_instance{security_groups = {open}} end
            for i = 1, 3 do list[#list + 1] = sn:run_instance{} end
            sim.advance(60)
            local s = net.matrix{sources = list, destinations = list, port = 22, summary = true}
            local m = net.matrix{sources = list, destinations = list, port = 22}
            local yes = 0
            for _, row in pairs(m) do for _, ok in pairs(row) do if ok then yes = yes + 1 end end end
            eq(s.total, #list * #list)
            eq(s.reachable_count, yes)
            eq(#s.classes, 3, "the internet, the open instances, the default ones")
            eq(#s.classes[2].members, 6)
            local counted = 0
            for _, p in ipairs(s.pairs) do eq(p.reachable, true); counted = counted + p.count end
            eq(counted, yes, "the listed pairs are the reachable ones")
            "#,
        ),
        (
            "the VPC resolver and reserved addresses",
            r#"
            local v = vpc()
            local sn = subnet(v)
            local i = sn:run_instance{}
            sim.advance(60)
            local base = v.cidr_block:match("^(%d+%.%d+%.%d+%.)")
            eq(net.reachable(i, base .. "2", {protocol = "udp", port = 53}), true, "DNS to VPC+2")
            local router = sn.cidr_block:match("^(%d+%.%d+%.%d+%.)") .. "1"
            fails("InvalidParameterValue", function() return net.trace{source = i, destination = router, port = 22} end, "reserves")
            "#,
        ),
    ]);
}

/// The world copies kept for pending traces count against the memory limit: a script that
/// keeps a trace from every batch while changing the world runs out of memory instead of
/// growing without bound.
#[test]
fn kept_world_copies_count_against_memory() {
    let src = r#"
        local v = aws.region("us-east-1"):create_vpc{cidr_block = "10.0.0.0/16"}
        local sn = v:create_subnet{cidr_block = "10.0.1.0/24"}
        local list = aws.region("us-east-1"):run_instances{subnet = sn, count = 100}
        sim.advance(60)
        local kept = {}
        -- 2000 kept traces are a few hundred KB of Lua heap; the copies they keep are not.
        for i = 1, 2000 do
          for j = 1, 65 do local _, t = net.reachable(list[1], list[2], {port = 22}); kept[i] = t end
          v:create_tags{round = tostring(i)}
        end
    "#;
    let ran = super::common::run_named(src, "copies.lua", "memory=16M,instructions=1e10,time=60s");
    let err = ran.err();
    assert!(err.contains("memory"), "{err}");
}
