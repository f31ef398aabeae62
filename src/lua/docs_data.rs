//! The documentation text of the Lua API, transcribed from LUA_API.md.
//!
//! Functions and methods: `(name, arguments and result, summary)`;
//! fields: `(name, type, summary)`.

/// A global table and its functions.
pub(crate) struct GlobalDoc {
    pub name: &'static str,
    pub summary: &'static str,
    pub functions: &'static [(&'static str, &'static str, &'static str)],
}

/// An object type, the variable name used in signatures, its fields and methods.
pub(crate) struct TypeDoc {
    pub name: &'static str,
    pub var: &'static str,
    pub summary: &'static str,
    /// Whether it is a taggable AWS resource (gets `tags`, `create_tags`, `delete_tags`).
    pub resource: bool,
    pub fields: &'static [(&'static str, &'static str, &'static str)],
    pub methods: &'static [(&'static str, &'static str, &'static str)],
}

pub(crate) const GLOBALS: &[GlobalDoc] = &[
    GlobalDoc {
        name: "aws",
        summary: "Entry point: regions, catalogs, lookup by id or name.",
        functions: &[
            (
                "region",
                "(name?) -> Region",
                "The region `name` (default: the run's region), created on first use with its default VPC.",
            ),
            ("regions", "() -> {Region}", "The regions in use."),
            (
                "get",
                "(id_or_name, kind?) -> resource | nil",
                "The resource with this id or unique Name tag, or nil when nothing matches.",
            ),
            (
                "create_tags",
                "(id, {k = v}) -> nil",
                "Adds tags to the resource with this id (unknown id: NotFound).",
            ),
            (
                "instance_type",
                "(name) -> table",
                "Specs of an instance type: vcpus, memory_gib, network, price_per_hour… (InvalidInstanceType if unknown).",
            ),
            (
                "instance_types",
                "{category?, family?} -> {table}",
                "Instance types, filtered by category (general, compute, memory, accelerated, storage) or family.",
            ),
            (
                "images",
                "{region?} -> {table}",
                "The AMI catalog: image_id, name, os, distribution, architecture…",
            ),
        ],
    },
    GlobalDoc {
        name: "cidr",
        summary: "CIDR toolkit; results are canonical strings, lists in address order.",
        functions: &[
            (
                "parse",
                "(c) -> {network, prefix, netmask, first, last, size}",
                "Parses a CIDR block.",
            ),
            (
                "contains",
                "(a, b) -> boolean",
                "Whether CIDR `a` contains the address or CIDR `b`.",
            ),
            (
                "overlaps",
                "(a, b) -> boolean",
                "Whether two CIDR blocks share an address.",
            ),
            (
                "split",
                "(c, new_prefix) -> {string}",
                "Splits a block into blocks of a longer prefix.",
            ),
            (
                "subnets",
                "(c, count) -> {string}",
                "Splits a block into `count` equal blocks.",
            ),
            (
                "hosts",
                "(c) -> integer",
                "AWS-usable addresses in a subnet of this size (size − 5).",
            ),
            (
                "usable",
                "(c) -> integer",
                "Same as cidr.hosts: AWS-usable addresses (size − 5).",
            ),
            (
                "aws_reserved",
                "(c) -> {string}",
                "The five addresses AWS reserves in a subnet.",
            ),
            (
                "summarize",
                "({c, …}) -> {string}",
                "The smallest list of blocks covering the given ones.",
            ),
            (
                "next",
                "(c) -> string",
                "The block of the same size right after `c`.",
            ),
        ],
    },
    GlobalDoc {
        name: "net",
        summary: "Reachability queries over the simulated network.",
        functions: &[
            (
                "trace",
                "{source, destination, protocol = \"tcp\", port, source_port?} -> Trace",
                "Follows a packet hop by hop and explains every blocker.",
            ),
            (
                "reachable",
                "(source, destination, opts) -> boolean, Trace",
                "Whether a round trip works, with the trace.",
            ),
            (
                "matrix",
                "{sources, destinations, protocol, port} -> table",
                "Reachability grid keyed [src_id][dst_id]; tostring prints it.",
            ),
            (
                "exposure",
                "{region?} -> {table}",
                "Every port range on running endpoints that the internet reaches.",
            ),
            (
                "diff",
                "(before_snapshot) -> {table}",
                "Flows whose verdict changed since a snapshot (milestone 5).",
            ),
        ],
    },
    GlobalDoc {
        name: "sim",
        summary: "The simulated clock, costs, and world reset / snapshot.",
        functions: &[
            ("now", "() -> number", "Seconds since the world began."),
            (
                "advance",
                "(duration) -> nil",
                "Moves the clock (\"90s\", \"15m\", \"2h\", \"1d\" or seconds): boots finish, costs accrue.",
            ),
            (
                "cost",
                "{since?, by = \"resource\"|\"service\"} -> {total, items}",
                "The bill so far; tostring prints it.",
            ),
            (
                "reset",
                "() -> nil",
                "A fresh world with the default configuration.",
            ),
            ("snapshot", "() -> table", "The world as a plain table."),
            ("restore", "(t) -> nil", "Restores a snapshot."),
            (
                "config",
                "{quotas?, timings?, prices?} -> table",
                "Overrides model parameters; without arguments returns them.",
            ),
            ("seed", "(n) -> nil", "Seeds id generation and allocation."),
        ],
    },
    GlobalDoc {
        name: "help",
        summary: "help(x) prints the doc of a global, object or method: help(), help(aws), help(vpc), help(\"Vpc:create_subnet\"), help(vpc, \"create_subnet\").",
        functions: &[],
    },
];

