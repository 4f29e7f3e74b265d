//! The `Create Date` of a new revision, as Alembic computes it: local wall-clock time
//! (a naive `datetime.now()`) when no `timezone` is configured, else the current time
//! in that zone read the way Python's `zoneinfo` reads it (the system tz database,
//! exact name first, then upper-cased). Also Python's `str()` of that datetime, which
//! is what `${create_date}` prints.

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A point in time as Alembic's template sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateDate {
    pub year: i16,
    pub month: i8,
    pub day: i8,
    pub hour: i8,
    pub minute: i8,
    pub second: i8,
    pub microsecond: i32,
    /// UTC offset in seconds for an aware datetime (`timezone` set); `None` for the
    /// naive local time Alembic uses otherwise.
    pub offset: Option<i32>,
    /// `int(create_date.timestamp())`.
    pub epoch: i64,
}

/// Why a create date cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockError(pub String);

impl CreateDate {
    /// The create date for `now` under the project's `timezone` setting.
    pub fn at(now: Timestamp, timezone: Option<&str>) -> Result<CreateDate, ClockError> {
        let (zone, aware) = match timezone {
            // Like the C library behind Python's naive `now()`: `TZ`, else
            // /etc/localtime, else UTC.
            None => (TimeZone::system(), false),
            Some(name) => (resolve_zone(name)?, true),
        };
        let offset = zone.to_offset(now);
        let civil = offset.to_datetime(now);
        Ok(CreateDate {
            year: civil.year(),
            month: civil.month(),
            day: civil.day(),
            hour: civil.hour(),
            minute: civil.minute(),
            second: civil.second(),
            microsecond: civil.subsec_nanosecond() / 1000,
            offset: aware.then(|| offset.seconds()),
            epoch: now.as_second(),
        })
    }

    /// Python's `str(datetime)`: `YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM[:SS]]`.
    pub fn python_str(&self) -> String {
        let mut out = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        );
        if self.microsecond != 0 {
            out.push_str(&format!(".{:06}", self.microsecond));
        }
        if let Some(offset) = self.offset {
            out.push_str(&format_offset(offset, ":"));
        }
        out
    }

    /// Python's `datetime.isoformat()`.
    pub fn isoformat(&self) -> String {
        self.python_str().replacen(' ', "T", 1)
    }

    pub fn python_repr(&self) -> String {
        format!("datetime.datetime({})", self.python_str())
    }

    pub fn field(&self, name: &str) -> Option<i64> {
        Some(match name {
            "year" => self.year.into(),
            "month" => self.month.into(),
            "day" => self.day.into(),
            "hour" => self.hour.into(),
            "minute" => self.minute.into(),
            "second" => self.second.into(),
            "microsecond" => self.microsecond.into(),
            _ => return None,
        })
    }

    /// `strftime` for the directives whose output does not depend on the C locale.
    pub fn strftime(&self, format: &str) -> Result<String, super::pyexpr::EvalError> {
        let mut out = String::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(d) = chars.next() else {
                out.push('%');
                break;
            };
            match d {
                'Y' => out.push_str(&format!("{:04}", self.year)),
                'y' => out.push_str(&format!("{:02}", self.year.rem_euclid(100))),
                'm' => out.push_str(&format!("{:02}", self.month)),
                'd' => out.push_str(&format!("{:02}", self.day)),
                'H' => out.push_str(&format!("{:02}", self.hour)),
                'M' => out.push_str(&format!("{:02}", self.minute)),
                'S' => out.push_str(&format!("{:02}", self.second)),
                'f' => out.push_str(&format!("{:06}", self.microsecond)),
                'z' => {
                    if let Some(offset) = self.offset {
                        out.push_str(&format_offset(offset, ""));
                    }
                }
                's' => out.push_str(&self.epoch.to_string()),
                '%' => out.push('%'),
                other => {
                    return Err(super::pyexpr::EvalError(format!(
                        "strftime directive `%{other}` is not supported (%Y %y %m %d %H %M %S %f %z %s %% are)"
                    )));
                }
            }
        }
        Ok(out)
    }
}

fn format_offset(seconds: i32, separator: &str) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let total = seconds.unsigned_abs();
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    let mut out = format!("{sign}{h:02}{separator}{m:02}");
    if s != 0 {
        out.push_str(&format!("{separator}{s:02}"));
    }
    out
}

/// The directories Python's `zoneinfo` searches: `PYTHONTZPATH`, else the usual
/// compiled-in default.
fn tz_path() -> Vec<std::path::PathBuf> {
    match std::env::var("PYTHONTZPATH") {
        Ok(value) => std::env::split_paths(&value)
            .filter(|p| p.is_absolute())
            .collect(),
        Err(_) => [
            "/usr/share/zoneinfo",
            "/usr/lib/zoneinfo",
            "/usr/share/lib/zoneinfo",
            "/etc/zoneinfo",
        ]
        .iter()
        .map(std::path::PathBuf::from)
        .collect(),
    }
}

