//! Running labelled Lua snippets against real worlds: each snippet runs in a fresh
//! world and sandbox, and every failure is reported with its label.

use std::cell::RefCell;
use std::rc::Rc;
use vpclab::lua::api::ApiOptions;
use vpclab::lua::limits::Limits;
use vpclab::lua::output::{Captured, Output};
use vpclab::lua::sandbox::{Sandbox, on_vm_thread};
use vpclab::model::World;

/// Globals every snippet can use (loaded as its own chunk, so snippet line numbers stay right).
///
/// - `r`: the region us-east-1 (with its default VPC).
/// - `fails(code, f, ...)`: calls `f`, asserts it raised `code`, that `tostring(err)` starts
///   with `code .. ": "`, that the message contains each further string, and that the
///   whole world is unchanged (a failed call changes nothing); returns the error.
/// - `eq(got, want, what?)`, `has(text, part, what?)`.
/// - `vpc(cidr?, name?)`, `subnet(vpc, cidr?, az?)`: quick constructors.
/// - `public_vpc()`: a 10.0.0.0/16 VPC with an attached IGW and a subnet 10.0.1.0/24.
const PRELUDE: &str = r#"
r = aws.region("us-east-1")
function fails(code, f, ...)
  local before = world_digest()
  local ok, e = pcall(f)
  if ok then error("expected " .. code .. " but the call succeeded", 2) end
  if type(e) ~= "table" or e.code ~= code then
    error("expected " .. code .. ", got " .. tostring(type(e) == "table" and (tostring(e)) or e), 2)
  end
  local s = tostring(e)
  if s:sub(1, #code + 2) ~= code .. ": " then error("tostring(err) does not start with the code: " .. s, 2) end
  for _, part in ipairs({...}) do
    if not e.message:find(part, 1, true) then
      error("message of " .. code .. " does not name '" .. part .. "': " .. e.message, 2)
    end
  end
  if world_digest() ~= before then error("the failed call (" .. code .. ") changed the world", 2) end
  return e
end
function eq(got, want, what)
  if got ~= want then
    error(string.format("%s: expected %s, got %s", what or "value", tostring(want), tostring(got)), 2)
  end
end
function has(text, part, what)
  if type(text) ~= "string" or not text:find(part, 1, true) then
    error(string.format("%s: '%s' does not contain '%s'", what or "text", tostring(text), part), 2)
  end
end
function vpc(cidr, name) return r:create_vpc{cidr_block = cidr or "10.0.0.0/16", name = name} end
function subnet(v, cidr, az)
  return v:create_subnet{cidr_block = cidr or "10.0.1.0/24", availability_zone = az or "us-east-1a"}
end
function public_vpc()
  local v = vpc()
  local g = r:create_internet_gateway{}
  g:attach(v)
  return v, subnet(v), g
end
"#;

/// Runs one snippet in a fresh world; `Err` carries the failure.
fn run_one(src: &str) -> Result<(), String> {
    let world = Rc::new(RefCell::new(World::new()));
    let limits = Limits::default().with_overrides("time=5s").expect("limits");
    let output = Output::Capture(Captured::new());
    let sandbox = Sandbox::new(world.clone(), &ApiOptions::default(), &limits, output).map_err(|e| e.to_string())?;
    // The whole world as text: its Debug form (every store, the index, the clock, the id counter).
    let digest =
        sandbox.lua().create_function(move |_, ()| Ok(format!("{:?}", world.borrow()))).map_err(|e| e.to_string())?;
    sandbox.lua().globals().raw_set("world_digest", digest).map_err(|e| e.to_string())?;
    sandbox.exec(PRELUDE.as_bytes(), "@prelude.lua").map_err(|e| format!("prelude: {e}"))?;
    sandbox.exec(src.as_bytes(), "@case.lua").map(drop).map_err(|e| e.to_string())
}

/// Runs every `(label, snippet)` pair, each in a fresh world, and fails listing every
/// case that failed.
pub fn check(cases: &[(&str, &str)]) {
    let owned: Vec<(String, String)> = cases.iter().map(|(l, s)| (l.to_string(), s.to_string())).collect();
    let failures = on_vm_thread(move || {
        owned.iter().filter_map(|(label, src)| run_one(src).err().map(|e| format!("{label}: {e}"))).collect::<Vec<_>>()
    })
    .expect("vm thread");
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
