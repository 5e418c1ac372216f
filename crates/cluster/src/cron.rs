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

    /// The first activation strictly after `after` in the time zone's
    /// wall-clock time. `None` if there is none within five years.
    pub fn next_after(&self, after: Time, zone: &Zone) -> Option<Time> {
        let off = zone.offset_at(after);
        let first = self.next_after_offset(after, off)?;
        let off2 = zone.offset_at(first);
        if off2 == off {
            return Some(first);
        }
        // The offset changes before the activation: look again with the
        // offset then in force; a wall-clock time that does not exist
        // (the hour skipped in spring) keeps the first answer, an hour on.
        match self.next_after_offset(after, off2) {
            Some(t) if zone.offset_at(t) == off2 && t > after => Some(t),
            _ => Some(first),
        }
    }

    /// The first activation strictly after `after` with a fixed offset.
    fn next_after_offset(&self, after: Time, offset_ms: i64) -> Option<Time> {
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

#[path = "cron_zones.rs"]
mod zones;

/// When a daylight-saving period starts or ends: a POSIX TZ date rule and
/// the local wall-clock second of the day it happens at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateRule {
    /// `Mm.w.d`: day `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
    Month(u32, u32, u32),
    /// `Jn`: day 1..=365, February 29 never counted.
    Julian(i64),
    /// `n`: day 0..=365 of the year, counting February 29.
    Day(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dst {
    /// Offset east of UTC, milliseconds.
    offset: i64,
    start: (DateRule, i64),
    end: (DateRule, i64),
}

/// A time zone as Go's `time.LoadLocation` finds it, reduced to the rule
/// it follows now (standard offset, daylight saving rules): enough for
/// schedules from 2026 on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone {
    /// Standard offset east of UTC, milliseconds.
    std: i64,
    dst: Option<Dst>,
}

impl Zone {
    pub const UTC: Zone = Zone { std: 0, dst: None };

    /// The zone of an IANA name (`Asia/Seoul`, `Europe/Berlin`, `UTC`),
    /// `""` being UTC as in Go; None for a name the time zone database
    /// does not have.
    pub fn named(name: &str) -> Option<Zone> {
        if name.is_empty() {
            return Some(Zone::UTC);
        }
        parse_posix_tz(zones::rule(name)?)
    }

    /// The offset east of UTC in force at `t`, milliseconds.
    pub fn offset_at(&self, t: Time) -> i64 {
        let Some(dst) = self.dst else {
            return self.std;
        };
        let (y, _, _) = civil_from_days((t.0 + self.std).div_euclid(86_400_000));
        let start = rule_day(dst.start.0, y) * 86_400_000 + dst.start.1 * 1000 - self.std;
        let end = rule_day(dst.end.0, y) * 86_400_000 + dst.end.1 * 1000 - dst.offset;
        let in_dst = if start < end {
            start <= t.0 && t.0 < end
        } else {
            !(end <= t.0 && t.0 < start)
        };
        if in_dst {
            dst.offset
        } else {
            self.std
        }
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The day (days since the epoch) a date rule names in year `y`.
fn rule_day(rule: DateRule, y: i64) -> i64 {
    let jan1 = days_from_civil(y, 1, 1);
    match rule {
        DateRule::Julian(n) => jan1 + n - 1 + i64::from(is_leap(y) && n >= 60),
        DateRule::Day(n) => jan1 + n,
        DateRule::Month(m, w, d) => {
            let first = days_from_civil(y, m, 1);
            let wd_first = (first + 4).rem_euclid(7);
            let mut day = first + (i64::from(d) - wd_first).rem_euclid(7) + 7 * (i64::from(w) - 1);
            let next_month = if m == 12 {
                days_from_civil(y + 1, 1, 1)
            } else {
                days_from_civil(y, m + 1, 1)
            };
            while day >= next_month {
                day -= 7;
            }
            day
        }
    }
}

/// `[+-]hh[:mm[:ss]]` in seconds.
fn posix_seconds(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'-') => (-1, &s[1..]),
        Some(b'+') => (1, &s[1..]),
        _ => (1, s),
    };
    let mut total = 0i64;
    for (i, part) in rest.split(':').enumerate() {
        let v: i64 = part.parse().ok()?;
        total += v * [3600, 60, 1].get(i)?;
    }
    Some(sign * total)
}

/// Splits a zone abbreviation (`KST`, `<+0545>`) off the front.
fn take_name(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('<') {
        let end = rest.find('>')?;
        return Some((&rest[..end], &rest[end + 1..]));
    }
    let end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    (end >= 3).then(|| (&s[..end], &s[end..]))
}

/// Splits a POSIX offset (`-9`, `5:45`, `+3`) off the front.
fn take_offset(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == ':' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

fn parse_date_rule(s: &str) -> Option<(DateRule, i64)> {
    let (date, time) = match s.split_once('/') {
        Some((d, t)) => (d, posix_seconds(t)?),
        None => (s, 2 * 3600),
    };
    let rule = if let Some(m) = date.strip_prefix('M') {
        let mut it = m.split('.').map(|x| x.parse::<u32>().ok());
        let (mo, w, d) = (it.next()??, it.next()??, it.next()??);
        if !(1..=12).contains(&mo) || !(1..=5).contains(&w) || d > 6 {
            return None;
        }
        DateRule::Month(mo, w, d)
    } else if let Some(j) = date.strip_prefix('J') {
        DateRule::Julian(j.parse().ok().filter(|n| (1..=365).contains(n))?)
    } else {
        DateRule::Day(date.parse().ok().filter(|n| (0..=365).contains(n))?)
    };
    Some((rule, time))
}

/// A POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`, `<+0545>-5:45`).
fn parse_posix_tz(s: &str) -> Option<Zone> {
    let (_, rest) = take_name(s)?;
    let (off, rest) = take_offset(rest);
    let std = -posix_seconds(off)? * 1000;
    if rest.is_empty() {
        return Some(Zone { std, dst: None });
    }
    let (_, rest) = take_name(rest)?;
    let (off, rest) = take_offset(rest);
    let offset = if off.is_empty() {
        std + 3_600_000
    } else {
        -posix_seconds(off)? * 1000
    };
    let rules = rest.strip_prefix(',').unwrap_or("M3.2.0,M11.1.0");
    let (a, b) = rules.split_once(',')?;
    Some(Zone {
        std,
        dst: Some(Dst {
            offset,
            start: parse_date_rule(a)?,
            end: parse_date_rule(b)?,
        }),
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
        assert_eq!(
            s.next_after(SIM_START, &Zone::UTC),
            Some(at("2026-01-05T09:05:00Z"))
        );
        let s = Schedule::parse("30 8 * * *").unwrap();
        assert_eq!(
            s.next_after(SIM_START, &Zone::UTC),
            Some(at("2026-01-06T08:30:00Z"))
        );
        let s = Schedule::parse("0 0 * * SUN").unwrap();
        assert_eq!(
            s.next_after(SIM_START, &Zone::UTC),
            Some(at("2026-01-11T00:00:00Z"))
        );
        let s = Schedule::parse("0 0 29 2 *").unwrap();
        assert_eq!(
            s.next_after(SIM_START, &Zone::UTC),
            Some(at("2028-02-29T00:00:00Z"))
        );
        let s = Schedule::parse("@monthly").unwrap();
        assert_eq!(
            s.next_after(SIM_START, &Zone::UTC),
            Some(at("2026-02-01T00:00:00Z"))
        );
        // 09:00 in Seoul is 00:00 UTC.
        let s = Schedule::parse("0 9 * * *").unwrap();
        assert_eq!(
            s.next_after(SIM_START, &Zone::named("Asia/Seoul").unwrap()),
            Some(at("2026-01-06T00:00:00Z"))
        );
        // Both day fields restricted: either matches.
        let s = Schedule::parse("0 0 13 * FRI").unwrap();
        assert_eq!(
            s.next_after(SIM_START, &Zone::UTC),
            Some(at("2026-01-09T00:00:00Z"))
        );
    }

    #[test]
    fn zones_follow_the_tz_database_rules() {
        let h = 3_600_000;
        assert!(Zone::named("Mars/Olympus").is_none());
        assert!(Zone::named("Local").is_none());
        assert_eq!(Zone::named(""), Some(Zone::UTC));
        assert_eq!(
            Zone::named("Asia/Kathmandu").unwrap().offset_at(SIM_START),
            5 * h + 45 * 60_000
        );
        let berlin = Zone::named("Europe/Berlin").unwrap();
        assert_eq!(berlin.offset_at(at("2026-01-05T09:00:00Z")), h);
        // Summer time from 29 March 2026 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(berlin.offset_at(at("2026-03-29T00:59:59Z")), h);
        assert_eq!(berlin.offset_at(at("2026-03-29T01:00:00Z")), 2 * h);
        assert_eq!(berlin.offset_at(at("2026-10-25T00:59:59Z")), 2 * h);
        assert_eq!(berlin.offset_at(at("2026-10-25T01:00:00Z")), h);
        let ny = Zone::named("America/New_York").unwrap();
        // 8 March 2026 02:00 EST = 07:00 UTC; 1 November 02:00 EDT = 06:00 UTC.
        assert_eq!(ny.offset_at(at("2026-03-08T06:59:00Z")), -5 * h);
        assert_eq!(ny.offset_at(at("2026-03-08T07:00:00Z")), -4 * h);
        assert_eq!(ny.offset_at(at("2026-11-01T05:59:00Z")), -4 * h);
        assert_eq!(ny.offset_at(at("2026-11-01T06:00:00Z")), -5 * h);
        // Southern hemisphere: Sydney's summer spans the new year.
        let syd = Zone::named("Australia/Sydney").unwrap();
        assert_eq!(syd.offset_at(at("2026-01-05T00:00:00Z")), 11 * h);
        assert_eq!(syd.offset_at(at("2026-07-01T00:00:00Z")), 10 * h);
        // 9:00 every day in New York: 14:00 UTC in winter, 13:00 in summer.
        let s = Schedule::parse("0 9 * * *").unwrap();
        assert_eq!(
            s.next_after(at("2026-03-07T15:00:00Z"), &ny),
            Some(at("2026-03-08T13:00:00Z"))
        );
        assert_eq!(
            s.next_after(at("2026-01-05T09:00:00Z"), &ny),
            Some(at("2026-01-05T14:00:00Z"))
        );
        // 02:30 does not exist on 8 March: it runs an hour on, at 03:30 EDT.
        let s = Schedule::parse("30 2 * * *").unwrap();
        assert_eq!(
            s.next_after(at("2026-03-08T05:00:00Z"), &ny),
            Some(at("2026-03-08T07:30:00Z"))
        );
    }
}
