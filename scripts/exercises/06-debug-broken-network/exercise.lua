-- Debugging: the starting world is wrong in three places; find them with net.trace.
return {
  id = "debug-broken-network",
  title = "Debug this broken network",
  prompt = [[
A colleague built a two-tier application in VPC "shop" (us-east-1) and it does not work:
  - "web" (public subnet "public") must answer HTTPS (tcp 443) from the internet,
  - "db" (private subnet "private") must accept tcp {{db_port}} from web, and only from web,
  - the private subnet must have no route to the internet.
Three things are wrong. Find them (net.trace(...) explains what blocks a flow, and
tostring(trace) prints the path) and fix them with the API. Do not delete and rebuild the
VPC, and do not open more than what is asked.
]],
  region = "us-east-1",
  params = function(seed) return { db_port = ({ 5432, 3306, 1433 })[seed % 3 + 1] } end,
  setup = function()
    local region = aws.region("us-east-1")
    local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "shop"}
    local igw = region:create_internet_gateway{name = "shop-igw"}
    igw:attach(vpc)
    local public = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a",
                                     map_public_ip_on_launch = true, name = "public"}
    local private = vpc:create_subnet{cidr_block = "10.0.2.0/24", availability_zone = "us-east-1a", name = "private"}
    local rt = vpc:create_route_table{name = "public-rt"}
    rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
    rt:associate(private) -- bug 1: the internet route table is on the wrong subnet
    local web_sg = vpc:create_security_group{group_name = "web", name = "web"}
    web_sg:authorize_ingress{protocol = "tcp", port = 80, cidr_block = "0.0.0.0/0"} -- bug 2: 80, not 443
    local db_sg = vpc:create_security_group{group_name = "db", name = "db"}
    db_sg:authorize_ingress{protocol = "tcp", port = params.db_port, cidr_block = "10.0.2.0/24"} -- bug 3: wrong source
    public:run_instance{name = "web", security_groups = {web_sg}}
    private:run_instance{name = "db", security_groups = {db_sg}}
    sim.advance("1m")
  end,
  checks = {
    { name = "web answers HTTPS from the internet", points = 4,
      hint = "trace internet -> web on 443: look at the route table of web's subnet and at web's security group",
      run = function()
        expect.reachable("internet", expect.resource("web", "instance"), { protocol = "tcp", port = 443 })
      end },
    { name = "web reaches db", points = 3,
      hint = "trace web -> db: which source does db's security group allow?",
      run = function()
        expect.reachable(expect.resource("web", "instance"), expect.resource("db", "instance"), { protocol = "tcp", port = params.db_port })
      end },
    { name = "db is not reachable from the internet", points = 1,
      run = function()
        expect.unreachable("internet", expect.resource("db", "instance"), { protocol = "tcp", port = params.db_port })
      end },
    { name = "the private subnet has no internet route", points = 1,
      hint = "a subnet takes the main route table again when you disassociate it",
      run = function()
        expect(not expect.resource("private", "subnet").is_public, "subnet private still routes 0.0.0.0/0 to the internet gateway")
      end },
    { name = "fixed without opening everything", points = 1, hidden = true,
      run = function()
        local function only(sg_name, allowed)
          for _, rule in ipairs(expect.resource(sg_name, "security-group").ingress) do
            expect(rule.protocol ~= "all", "group " .. sg_name .. " allows every protocol")
            expect(allowed(rule), "group " .. sg_name .. " has an unexpected rule for port " .. tostring(rule.from_port))
          end
        end
        only("web", function(r) return r.from_port == 443 or r.from_port == 80 end)
        only("db", function(r) return r.cidr_block ~= "0.0.0.0/0" end)
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-partial.lua", "wrong-open-all.lua" },
}
