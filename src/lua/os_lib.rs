//! The sandbox's `os` library: `time`, `clock`, `date`, `difftime` on the simulated clock.
//! `os.date` results are bounded by the memory the state has left.
//!
//! The world starts at 2026-01-01T00:00:00Z; every date is UTC.

use crate::lua::api::SharedWorld;
use mlua::{Lua, Table, Value};

/// Unix time of the world's start, 2026-01-01T00:00:00Z.
pub const EPOCH: i64 = crate::model::clock::EPOCH_UNIX;

/// The world whose clock `os` reads (app data of a sandboxed state).
pub(crate) struct Clock(pub SharedWorld);

/// Installs the `os` table into `lua` (the state's app data must hold a [`Clock`]).
pub(crate) fn install(lua: &Lua) -> mlua::Result<()> {
    let os = lua.create_table()?;
    os.set(
        "time",
        lua.create_function(|lua, t: Option<Table>| match t {
            None => Ok(now_ms(lua)? as i64 / 1000 + EPOCH),
            Some(t) => time_from_table(&t),
        })?,
    )?;
    os.set("clock", lua.create_function(|lua, ()| Ok(now_ms(lua)? as f64 / 1000.0))?)?;
    os.set("difftime", lua.create_function(|_, (a, b): (f64, Option<f64>)| Ok(a - b.unwrap_or(0.0)))?)?;
    os.set(
        "date",
        lua.create_function(|lua, (fmt, t): (Option<mlua::LuaString>, Option<i64>)| {
            let t = match t {
                Some(t) => t,
                None => now_ms(lua)? as i64 / 1000 + EPOCH,
            };
            let fmt = fmt.as_ref().map(|f| f.to_str()).transpose()?;
            let fmt: &str = fmt.as_deref().unwrap_or("%c");
            let fmt = fmt.strip_prefix('!').unwrap_or(fmt);
            // Formatting is host work: one instruction per format character, checked as it goes.
            let guard = crate::lua::sandbox::guard_of(lua);
            let mut check = || match &guard {
                Some(g) => g.charge(CHECK_EVERY as i64, || crate::lua::sandbox::caller_location(lua)),
                None => Ok(()),
            };
            let tm = Tm::from_unix(t);
            if fmt.starts_with("*t") {
                return Ok(Value::Table(tm.to_table(lua)?));
            }
            let mut text = String::new();
            tm.write_into(fmt, &mut text, crate::lua::sandbox::memory_room(lua), &mut check).map_err(|e| match e {
                FormatError::Spec(spec) => {
                    mlua::Error::runtime(format!("bad argument #1 to 'date' (invalid conversion specifier '%{spec}')"))
                }
                FormatError::TooLarge => mlua::Error::MemoryError("not enough memory".to_string()),
                FormatError::Limit(message) => mlua::Error::runtime(message),
            })?;
            Ok(Value::String(lua.create_string(text)?))
        })?,
    )?;
    lua.globals().set("os", os)
}

fn now_ms(lua: &Lua) -> mlua::Result<u64> {
    let clock = lua.app_data_ref::<Clock>().ok_or_else(|| mlua::Error::runtime("os: no simulated clock"))?;
    let world = clock.0.try_borrow().map_err(|_| mlua::Error::runtime("os: the world is busy"))?;
    Ok(world.now_ms())
}

