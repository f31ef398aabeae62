//! The Lua edge: sandbox, bindings, conversion. Only this layer knows mlua.

pub mod api;
