//! The simulated clock. Time is milliseconds since the Unix epoch, owned by
//! the caller; nothing here reads a wall clock.

/// Milliseconds since 1970-01-01T00:00:00Z on the simulated clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub i64);

/// The instant a fresh simulated cluster starts at (2026-01-05T09:00:00Z).
pub const SIM_START: Time = Time(1_767_603_600_000);

impl Time {
    pub fn from_secs(s: i64) -> Time {
        Time(s * 1000)
    }
    pub fn secs(self) -> i64 {
        self.0.div_euclid(1000)
    }
    pub fn plus_ms(self, ms: i64) -> Time {
        Time(self.0.saturating_add(ms))
    }
    pub fn plus_secs(self, s: i64) -> Time {
        self.plus_ms(s.saturating_mul(1000))
    }

    /// RFC 3339 in UTC with second precision, as the API server writes
    /// `creationTimestamp`: `2026-01-05T09:00:00Z`.
    pub fn rfc3339(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// (year, month, day, hour, minute, second) in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let secs = self.secs();
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (rem / 3600) as u32,
            ((rem % 3600) / 60) as u32,
            (rem % 60) as u32,
        )
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (what [`Time::rfc3339`] writes).
    pub fn parse_rfc3339(s: &str) -> Option<Time> {
        let b = s.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let days = days_from_civil(y, mo as u32, d as u32);
        Some(Time::from_secs(days * 86_400 + h * 3600 + mi * 60 + se))
    }
}

/// Days since the epoch to (year, month, day); Howard Hinnant's algorithm.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) to days since the epoch.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses a duration as GNU `sleep` takes it: a number (integer or decimal)
/// with an optional suffix s, m, h or d. Returns milliseconds.
pub fn parse_sleep_duration(s: &str) -> Option<i64> {
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1_000.0),
        'm' => (&s[..s.len() - 1], 60_000.0),
        'h' => (&s[..s.len() - 1], 3_600_000.0),
        'd' => (&s[..s.len() - 1], 86_400_000.0),
        _ => (s, 1_000.0),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    let ms = v * mult;
    if !ms.is_finite() || !(0.0..=1.0e15).contains(&ms) {
        return None;
    }
    Some(ms.round() as i64)
}

/// kubectl's `HumanDuration` (k8s.io/apimachinery/pkg/util/duration), used
/// for AGE columns: "45s", "119s", "2m5s", "10m", "3h5m", "9h", "2d3h", "20d", "2y50d".
pub fn human_duration(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".to_string();
    }
    if secs < 0 {
        return "0s".to_string();
    }
    if secs < 60 * 2 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        assert_eq!(SIM_START.rfc3339(), "2026-01-05T09:00:00Z");
        assert_eq!(Time::parse_rfc3339("2026-01-05T09:00:00Z"), Some(SIM_START));
        assert_eq!(Time(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Time::parse_rfc3339("2024-02-29T23:59:59Z")
                .unwrap()
                .rfc3339(),
            "2024-02-29T23:59:59Z"
        );
        assert_eq!(Time::parse_rfc3339("nonsense"), None);
    }

    #[test]
    fn human_durations_match_kubectl() {
        let s = |n: i64| human_duration(n * 1000);
        assert_eq!(s(45), "45s");
        assert_eq!(s(119), "119s");
        assert_eq!(s(125), "2m5s");
        assert_eq!(s(600), "10m");
        assert_eq!(s(3 * 3600 + 300), "3h5m");
        assert_eq!(s(9 * 3600), "9h");
        assert_eq!(s(2 * 86400 + 3 * 3600), "2d3h");
        assert_eq!(s(20 * 86400), "20d");
        assert_eq!(s((2 * 365 + 50) * 86400), "2y50d");
        assert_eq!(human_duration(-500), "0s");
    }

    #[test]
    fn sleep_durations() {
        assert_eq!(parse_sleep_duration("30"), Some(30_000));
        assert_eq!(parse_sleep_duration("2m"), Some(120_000));
        assert_eq!(parse_sleep_duration("1.5h"), Some(5_400_000));
        assert_eq!(parse_sleep_duration("1d"), Some(86_400_000));
        assert_eq!(parse_sleep_duration("x"), None);
        assert_eq!(parse_sleep_duration(""), None);
        assert_eq!(parse_sleep_duration("-1"), None);
    }
}
