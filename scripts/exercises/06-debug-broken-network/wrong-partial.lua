-- Fixes the security groups but not the routing.
aws.get("web", "security-group"):authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
aws.get("db", "security-group"):authorize_ingress{protocol = "tcp", port = params.db_port, source_group = aws.get("web", "security-group")}
