//! Helpers for the grading tests: scratch folders and running `vpclab grade`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The `vpclab` binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_vpclab")
}

/// A fresh scratch folder holding `files`.
pub fn scratch(files: &[(&str, &str)]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir =
        std::env::temp_dir().join(format!("vpclab-grade-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    for (name, body) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    dir
}

/// Runs `vpclab ARGS` in `dir`.
pub fn vpclab_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin()).current_dir(dir).args(args).output().expect("run vpclab")
}

/// Text of a byte stream.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `vpclab grade EXERCISE FILES… --format json` in `dir`: the parsed report.
pub fn grade_json(dir: &Path, exercise: &str, files: &[&str], extra: &[&str]) -> Value {
    let mut args = vec!["grade", exercise];
    args.extend_from_slice(files);
    args.extend_from_slice(&["--format", "json"]);
    args.extend_from_slice(extra);
    let out = vpclab_in(dir, &args);
    assert_eq!(out.status.code(), Some(0), "grade failed: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&out.stdout)))
}

/// The submission row for `file` in a JSON report.
pub fn row<'a>(report: &'a Value, file: &str) -> &'a Value {
    report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["file"] == file)
        .unwrap_or_else(|| panic!("no row for {file}: {report:#}"))
}

/// A web-and-db exercise (the acceptance one plus a hint, a hidden check and params).
pub const WEB_EXERCISE: &str = r#"
return {
  id = "web-and-db",
  title = "A public web server and a private database",
  prompt = "Build VPC {{cidr}} with web (HTTPS from anywhere) and db (5432 from web only).",
  params = function(seed) return { cidr = "10." .. (seed % 200) .. ".0.0/16" } end,
  limits = { instructions = 5e6, time = "10s", output = "2K" },
  checks = {
    { name = "VPC exists", points = 2, hint = "create_vpc takes cidr_block", run = function()
        local found = false
        for _, v in ipairs(aws.region("us-east-1"):vpcs()) do
          if v.cidr_block == "10.0.0.0/16" then found = true end
        end
        expect(found, "no VPC with CIDR 10.0.0.0/16 in us-east-1")
      end },
    { name = "web answers HTTPS from the internet", points = 3, run = function()
        expect.reachable("internet", expect.resource("web", "instance"), { protocol = "tcp", port = 443 })
      end },
    { name = "db is private", points = 3, hidden = true, run = function()
        expect.unreachable("internet", expect.resource("db", "instance"), { protocol = "tcp", port = 5432 })
      end },
  },
}
"#;

/// Builds what [`WEB_EXERCISE`] asks for; with `ssh_open`, also opens 22 (harmless here).
pub const WEB_SOLUTION: &str = r#"
local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16"}
local igw = region:create_internet_gateway{}
igw:attach(vpc)
local public = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a", map_public_ip_on_launch = true}
local private = vpc:create_subnet{cidr_block = "10.0.2.0/24", availability_zone = "us-east-1a"}
local rt = vpc:create_route_table{}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
rt:associate(public)
local web_sg = vpc:create_security_group{group_name = "web"}
web_sg:authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
local db_sg = vpc:create_security_group{group_name = "db"}
db_sg:authorize_ingress{protocol = "tcp", port = 5432, source_group = web_sg}
public:run_instance{name = "web", security_groups = {web_sg}}
private:run_instance{name = "db", security_groups = {db_sg}}
sim.advance("1m")
print("built")
"#;

/// A scratch folder with the web exercise, its solution and a few students.
pub fn web_dir() -> PathBuf {
    scratch(&[
        ("exercise.lua", WEB_EXERCISE),
        ("solution.lua", WEB_SOLUTION),
        // db in the public subnet with 5432 open to the world: loses the hidden check.
        (
            "open-db.lua",
            &WEB_SOLUTION
                .replace("source_group = web_sg", "cidr_block = \"0.0.0.0/0\"")
                .replace("private:run_instance", "public:run_instance"),
        ),
        ("typo.lua", &WEB_SOLUTION.replace("name = \"web\"", "name = \"webb\"")),
        (
            "broken.lua",
            "aws.region('us-east-1'):create_vpc{cidr_block = '10.0.0.0/16'}\nprint('partial')\nlocal x = nil\nx.y = 1",
        ),
        ("loops.lua", "while true do end"),
    ])
}
