local region = aws.region("us-east-1")
local app, scratch, web = aws.get("app", "instance"), aws.get("scratch", "instance"), aws.get("web", "instance")
local cache, db = aws.get("cache", "instance"), aws.get("db", "instance")
app:stop()
scratch:terminate()
local eip = region:allocate_address{}
eip:associate(web)
web:stop()
cache:stop{hibernate = true}
local ok, err = pcall(function() db:terminate() end)
assert(not ok and err.code == "OperationNotPermitted")
scratch:wait_until_terminated()
app:wait_until_stopped()
