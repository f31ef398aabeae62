//! Every resource kind, declared once.
//!
//! [`for_each_kind!`] hands the table below to a macro; everything that enumerates
//! kinds is generated from it: the typed keys and [`ResKey`](super::ResKey), the
//! [`Kind`](super::Kind) enum with its prefix, names and error codes, the world's
//! stores and typed getters, the [`Resource`](super::Resource) impls, the Lua handle
//! types and the declarations of the binding modules.
//!
//! Adding a kind: one row here, its model module (the resource type, which has `id`
//! and `tags` fields, and its `World` methods), its binding module in `src/lua/api/`
//! (the members of its handle). Nothing else.
//!
//! Columns: `Kind` variant (also the Lua type name) · `ResKey` variant · key type ·
//! model type · store field · getter · id prefix · kind name (`aws.get(id, kind)`) ·
//! NotFound code · Malformed code · model module (`mod x` declares it; `in x` names a
//! module declared by an earlier row) · binding module.

/// Calls `$m!` with the table of resource kinds.
macro_rules! for_each_kind {
    ($m:ident) => {
        $m! {
            Vpc, Vpc, VpcKey, Vpc, vpcs, vpc, "vpc", "vpc",
                "InvalidVpcID.NotFound", "InvalidVpcID.Malformed", mod vpc, vpc;
            Subnet, Subnet, SubnetKey, Subnet, subnets, subnet, "subnet", "subnet",
                "InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed", mod subnet, subnet;
            InternetGateway, Igw, IgwKey, InternetGateway, igws, igw, "igw", "internet-gateway",
                "InvalidInternetGatewayID.NotFound", "InvalidInternetGatewayID.Malformed", mod gateway, internet_gateway;
            VpnGateway, Vgw, VgwKey, VpnGateway, vgws, vgw, "vgw", "vpn-gateway",
                "InvalidVpnGatewayID.NotFound", "InvalidVpnGatewayID.Malformed", in gateway, vpn_gateway;
            RouteTable, Rtb, RtbKey, RouteTable, route_tables, route_table, "rtb", "route-table",
                "InvalidRouteTableID.NotFound", "InvalidRouteTableID.Malformed", mod route_table, route_table;
            NetworkAcl, Acl, AclKey, NetworkAcl, acls, acl, "acl", "network-acl",
                "InvalidNetworkAclID.NotFound", "InvalidNetworkAclID.Malformed", mod nacl, network_acl;
            SecurityGroup, Sg, SgKey, SecurityGroup, sgs, sg, "sg", "security-group",
                "InvalidGroup.NotFound", "InvalidGroupId.Malformed", mod security_group, security_group;
            NetworkInterface, Eni, EniKey, NetworkInterface, enis, eni, "eni", "network-interface",
                "InvalidNetworkInterfaceID.NotFound", "InvalidNetworkInterfaceID.Malformed", mod eni, network_interface;
            Instance, Instance, InstanceKey, Instance, instances, instance, "i", "instance",
                "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed", mod instance, instance;
            ElasticIp, Eip, EipKey, ElasticIp, eips, eip, "eipalloc", "elastic-ip",
                "InvalidAllocationID.NotFound", "InvalidAllocationID.Malformed", mod eip, elastic_ip;
            NatGateway, Nat, NatKey, NatGateway, nats, nat, "nat", "nat-gateway",
                "NatGatewayNotFound", "InvalidNatGatewayID.Malformed", mod nat, nat_gateway;
            VpcPeeringConnection, Pcx, PcxKey, PeeringConnection, pcxs, pcx, "pcx", "vpc-peering-connection",
                "InvalidVpcPeeringConnectionID.NotFound", "InvalidVpcPeeringConnectionId.Malformed", mod peering,
                peering_connection;
            CustomerGateway, Cgw, CgwKey, CustomerGateway, cgws, cgw, "cgw", "customer-gateway",
                "InvalidCustomerGatewayID.NotFound", "InvalidCustomerGatewayID.Malformed", mod hybrid, customer_gateway;
            VpnConnection, Vpn, VpnKey, VpnConnection, vpns, vpn, "vpn", "vpn-connection",
                "InvalidVpnConnectionID.NotFound", "InvalidVpnConnectionID.Malformed", in hybrid, vpn_connection;
            DxConnection, Dx, DxKey, DxConnection, dxs, dx, "dxcon", "dx-connection",
                "DirectConnectClientException", "DirectConnectClientException", in hybrid, dx_connection;
            DxVif, Vif, VifKey, DxVif, vifs, vif, "dxvif", "dx-vif",
                "DirectConnectClientException", "DirectConnectClientException", in hybrid, dx_vif;
            OnPremSite, Site, SiteKey, OnPremSite, sites, site, "site", "onprem-site",
                "InvalidParameterValue", "InvalidParameterValue", in hybrid, onprem_site;
            Host, Host, HostKey, Host, hosts, host, "host", "host",
                "InvalidParameterValue", "InvalidParameterValue", in hybrid, host;
            ClientVpnEndpoint, Cvpn, CvpnKey, ClientVpnEndpoint, cvpns, cvpn, "cvpn-endpoint", "client-vpn-endpoint",
                "InvalidClientVpnEndpointId.NotFound", "InvalidClientVpnEndpointId.Malformed", mod client_vpn,
                client_vpn_endpoint;
            Volume, Vol, VolumeKey, Volume, volumes, volume, "vol", "volume",
                "InvalidVolume.NotFound", "InvalidVolumeID.Malformed", mod volume, volume;
            Image, Image, ImageKey, Image, images, image, "ami", "image",
                "InvalidAMIID.NotFound", "InvalidAMIID.Malformed", mod image, image;
            LaunchTemplate, Lt, LtKey, LaunchTemplate, launch_templates, launch_template, "lt", "launch-template",
                "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateId.Malformed", mod autoscaling,
                launch_template;
            AutoScalingGroup, Asg, AsgKey, AutoScalingGroup, auto_scaling_groups, auto_scaling_group, "asg",
                "auto-scaling-group", "ValidationError", "ValidationError", in autoscaling, auto_scaling_group;
        }
    };
}
pub(crate) use for_each_kind;

/// Declares the model modules named in the table (`mod x` rows; `in x` rows share a
/// module declared above).
macro_rules! declare_model_modules {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        $($(mod $module;)? $(pub use $module::$ty;)? $(pub use $shared::$ty;)?)*
    };
}
pub(crate) use declare_model_modules;
