-- "Fixes" it by opening everything.
local rt = aws.get("public-rt", "route-table")
rt:associate(aws.get("public", "subnet"))
aws.get("web", "security-group"):authorize_ingress{protocol = "all", cidr_block = "0.0.0.0/0"}
aws.get("db", "security-group"):authorize_ingress{protocol = "all", cidr_block = "0.0.0.0/0"}