fn time_from_table(t: &Table) -> mlua::Result<i64> {
    let field = |name: &str, default: Option<i64>| -> mlua::Result<i64> {
        match t.get::<Option<i64>>(name)? {
            Some(v) => Ok(v),
            None => default.ok_or_else(|| mlua::Error::runtime(format!("field '{name}' missing in date table"))),
        }
    };
    let (year, month, day) = (field("year", None)?, field("month", None)?, field("day", None)?);
    let (hour, min, sec) = (field("hour", Some(12))?, field("min", Some(0))?, field("sec", Some(0))?);
    let months = year * 12 + (month - 1);
    let days = days_from_civil(months.div_euclid(12), months.rem_euclid(12) + 1, 1) + day - 1;
    Ok(days * 86_400 + hour * 3600 + min * 60 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Why `os.date` refused a format.
#[derive(Debug, PartialEq, Eq)]
enum FormatError {
    /// An unsupported conversion (`%Q`).
    Spec(String),
    /// The result would not fit in the memory left.
    TooLarge,
    /// A sandbox limit tripped while formatting: its message.
    Limit(String),
}

/// Format characters between two limit checks.
const CHECK_EVERY: usize = 4096;

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tm {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    /// 0 = Sunday.
    wday: i64,
    /// 1-based day of the year.
    yday: i64,
    unix: i64,
}

const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Tm {
    fn from_unix(t: i64) -> Tm {
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (year, month, day) = crate::model::clock::civil_from_days(days);
        let (month, day) = (i64::from(month), i64::from(day));
        Tm {
            year,
            month,
            day,
            hour: secs / 3600,
            min: secs / 60 % 60,
            sec: secs % 60,
            wday: (days + 4).rem_euclid(7),
            yday: days - days_from_civil(year, 1, 1) + 1,
            unix: t,
        }
    }

    fn to_table(self, lua: &Lua) -> mlua::Result<Table> {
        let t = lua.create_table()?;
        for (k, v) in [
            ("year", self.year),
            ("month", self.month),
            ("day", self.day),
            ("hour", self.hour),
            ("min", self.min),
            ("sec", self.sec),
            ("wday", self.wday + 1),
            ("yday", self.yday),
        ] {
            t.set(k, v)?;
        }
        t.set("isdst", false)?;
        Ok(t)
    }

    /// strftime in the C locale, refusing results longer than `cap` bytes.
    #[cfg(test)]
    fn format(&self, fmt: &str, cap: usize) -> Result<String, FormatError> {
        let mut out = String::new();
        self.write_into(fmt, &mut out, cap, &mut || Ok(()))?;
        Ok(out)
    }

    /// Appends `fmt` expanded to `out`, calling `check` every [`CHECK_EVERY`] characters.
    fn write_into(
        &self,
        fmt: &str,
        out: &mut String,
        cap: usize,
        check: &mut dyn FnMut() -> Result<(), String>,
    ) -> Result<(), FormatError> {
        use std::fmt::Write;
        let mut seen = 0usize;
        let mut chars = fmt.chars();
        while let Some(c) = chars.next() {
            if out.len() > cap {
                return Err(FormatError::TooLarge);
            }
            seen += 1;
            if seen.is_multiple_of(CHECK_EVERY) {
                check().map_err(FormatError::Limit)?;
            }
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(spec) = chars.next() else {
                return Err(FormatError::Spec(String::new()));
            };
            let day = DAYS[self.wday as usize];
            let month = MONTHS[(self.month - 1) as usize];
            let h12 = (self.hour + 11) % 12 + 1;
            let _ = match spec {
                'a' => out.write_str(&day[..3]),
                'A' => out.write_str(day),
                'b' | 'h' => out.write_str(&month[..3]),
                'B' => out.write_str(month),
                'c' => {
                    self.write_into("%a %b %e %H:%M:%S %Y", out, cap, &mut || Ok(()))?;
                    Ok(())
                }
                'C' => write!(out, "{:02}", self.year / 100),
                'd' => write!(out, "{:02}", self.day),
                'D' | 'x' => {
                    self.write_into("%m/%d/%y", out, cap, &mut || Ok(()))?;
                    Ok(())
                }
                'e' => write!(out, "{:2}", self.day),
                'F' => {
                    self.write_into("%Y-%m-%d", out, cap, &mut || Ok(()))?;
                    Ok(())
                }
                'H' => write!(out, "{:02}", self.hour),
                'I' => write!(out, "{h12:02}"),
                'j' => write!(out, "{:03}", self.yday),
                'm' => write!(out, "{:02}", self.month),
                'M' => write!(out, "{:02}", self.min),
                'n' => out.write_str("\n"),
                'p' => out.write_str(if self.hour < 12 { "AM" } else { "PM" }),
                'r' => {
                    self.write_into("%I:%M:%S %p", out, cap, &mut || Ok(()))?;
                    Ok(())
                }
                'R' => {
                    self.write_into("%H:%M", out, cap, &mut || Ok(()))?;
                    Ok(())
                }
                's' => write!(out, "{}", self.unix),
                'S' => write!(out, "{:02}", self.sec),
                't' => out.write_str("\t"),
                'T' | 'X' => {
                    self.write_into("%H:%M:%S", out, cap, &mut || Ok(()))?;
                    Ok(())
                }
                'u' => write!(out, "{}", if self.wday == 0 { 7 } else { self.wday }),
                'w' => write!(out, "{}", self.wday),
                'y' => write!(out, "{:02}", self.year.rem_euclid(100)),
                'Y' => write!(out, "{}", self.year),
                'z' => out.write_str("+0000"),
                'Z' => out.write_str("UTC"),
                '%' => out.write_str("%"),
                other => return Err(FormatError::Spec(other.to_string())),
            };
        }
        if out.len() > cap { Err(FormatError::TooLarge) } else { Ok(()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_new_year_2026() {
        let tm = Tm::from_unix(EPOCH);
        assert_eq!((tm.year, tm.month, tm.day, tm.hour), (2026, 1, 1, 0));
        assert_eq!(DAYS[tm.wday as usize], "Thursday");
        assert_eq!(tm.format("%Y-%m-%dT%H:%M:%SZ", 100).unwrap(), "2026-01-01T00:00:00Z");
        assert_eq!(tm.format("%c", 100).unwrap(), "Thu Jan  1 00:00:00 2026");
    }

    #[test]
    fn dates_round_trip() {
        for t in [0, EPOCH, EPOCH + 86_399, 951_782_400 /* 2000-02-29 */, -86_400] {
            let tm = Tm::from_unix(t);
            let back = days_from_civil(tm.year, tm.month, tm.day) * 86_400 + tm.hour * 3600 + tm.min * 60 + tm.sec;
            assert_eq!(back, t);
        }
        let leap = Tm::from_unix(951_782_400);
        assert_eq!((leap.month, leap.day, leap.yday), (2, 29, 60));
    }

    #[test]
    fn bad_conversion_is_reported() {
        assert_eq!(Tm::from_unix(EPOCH).format("%Q", 100), Err(FormatError::Spec("Q".to_string())));
        assert_eq!(Tm::from_unix(EPOCH).format(&"%c".repeat(10), 100), Err(FormatError::TooLarge));
    }
}
