-- Stops web without an Elastic IP, and does not wait for scratch to finish terminating.
aws.get("app", "instance"):stop()
aws.get("scratch", "instance"):terminate()
aws.get("web", "instance"):stop()
aws.get("cache", "instance"):stop{hibernate = true}
sim.advance("30s")
