-- General-purpose types for everything: they fit, but not the workload's family.
local region = aws.region("us-east-1")
region:run_instances{instance_type = "m5.2xlarge", name = "api"}
region:run_instances{instance_type = "m5.2xlarge", name = "cache"}
