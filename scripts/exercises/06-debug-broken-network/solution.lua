local public, private = aws.get("public", "subnet"), aws.get("private", "subnet")
local rt = aws.get("public-rt", "route-table")
rt:disassociate(private)                                   -- 1: the internet route moves...
rt:associate(public)                                       --    ...to the public subnet
aws.get("web", "security-group"):authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"} -- 2
local db = aws.get("db", "security-group")                 -- 3: only from web's group
db:revoke_ingress{protocol = "tcp", port = params.db_port, cidr_block = "10.0.2.0/24"}
db:authorize_ingress{protocol = "tcp", port = params.db_port, source_group = aws.get("web", "security-group")}
