-- The right families, but the biggest types: they fit and cost far more.
local region = aws.region("us-east-1")
region:run_instances{instance_type = "c5.2xlarge", name = "api"}
region:run_instances{instance_type = "x2idn.16xlarge", name = "cache"}