/// `ZoneInfo(name)`, then `ZoneInfo(name.upper())`, as Alembic tries them.
fn resolve_zone(name: &str) -> Result<TimeZone, ClockError> {
    for candidate in [name.to_owned(), name.to_uppercase()] {
        if let Some(zone) = load_tzif(&candidate)? {
            return Ok(zone);
        }
    }
    // Without a tz database on this machine, the fixed zones are still known exactly.
    for candidate in [name.to_owned(), name.to_uppercase()] {
        if let Some(zone) = fixed_zone(&candidate) {
            return Ok(zone);
        }
    }
    let searched: Vec<String> = tz_path().iter().map(|p| p.display().to_string()).collect();
    Err(ClockError(format!(
        "cannot locate timezone `{name}` (the `timezone` option): no such zone in {}. Alembic would \
         fail the same way (\"Can't locate timezone\") unless Python's `tzdata` package provides it; \
         use an IANA name such as `UTC` or `Europe/Berlin`, or remove the option for local time",
        if searched.is_empty() {
            "PYTHONTZPATH (empty)".to_owned()
        } else {
            searched.join(", ")
        }
    )))
}

fn load_tzif(key: &str) -> Result<Option<TimeZone>, ClockError> {
    // zoneinfo refuses keys that are not normalized relative paths.
    let path = std::path::Path::new(key);
    let valid = !key.is_empty()
        && !path.is_absolute()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        && !key.ends_with('/');
    if !valid {
        return Err(ClockError(format!(
            "`{key}` is not a valid time zone key (the `timezone` option); use an IANA name such as `UTC`"
        )));
    }
    for dir in tz_path() {
        let file = dir.join(key);
        if file.is_file()
            && let Ok(bytes) = std::fs::read(&file)
        {
            return TimeZone::tzif(key, &bytes).map(Some).map_err(|e| {
                ClockError(format!(
                    "{}: not a valid time zone file ({e}) for the `timezone` option `{key}`",
                    file.display()
                ))
            });
        }
    }
    Ok(None)
}

/// UTC and the `Etc/GMT±N` zones, whose offsets never change.
fn fixed_zone(key: &str) -> Option<TimeZone> {
    let key = key.strip_prefix("Etc/").unwrap_or(key);
    match key {
        "UTC" | "UCT" | "Universal" | "Zulu" | "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "Greenwich" => {
            return Some(TimeZone::UTC);
        }
        _ => {}
    }
    // POSIX sign: Etc/GMT+5 is five hours *behind* UTC.
    let rest = key.strip_prefix("GMT")?;
    let (sign, digits) = match rest.split_at_checked(1)? {
        ("+", d) => (-1, d),
        ("-", d) => (1, d),
        _ => return None,
    };
    let hours: i32 = digits.parse().ok()?;
    let limit = if sign < 0 { 12 } else { 14 };
    if !(1..=limit).contains(&hours) || digits.starts_with('0') {
        return None;
    }
    jiff::tz::Offset::from_seconds(sign * hours * 3600)
        .ok()
        .map(TimeZone::fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ts: &str, tz: Option<&str>) -> CreateDate {
        CreateDate::at(ts.parse().unwrap(), tz).unwrap()
    }

    #[test]
    fn python_str_of_aware_and_naive() {
        let d = at("2025-08-13T15:00:00.123456Z", Some("UTC"));
        assert_eq!(d.python_str(), "2025-08-13 15:00:00.123456+00:00");
        assert_eq!(d.epoch, 1755097200);
        let d = at("2025-08-13T15:00:00Z", Some("Etc/GMT+5"));
        assert_eq!(d.python_str(), "2025-08-13 10:00:00-05:00");
        let mut naive = d.clone();
        naive.offset = None;
        assert_eq!(naive.python_str(), "2025-08-13 10:00:00");
        assert_eq!(format_offset(19800 + 7, ":"), "+05:30:07");
    }

    #[test]
    fn fixed_zones_without_tz_database() {
        assert!(fixed_zone("UTC").is_some());
        assert!(fixed_zone("Etc/GMT-14").is_some());
        assert!(fixed_zone("Etc/GMT+13").is_none());
        assert!(fixed_zone("Europe/Berlin").is_none());
    }

    #[test]
    fn unknown_zone_is_a_clear_error() {
        let e = CreateDate::at(Timestamp::now(), Some("Mars/Olympus")).unwrap_err();
        assert!(
            e.0.contains("cannot locate timezone `Mars/Olympus`"),
            "{}",
            e.0
        );
        let e = CreateDate::at(Timestamp::now(), Some("../etc/passwd")).unwrap_err();
        assert!(e.0.contains("not a valid time zone key"), "{}", e.0);
    }

    #[test]
    fn strftime_subset() {
        let d = at("2025-01-02T03:04:05Z", Some("UTC"));
        assert_eq!(
            d.strftime("%Y%m%d_%H%M%S %z %%").unwrap(),
            "20250102_030405 +0000 %"
        );
        assert!(d.strftime("%A").is_err());
    }
}