const ID: (&str, &str, &str) = ("id", "string", "The resource id.");

pub(crate) const TYPES: &[TypeDoc] = &[
    TypeDoc {
        name: "Region",
        var: "region",
        summary: "An AWS region: creates VPCs, gateways, instances and hybrid links.",
        resource: false,
        fields: &[
            ("name", "string", "The region name, e.g. us-east-1."),
            ("azs", "{string}", "Its availability zone names."),
        ],
        methods: &[
            (
                "create_vpc",
                "{cidr_block, name?, tags?} -> Vpc",
                "Creates a VPC (available at once).",
            ),
            (
                "default_vpc",
                "() -> Vpc | nil",
                "The default VPC, or nil if deleted.",
            ),
            (
                "create_default_vpc",
                "() -> Vpc",
                "Recreates the default VPC (DefaultVpcAlreadyExists when one exists).",
            ),
            ("vpcs", "() -> {Vpc}", "The region's VPCs."),
            ("subnets", "() -> {Subnet}", "The region's subnets."),
            (
                "instances",
                "{state?, vpc?, name?} -> {Instance}",
                "The region's instances, filtered.",
            ),
            (
                "security_groups",
                "() -> {SecurityGroup}",
                "The region's security groups.",
            ),
            (
                "run_instances",
                "{subnet?, image_id?, instance_type = \"t3.micro\", count = 1, …} -> {Instance}",
                "Launches instances (RunInstances).",
            ),
            (
                "create_internet_gateway",
                "{name?} -> InternetGateway",
                "Creates an internet gateway (attach it to a VPC).",
            ),
            (
                "create_vpn_gateway",
                "{name?, amazon_side_asn?} -> VpnGateway",
                "Creates a virtual private gateway.",
            ),
            (
                "create_customer_gateway",
                "{ip_address, bgp_asn?, name?} -> CustomerGateway",
                "Describes the on-premises VPN device.",
            ),
            (
                "create_vpn_connection",
                "{vpn_gateway, customer_gateway, static_routes?} -> VpnConnection",
                "Creates a site-to-site VPN with two tunnels.",
            ),
            (
                "create_client_vpn_endpoint",
                "{client_cidr_block, vpc, subnets, name?} -> ClientVpnEndpoint",
                "Creates a Client VPN endpoint.",
            ),
            (
                "create_dx_connection",
                "{location, bandwidth, name?} -> DxConnection",
                "Creates a Direct Connect connection.",
            ),
            (
                "create_onprem_site",
                "{name, cidr_block} -> OnPremSite",
                "A customer data center.",
            ),
            (
                "allocate_address",
                "{name?} -> ElasticIp",
                "Allocates an Elastic IP address.",
            ),
            (
                "create_function",
                "{function_name, handler, memory_size?, timeout?, vpc_config?} -> LambdaFunction",
                "Creates a Lambda function.",
            ),
            (
                "create_ecs_cluster",
                "{name} -> EcsCluster",
                "Creates an ECS cluster.",
            ),
            (
                "create_eks_cluster",
                "{name, subnets} -> EksCluster",
                "Creates an EKS cluster.",
            ),
            (
                "create_image",
                "{instance, name} -> table",
                "A golden AMI from an instance.",
            ),
        ],
    },
    TypeDoc {
        name: "Vpc",
        var: "vpc",
        summary: "A virtual private cloud: an isolated network with one or more CIDR blocks.",
        resource: true,
        fields: &[
            ID,
            ("state", "string", "available."),
            ("cidr_block", "string", "The primary CIDR block."),
            (
                "cidr_blocks",
                "{string}",
                "All CIDR blocks, secondary ones included.",
            ),
            ("region", "Region", "Its region."),
            (
                "is_default",
                "boolean",
                "Whether it is the region's default VPC.",
            ),
            ("main_route_table", "RouteTable", "The main route table."),
            (
                "default_network_acl",
                "NetworkAcl",
                "The default network ACL.",
            ),
            (
                "default_security_group",
                "SecurityGroup",
                "The default security group.",
            ),
            (
                "internet_gateway",
                "InternetGateway | nil",
                "The attached internet gateway.",
            ),
            ("enable_dns_support", "boolean", "DNS resolution (true)."),
            (
                "enable_dns_hostnames",
                "boolean",
                "DNS hostnames (true for the default VPC).",
            ),
        ],
        methods: &[
            (
                "create_subnet",
                "{cidr_block, availability_zone?, name?, map_public_ip_on_launch?} -> Subnet",
                "Creates a subnet (without an AZ: the AZ with the fewest of this VPC's subnets).",
            ),
            ("subnets", "() -> {Subnet}", "Its subnets."),
            ("route_tables", "() -> {RouteTable}", "Its route tables."),
            ("network_acls", "() -> {NetworkAcl}", "Its network ACLs."),
            (
                "security_groups",
                "() -> {SecurityGroup}",
                "Its security groups.",
            ),
            ("instances", "() -> {Instance}", "Its instances."),
            (
                "create_route_table",
                "{name?} -> RouteTable",
                "Creates a route table.",
            ),
            (
                "create_network_acl",
                "{name?} -> NetworkAcl",
                "Creates a network ACL (denies everything until entries are added).",
            ),
            (
                "create_security_group",
                "{group_name, description?, name?} -> SecurityGroup",
                "Creates a security group.",
            ),
            (
                "associate_cidr_block",
                "(cidr) -> nil",
                "Adds a secondary CIDR block.",
            ),
            (
                "request_peering",
                "{peer_vpc} -> VpcPeeringConnection",
                "Requests a peering connection.",
            ),
            (
                "delete",
                "() -> nil",
                "Deletes the VPC (DependencyViolation while it holds resources).",
            ),
        ],
    },
    TypeDoc {
        name: "Subnet",
        var: "subnet",
        summary: "A range of a VPC's addresses in one availability zone.",
        resource: true,
        fields: &[
            ID,
            ("state", "string", "available."),
            ("cidr_block", "string", "Its CIDR block."),
            ("availability_zone", "string", "Its AZ."),
            ("vpc", "Vpc", "Its VPC."),
            ("available_ip_address_count", "integer", "Free addresses."),
            (
                "map_public_ip_on_launch",
                "boolean",
                "Auto-assign public IPs (read/write).",
            ),
            (
                "default_for_az",
                "boolean",
                "Whether it is a default subnet.",
            ),
            (
                "route_table",
                "RouteTable",
                "The effective route table (explicit or main).",
            ),
            ("network_acl", "NetworkAcl", "Its network ACL."),
            (
                "is_public",
                "boolean",
                "Has an effective 0.0.0.0/0 route to an attached internet gateway.",
            ),
        ],
        methods: &[
            (
                "reserved_addresses",
                "() -> {{address, purpose}}",
                "The five addresses AWS reserves.",
            ),
            (
                "run_instance",
                "{image_id?, instance_type?, security_groups?, name?, …} -> Instance",
                "Launches one instance here.",
            ),
            (
                "create_nat_gateway",
                "{elastic_ip?, connectivity_type = \"public\"|\"private\"} -> NatGateway",
                "Creates a NAT gateway (public needs elastic_ip).",
            ),
            (
                "create_network_interface",
                "{private_ip_address?, security_groups?, description?} -> NetworkInterface",
                "Creates an ENI.",
            ),
            ("instances", "() -> {Instance}", "Its instances."),
            ("delete", "() -> nil", "Deletes the subnet."),
        ],
    },
    TypeDoc {
        name: "InternetGateway",
        var: "igw",
        summary: "Connects a VPC to the internet.",
        resource: true,
        fields: &[
            ID,
            ("vpc", "Vpc | nil", "The attached VPC."),
            (
                "state",
                "string",
                "available while attached, detached otherwise.",
            ),
            ("attachment_state", "string", "attached / detached."),
        ],
        methods: &[
            ("attach", "(vpc) -> nil", "Attaches to a VPC."),
            (
                "detach",
                "(vpc?) -> nil",
                "Detaches (Gateway.NotAttached when not attached to that VPC).",
            ),
            ("delete", "() -> nil", "Deletes the gateway."),
        ],
    },
    TypeDoc {
        name: "VpnGateway",
        var: "vgw",
        summary: "A virtual private gateway: the VPC side of a VPN or Direct Connect.",
        resource: true,
        fields: &[
            ID,
            ("vpc", "Vpc | nil", "The attached VPC."),
            ("state", "string", "available."),
            ("attachment_state", "string", "attached / detached."),
            ("amazon_side_asn", "integer", "The Amazon-side BGP ASN."),
        ],
        methods: &[
            ("attach", "(vpc) -> nil", "Attaches to a VPC."),
            (
                "detach",
                "(vpc?) -> nil",
                "Detaches (Gateway.NotAttached when not attached to that VPC).",
            ),
            ("delete", "() -> nil", "Deletes the gateway."),
        ],
    },
    TypeDoc {
        name: "RouteTable",
        var: "rt",
        summary: "Routes for the subnets associated with it.",
        resource: true,
        fields: &[
            ID,
            ("vpc", "Vpc", "Its VPC."),
            ("main", "boolean", "Whether it is the VPC's main table."),
            (
                "routes",
                "{{destination_cidr_block, target, target_id, state, origin}}",
                "Its routes.",
            ),
            ("associations", "{Subnet}", "Subnets explicitly associated."),
        ],
        methods: &[
            (
                "create_route",
                "{destination_cidr_block, target} -> nil",
                "Adds a route to a gateway, NAT gateway, instance, peering or VGW.",
            ),
            (
                "replace_route",
                "{destination_cidr_block, target} -> nil",
                "Replaces a route's target.",
            ),
            ("delete_route", "(destination) -> nil", "Deletes a route."),
            ("associate", "(subnet) -> nil", "Associates a subnet."),
            (
                "disassociate",
                "(subnet) -> nil",
                "Disassociates a subnet (it falls back to the main table).",
            ),
            ("set_main", "() -> nil", "Makes this the VPC's main table."),
            (
                "enable_propagation",
                "(vpn_gateway) -> nil",
                "Propagates the VGW's routes.",
            ),
            (
                "lookup",
                "(ip) -> route | nil",
                "The route longest-prefix match picks.",
            ),
            (
                "delete",
                "() -> nil",
                "Deletes the table (DependencyViolation for main or associated tables).",
            ),
        ],
    },
    TypeDoc {
        name: "NetworkAcl",
        var: "acl",
        summary: "A stateless subnet firewall: numbered allow/deny entries per direction.",
        resource: true,
        fields: &[
            ID,
            ("vpc", "Vpc", "Its VPC."),
            (
                "is_default",
                "boolean",
                "Whether it is the VPC's default ACL.",
            ),
            (
                "entries",
                "{{rule_number, egress, protocol, from_port, to_port, cidr_block, rule_action}}",
                "Entries by direction then number, with the final * deny.",
            ),
            ("associations", "{Subnet}", "Every subnet using it."),
        ],
        methods: &[
            (
                "add_entry",
                "{rule_number, egress = false, protocol, port | ports | from_port+to_port, cidr_block, rule_action} -> nil",
                "Adds an entry.",
            ),
            ("create_entry", "{…} -> nil", "Alias of add_entry."),
            (
                "replace_entry",
                "{…} -> nil",
                "Replaces an entry (InvalidNetworkAclEntry.NotFound when absent).",
            ),
            (
                "delete_entry",
                "{rule_number, egress} -> nil",
                "Deletes an entry (1–32766 only).",
            ),
            ("associate", "(subnet) -> nil", "Associates a subnet."),
            (
                "evaluate",
                "{egress, protocol, port, address} -> entry, action",
                "The matching entry and its action.",
            ),
            (
                "delete",
                "() -> nil",
                "Deletes the ACL (not the default one).",
            ),
        ],
    },
    TypeDoc {
        name: "SecurityGroup",
        var: "sg",
        summary: "A stateful firewall on network interfaces: allow rules only.",
        resource: true,
        fields: &[
            ID,
            ("group_name", "string", "The AWS group name."),
            ("description", "string", "Its description."),
            ("vpc", "Vpc", "Its VPC."),
            ("ingress", "{rule}", "Inbound rules, one per CIDR or group."),
            ("egress", "{rule}", "Outbound rules, one per CIDR or group."),
        ],
        methods: &[
            (
                "authorize_ingress",
                "{protocol, port…, cidr_block | cidr_blocks | source_group, description?} -> {rule}",
                "Adds inbound rules.",
            ),
            ("authorize_egress", "{…} -> {rule}", "Adds outbound rules."),
            ("revoke_ingress", "{…} -> nil", "Removes inbound rules."),
            ("revoke_egress", "{…} -> nil", "Removes outbound rules."),
            ("delete", "() -> nil", "Deletes the group."),
        ],
    },
    TypeDoc {
        name: "NetworkInterface",
        var: "eni",
        summary: "An elastic network interface: addresses and security groups in a subnet.",
        resource: true,
        fields: &[
            ID,
            ("subnet", "Subnet", "Its subnet."),
            ("vpc", "Vpc", "Its VPC."),
            ("private_ip", "string", "Primary private address."),
            ("public_ip", "string | nil", "Public address."),
            ("security_groups", "{SecurityGroup}", "Its groups."),
            ("status", "string", "available / in-use."),
            ("source_dest_check", "boolean", "Source/destination check."),
            ("instance", "Instance | nil", "The attached instance."),
            ("device_index", "integer | nil", "Attachment index."),
        ],
        methods: &[
            (
                "attach",
                "{instance, device_index} -> nil",
                "Attaches to an instance.",
            ),
            (
                "detach",
                "() -> nil",
                "Detaches (index 0: OperationNotPermitted).",
            ),
            (
                "set_security_groups",
                "{SecurityGroup, …} -> nil",
                "Replaces its groups.",
            ),
            (
                "set_source_dest_check",
                "(boolean) -> nil",
                "Sets the source/destination check.",
            ),
            ("delete", "() -> nil", "Deletes the interface."),
        ],
    },
    TypeDoc {
        name: "Instance",
        var: "inst",
        summary: "An EC2 instance.",
        resource: true,
        fields: &[
            ID,
            ("name", "string | nil", "Its Name tag."),
            (
                "state",
                "string",
                "pending, running, stopping, stopped, shutting-down, terminated.",
            ),
            ("instance_type", "string", "e.g. t3.micro."),
            ("image_id", "string", "Its AMI."),
            ("platform", "string", "linux / windows."),
            ("subnet", "Subnet", "Its subnet."),
            ("vpc", "Vpc", "Its VPC."),
            ("availability_zone", "string", "Its AZ."),
            ("private_ip", "string", "Primary private address."),
            ("public_ip", "string | nil", "Public address."),
            ("security_groups", "{SecurityGroup}", "Its groups."),
            ("launch_time", "number", "Simulated launch time."),
            ("state_history", "{{state, at}}", "State changes."),
        ],
        methods: &[
            ("stop", "{hibernate = false} -> nil", "Stops the instance."),
            ("start", "() -> nil", "Starts a stopped instance."),
            ("reboot", "() -> nil", "Reboots."),
            ("terminate", "() -> nil", "Terminates."),
            (
                "modify",
                "{instance_type} -> nil",
                "Changes the type (only when stopped).",
            ),
            (
                "set_security_groups",
                "{SecurityGroup, …} -> nil",
                "Replaces its groups.",
            ),
            ("cost", "() -> number", "Its cost so far (USD)."),
            (
                "wait_until_running",
                "() -> nil",
                "Advances the clock until running.",
            ),
            (
                "wait_until_stopped",
                "() -> nil",
                "Advances the clock until stopped.",
            ),
            (
                "wait_until_terminated",
                "() -> nil",
                "Advances the clock until terminated.",
            ),
            (
                "set_source_dest_check",
                "(boolean) -> nil",
                "Sets the source/destination check.",
            ),
            (
                "set_termination_protection",
                "(boolean) -> nil",
                "Sets termination protection.",
            ),
        ],
    },
    TypeDoc {
        name: "ElasticIp",
        var: "eip",
        summary: "A static public IPv4 address.",
        resource: true,
        fields: &[
            ("public_ip", "string", "The address."),
            ("allocation_id", "string", "eipalloc-… id."),
            ("domain", "string", "vpc."),
            ("instance", "Instance | nil", "The associated instance."),
        ],
        methods: &[
            (
                "associate",
                "(instance | {instance, allow_reassociation = true}) -> nil",
                "Associates with an instance.",
            ),
            ("disassociate", "() -> nil", "Disassociates."),
            ("release", "() -> nil", "Releases the address."),
        ],
    },
    TypeDoc {
        name: "NatGateway",
        var: "nat",
        summary: "Lets private subnets reach out (public) or other networks (private).",
        resource: true,
        fields: &[
            ID,
            ("subnet", "Subnet", "Its subnet."),
            ("connectivity_type", "string", "public / private."),
            ("public_ip", "string | nil", "Its public address."),
            ("private_ip", "string", "Its private address."),
            (
                "state",
                "string",
                "pending, available, failed, deleting, deleted.",
            ),
            ("failure_code", "string | nil", "Why it failed."),
            (
                "failure_message",
                "string | nil",
                "Why it failed, in words.",
            ),
        ],
        methods: &[("delete", "() -> nil", "Deletes the NAT gateway.")],
    },
    TypeDoc {
        name: "VpcPeeringConnection",
        var: "pcx",
        summary: "A private link between two VPCs.",
        resource: true,
        fields: &[
            ID,
            ("requester_vpc", "Vpc", "The requesting VPC."),
            ("accepter_vpc", "Vpc", "The accepting VPC."),
            (
                "status",
                "string",
                "pending-acceptance, active, rejected, deleted, failed.",
            ),
            (
                "status_message",
                "string | nil",
                "The reason, e.g. overlapping CIDRs.",
            ),
        ],
        methods: &[
            ("accept", "() -> nil", "Accepts the request."),
            ("reject", "() -> nil", "Rejects the request."),
            ("delete", "() -> nil", "Deletes the connection."),
        ],
    },
    TypeDoc {
        name: "CustomerGateway",
        var: "cgw",
        summary: "The on-premises end of a site-to-site VPN.",
        resource: true,
        fields: &[
            ID,
            ("ip_address", "string", "Its public address."),
            ("bgp_asn", "integer", "Its BGP ASN."),
            ("state", "string", "available."),
            ("type", "string", "ipsec.1."),
        ],
        methods: &[],
    },
    TypeDoc {
        name: "VpnConnection",
        var: "vpn",
        summary: "A site-to-site VPN between a VPN gateway and a customer gateway.",
        resource: true,
        fields: &[
            ID,
            ("state", "string", "available."),
            ("tunnels", "{{outside_ip, status}}", "Its two tunnels."),
        ],
        methods: &[
            (
                "set_tunnel_state",
                "(i, \"up\"|\"down\") -> nil",
                "Brings a tunnel up or down.",
            ),
            (
                "add_static_route",
                "(cidr) -> nil",
                "Adds a static route to the site.",
            ),
        ],
    },
    TypeDoc {
        name: "DxConnection",
        var: "dx",
        summary: "A Direct Connect connection.",
        resource: true,
        fields: &[ID],
        methods: &[(
            "create_private_vif",
            "{vpn_gateway, vlan?, bgp_asn?} -> table",
            "Creates a private virtual interface to a VPN gateway.",
        )],
    },
    TypeDoc {
        name: "OnPremSite",
        var: "site",
        summary: "A customer data center reached over VPN or Direct Connect.",
        resource: true,
        fields: &[
            ID,
            ("name", "string", "Its name."),
            ("cidr_block", "string", "Its address range."),
        ],
        methods: &[
            (
                "add_host",
                "{name, ip} -> Host",
                "Adds a host (a source or destination for net).",
            ),
            (
                "connect",
                "(vpn_connection | dx_private_vif) -> nil",
                "Routes the VPC's CIDRs over that link (Direct Connect preferred).",
            ),
        ],
    },
    TypeDoc {
        name: "Host",
        var: "host",
        summary: "An on-premises host or client-VPN client, usable with net.",
        resource: true,
        fields: &[
            ID,
            ("name", "string", "Its name."),
            ("ip", "string", "Its address."),
        ],
        methods: &[],
    },
    TypeDoc {
        name: "ClientVpnEndpoint",
        var: "cvpn",
        summary: "Lets remote users into a VPC.",
        resource: true,
        fields: &[ID],
        methods: &[
            (
                "authorize",
                "{cidr_block} -> nil",
                "Authorizes clients to reach a range.",
            ),
            ("connect_client", "{name} -> Host", "Connects a client."),
        ],
    },
    TypeDoc {
        name: "Trace",
        var: "trace",
        summary: "The result of net.trace: hops, verdict and explanations; tostring prints a report.",
        resource: false,
        fields: &[
            ("reachable", "boolean", "Whether the round trip works."),
            ("forward", "{hop}", "Hops from source to destination."),
            ("return_path", "{hop}", "Hops of the reply."),
            (
                "explanations",
                "{{code, component, kind, direction, rule?, message}}",
                "Every blocker found, forward path first.",
            ),
            ("explanation", "table | nil", "The first blocker."),
            (
                "ephemeral",
                "{range, allowed}",
                "Ephemeral ports of the return path.",
            ),
        ],
        methods: &[],
    },
];

/// Members every taggable resource has.
pub(crate) const TAG_FIELDS: &[(&str, &str, &str)] = &[("tags", "table", "Its tags {k = v}.")];
/// Methods every taggable resource has.
pub(crate) const TAG_METHODS: &[(&str, &str, &str)] = &[
    ("create_tags", "{k = v} -> nil", "Adds or replaces tags."),
    ("delete_tags", "{\"k\", …} -> nil", "Removes tags."),
];
