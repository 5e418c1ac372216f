//! Cron schedules as the CronJob controller reads them (robfig/cron v3's
//! standard parser): exactly five fields (minute hour day-of-month month
//! day-of-week) with `*`, `?`, lists, ranges, steps and month/day names, or
//! a descriptor (`@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
//! `@midnight`, `@hourly`, `@every <duration>`). When both day fields are
//! restricted, a day matching either one fires (as in cron).

use crate::time::{civil_from_days, days_from_civil, Time};

/// A parsed schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    Fields {
        minute: u64,
        hour: u64,
        dom: u64,
        month: u64,
        dow: u64,
        /// Day-of-month or day-of-week was given as `*`/`?`.
        dom_star: bool,
        dow_star: bool,
    },
    /// `@every <duration>`, in milliseconds.
    Every(i64),
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

fn parse_value(s: &str, names: &[&str], offset: u32) -> Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        return Ok(i as u32 + offset);
    }
    s.parse::<u32>().map_err(|_| {
        format!("failed to parse int from {s}: strconv.Atoi: parsing \"{s}\": invalid syntax")
    })
}

fn parse_field(
    field: &str,
    min: u32,
    max: u32,
    names: &[&str],
    offset: u32,
) -> Result<(u64, bool), String> {
    let mut bits = 0u64;
    let mut star = false;
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => {
                let step: u32 = s
                    .parse()
                    .map_err(|_| format!("failed to parse int from {s}: strconv.Atoi: parsing \"{s}\": invalid syntax"))?;
                if step == 0 {
                    return Err(format!("step of range should be a positive number: {part}"));
                }
                (r, Some(step))
            }
            None => (part, None),
        };
        let (lo, hi) = if range == "*" || range == "?" {
            if step.is_none() {
                star = true;
            }
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (
                parse_value(a, names, offset)?,
                parse_value(b, names, offset)?,
            )
        } else {
            let v = parse_value(range, names, offset)?;
            (v, if step.is_some() { max } else { v })
        };
        if lo < min {
            return Err(format!(
                "beginning of range ({lo}) below minimum ({min}): {part}"
            ));
        }
        if hi > max {
            return Err(format!("end of range ({hi}) above maximum ({max}): {part}"));
        }
        if lo > hi {
            return Err(format!(
                "beginning of range ({lo}) beyond end of range ({hi}): {part}"
            ));
        }
        let step = step.unwrap_or(1);
        let mut v = lo;
        while v <= hi {
            bits |= 1 << v;
            v += step;
        }
    }
    Ok((bits, star))
}

/// Parses a Go duration for `@every` (`1h30m`, `90s`, `1.5h`).
fn parse_go_duration(s: &str) -> Option<i64> {
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(num_len);
        let n: f64 = num.parse().ok()?;
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let mult = match unit {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "us" | "µs" => 0.001,
            "ns" => 0.000_001,
            _ => return None,
        };
        total += n * mult;
        rest = tail;
    }
    (total.is_finite() && total > 0.0 && total < 1.0e15).then_some(total as i64)
}

impl Schedule {
    /// Parses a schedule; the error is robfig/cron's text.
    pub fn parse(spec: &str) -> Result<Schedule, String> {
        let spec = spec.trim();
        if let Some(d) = spec.strip_prefix("@every ") {
            return parse_go_duration(d.trim())
                .map(Schedule::Every)
                .ok_or_else(|| {
                    format!(
                        "failed to parse duration {spec}: time: invalid duration \"{}\"",
                        d.trim()
                    )
                });
        }
        let expanded = match spec {
            "@yearly" | "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" | "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            other if other.starts_with('@') => {
                return Err(format!("unrecognized descriptor: {other}"))
            }
            other => other,
        };
        let fields: Vec<&str> = expanded.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!(
                "expected exactly 5 fields, found {}: [{}]",
                fields.len(),
                fields.join(" ")
            ));
        }
        let (minute, _) = parse_field(fields[0], 0, 59, &[], 0)?;
        let (hour, _) = parse_field(fields[1], 0, 23, &[], 0)?;
        let (dom, dom_star) = parse_field(fields[2], 1, 31, &[], 0)?;
        let (month, _) = parse_field(fields[3], 1, 12, &MONTHS, 1)?;
        let (dow, dow_star) = parse_field(fields[4], 0, 6, &DAYS, 0)?;
        Ok(Schedule::Fields {
            minute,
            hour,
            dom,
            month,
            dow,
            dom_star,
            dow_star,
        })
    }

    /// The first activation strictly after `after` (`offset_ms`: the time
    /// zone's offset from UTC). `None` if there is none within five years.
    pub fn next_after(&self, after: Time, offset_ms: i64) -> Option<Time> {
        match self {
            Schedule::Every(ms) => Some(after.plus_ms(*ms)),
            Schedule::Fields {
                minute,
                hour,
                dom,
                month,
                dow,
                dom_star,
                dow_star,
            } => {
                // Work in local minutes.
                let mut t = (after.0 + offset_ms).div_euclid(60_000) + 1;
                let limit = t + 5 * 366 * 24 * 60;
                while t < limit {
                    let days = t.div_euclid(24 * 60);
                    let (y, mo, d) = civil_from_days(days);
                    if month & (1 << mo) == 0 {
                        // First day of the next month.
                        let (ny, nm) = if mo == 12 { (y + 1, 1) } else { (y, mo + 1) };
                        t = days_from_civil(ny, nm, 1) * 24 * 60;
                        continue;
                    }
                    let wd = (days + 4).rem_euclid(7) as u32;
                    let dom_ok = dom & (1 << d) != 0;
                    let dow_ok = dow & (1 << wd) != 0;
                    let day_ok = if *dom_star || *dow_star {
                        dom_ok && dow_ok
                    } else {
                        dom_ok || dow_ok
                    };
                    if !day_ok {
                        t = (days + 1) * 24 * 60;
                        continue;
                    }
                    let minute_of_day = t.rem_euclid(24 * 60);
                    let h = (minute_of_day / 60) as u32;
                    if hour & (1 << h) == 0 {
                        t = days * 24 * 60 + (h as i64 + 1) * 60;
                        continue;
                    }
                    let m = (minute_of_day % 60) as u32;
                    if minute & (1 << m) == 0 {
                        t += 1;
                        continue;
                    }
                    return Some(Time(t * 60_000 - offset_ms));
                }
                None
            }
        }
    }
}

/// The UTC offset of a time zone the simulation knows (fixed-offset zones
/// only), in milliseconds.
pub fn zone_offset_ms(zone: &str) -> Option<i64> {
    let h = 3_600_000;
    Some(match zone {
        "" | "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" | "Universal" | "Zulu" => 0,
        "Asia/Seoul" | "Asia/Tokyo" | "Asia/Pyongyang" => 9 * h,
        "Asia/Shanghai" | "Asia/Hong_Kong" | "Asia/Taipei" | "Asia/Singapore" | "Asia/Manila" => {
            8 * h
        }
        "Asia/Kolkata" | "Asia/Calcutta" => 5 * h + h / 2,
        "Asia/Dubai" => 4 * h,
        "Asia/Jakarta" | "Asia/Bangkok" | "Asia/Ho_Chi_Minh" => 7 * h,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SIM_START;

    fn at(s: &str) -> Time {
        Time::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn parses_like_robfig() {
        assert!(Schedule::parse("*/5 * * * *").is_ok());
        assert!(Schedule::parse("0 9 * * MON-FRI").is_ok());
        assert!(Schedule::parse("@hourly").is_ok());
        assert_eq!(
            Schedule::parse("* * * *").unwrap_err(),
            "expected exactly 5 fields, found 4: [* * * *]"
        );
        assert_eq!(
            Schedule::parse("61 * * * *").unwrap_err(),
            "end of range (61) above maximum (59): 61"
        );
        assert!(Schedule::parse("@sometimes").is_err());
        assert_eq!(
            Schedule::parse("@every 90s").unwrap(),
            Schedule::Every(90_000)
        );
    }

    #[test]
    fn next_times() {
        // SIM_START is Monday 2026-01-05 09:00 UTC.
        let s = Schedule::parse("*/5 * * * *").unwrap();
        assert_eq!(s.next_after(SIM_START, 0), Some(at("2026-01-05T09:05:00Z")));
        let s = Schedule::parse("30 8 * * *").unwrap();
        assert_eq!(s.next_after(SIM_START, 0), Some(at("2026-01-06T08:30:00Z")));
        let s = Schedule::parse("0 0 * * SUN").unwrap();
        assert_eq!(s.next_after(SIM_START, 0), Some(at("2026-01-11T00:00:00Z")));
        let s = Schedule::parse("0 0 29 2 *").unwrap();
        assert_eq!(s.next_after(SIM_START, 0), Some(at("2028-02-29T00:00:00Z")));
        let s = Schedule::parse("@monthly").unwrap();
        assert_eq!(s.next_after(SIM_START, 0), Some(at("2026-02-01T00:00:00Z")));
        // 09:00 in Seoul is 00:00 UTC.
        let s = Schedule::parse("0 9 * * *").unwrap();
        assert_eq!(
            s.next_after(SIM_START, zone_offset_ms("Asia/Seoul").unwrap()),
            Some(at("2026-01-06T00:00:00Z"))
        );
        // Both day fields restricted: either matches.
        let s = Schedule::parse("0 0 13 * FRI").unwrap();
        assert_eq!(s.next_after(SIM_START, 0), Some(at("2026-01-09T00:00:00Z")));
    }
}
