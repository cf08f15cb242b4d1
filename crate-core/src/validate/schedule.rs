//! EventBridge Scheduler expressions (`cron(...)`, `rate(...)`) and IANA time zone names:
//! checked field by field with an example in every message, and read back in words for the
//! designer ("every day at 03:00 UTC").

/// A valid cron example shown in messages.
const CRON_EXAMPLE: &str = "cron(0 3 * * ? *) runs every day at 03:00";

/// The six cron fields: name, lowest, highest, the names it accepts.
const FIELDS: [(&str, u32, u32); 6] = [
    ("minutes", 0, 59),
    ("hours", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 1, 7),
    ("year", 1970, 2199),
];

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Checks `cron(...)` or `rate(...)`; the error says what is wrong and shows a valid example.
pub fn check_expression(expr: &str) -> Result<(), String> {
    let shown = super::clip(expr);
    if let Some(inner) = expr.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        return check_rate(inner)
            .map_err(|why| format!("`{shown}`: {why}; e.g. rate(1 hour) or rate(15 minutes)"));
    }
    if let Some(inner) = expr.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
        return check_cron(inner).map_err(|why| format!("`{shown}`: {why}; e.g. {CRON_EXAMPLE}"));
    }
    Err(format!(
        "`{shown}` is not a schedule; use cron(minutes hours day-of-month month day-of-week year), e.g. {CRON_EXAMPLE}, or rate(value unit), e.g. rate(1 hour)"
    ))
}

fn check_rate(inner: &str) -> Result<(), String> {
    let parts: Vec<&str> = inner.split(' ').collect();
    let [value, unit] = parts.as_slice() else {
        return Err("a rate is a whole number and a unit".into());
    };
    let n: u32 = value
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("{} is not a whole number of 1 or more", super::clip(value)))?;
    let singular = matches!(*unit, "minute" | "hour" | "day");
    let plural = matches!(*unit, "minutes" | "hours" | "days");
    if !singular && !plural {
        return Err(format!(
            "{} is not a unit; use minute(s), hour(s) or day(s)",
            super::clip(unit)
        ));
    }
    if n == 1 && plural {
        return Err(format!("write 1 {} (singular)", unit.trim_end_matches('s')));
    }
    if n > 1 && singular {
        return Err(format!("write {n} {unit}s (plural)"));
    }
    Ok(())
}

fn check_cron(inner: &str) -> Result<(), String> {
    let fields: Vec<&str> = inner.split(' ').collect();
    if fields.len() != 6 {
        return Err(format!(
            "has {} fields; a cron takes 6: minutes hours day-of-month month day-of-week year",
            fields.len()
        ));
    }
    for (i, field) in fields.iter().enumerate() {
        check_field(i, field)?;
    }
    let (dom, dow) = (fields[2], fields[4]);
    if (dom == "?") == (dow == "?") {
        return Err("one of day-of-month and day-of-week must be ? (and only one)".into());
    }
    Ok(())
}

fn check_field(i: usize, field: &str) -> Result<(), String> {
    let (name, lo, hi) = FIELDS[i];
    let bad = || {
        let names = match i {
            3 => " or JAN-DEC",
            4 => " or SUN-SAT",
            _ => "",
        };
        format!(
            "{name} `{}` is not valid; use {lo}-{hi}{names}, *, lists (a,b), ranges (a-b) or steps (*/n)",
            super::clip(field)
        )
    };
    if field.is_empty() {
        return Err(bad());
    }
    if field == "?" {
        return if i == 2 || i == 4 {
            Ok(())
        } else {
            Err(format!(
                "{name} cannot be ?; only day-of-month and day-of-week take ?"
            ))
        };
    }
    for item in field.split(',') {
        let ok = match i {
            2 if item == "L" || item == "LW" => true,
            2 if item.ends_with('W') => value(i, &item[..item.len() - 1]).is_some(),
            4 if item == "L" => true,
            4 if item.ends_with('L') => value(i, &item[..item.len() - 1]).is_some(),
            4 if item.contains('#') => item.split_once('#').is_some_and(|(d, n)| {
                value(i, d).is_some() && matches!(n, "1" | "2" | "3" | "4" | "5")
            }),
            _ => plain_item(i, item),
        };
        if !ok {
            return Err(bad());
        }
    }
    Ok(())
}

/// `*`, `v`, `a-b`, `*/n`, `v/n`, `a-b/n`.
fn plain_item(i: usize, item: &str) -> bool {
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (item, None),
    };
    if let Some(step) = step {
        if !step
            .parse::<u32>()
            .is_ok_and(|n| n >= 1 && n <= FIELDS[i].2)
        {
            return false;
        }
    }
    if range == "*" {
        return true;
    }
    match range.split_once('-') {
        Some((a, b)) => matches!((value(i, a), value(i, b)), (Some(x), Some(y)) if x <= y),
        None => value(i, range).is_some(),
    }
}

/// A number in the field's range, or a month or day name.
fn value(i: usize, s: &str) -> Option<u32> {
    let (_, lo, hi) = FIELDS[i];
    if let Ok(n) = s.parse::<u32>() {
        return (lo..=hi).contains(&n).then_some(n);
    }
    let upper = s.to_ascii_uppercase();
    match i {
        3 => MONTHS
            .iter()
            .position(|m| *m == upper)
            .map(|p| p as u32 + 1),
        4 => DAYS.iter().position(|d| *d == upper).map(|p| p as u32 + 1),
        _ => None,
    }
}

/// An IANA time zone name: `UTC`, `Etc/GMT+5`, `Europe/Paris`, `America/Argentina/Salta`.
pub fn is_time_zone(tz: &str) -> bool {
    const AREAS: [&str; 11] = [
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
        "Etc",
    ];
    if matches!(tz, "UTC" | "GMT") {
        return true;
    }
    let mut parts = tz.split('/');
    let area = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    AREAS.contains(&area)
        && (1..=2).contains(&rest.len())
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 32
                && p.as_bytes()[0].is_ascii_alphabetic()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
        })
}

/// A schedule in words, for a valid expression: `every day at 03:00 UTC`, `every 15 minutes`.
/// Shapes without a short reading are described field by field.
pub fn describe(expr: &str, time_zone: &str) -> String {
    if let Some(inner) = expr.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        return match inner.split_once(' ') {
            Some(("1", unit)) => format!("every {unit}"),
            Some((n, unit)) => format!("every {n} {unit}"),
            None => inner.to_owned(),
        };
    }
    let Some(inner) = expr.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) else {
        return expr.to_owned();
    };
    let f: Vec<&str> = inner.split(' ').collect();
    let [minute, hour, dom, month, dow, year] = f.as_slice() else {
        return expr.to_owned();
    };
    let number = |s: &str| s.parse::<u32>().ok();
    let at = match (number(minute), number(hour)) {
        (Some(m), Some(h)) => Some(format!("at {h:02}:{m:02} {time_zone}")),
        _ => None,
    };
    let every_year = *year == "*" && *month == "*";
    match at {
        Some(at) if every_year && *dom == "*" && *dow == "?" => format!("every day {at}"),
        Some(at) if every_year && *dom == "?" && *dow == "*" => format!("every day {at}"),
        Some(at) if every_year && *dom == "?" && value(4, dow).is_some() => {
            let d = value(4, dow).unwrap_or(1) as usize - 1;
            format!("every {} {at}", DAY_NAMES[d])
        }
        Some(at) if every_year && *dom == "?" && (*dow == "MON-FRI" || *dow == "2-6") => {
            format!("every weekday {at}")
        }
        Some(at) if every_year && number(dom).is_some() && *dow == "?" => {
            format!("on day {dom} of every month {at}")
        }
        _ if *hour == "*" && *dom == "*" && *dow == "?" && every_year => {
            match minute.strip_prefix("0/").or_else(|| minute.strip_prefix("*/")) {
                Some(step) => format!("every {step} minutes"),
                None => format!("every hour at minute {minute}"),
            }
        }
        _ => format!(
            "minutes {minute}, hours {hour}, day-of-month {dom}, month {month}, day-of-week {dow}, year {year} ({time_zone})"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_expressions() {
        for ok in [
            "cron(0 3 * * ? *)",
            "cron(15 10 ? * MON-FRI *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
            "cron(0 8 1 * ? *)",
            "cron(0 18 ? * 6L 2026-2030)",
            "cron(0 12 L * ? *)",
            "cron(0 12 15W * ? *)",
            "cron(0 9 ? * 2#1 *)",
            "cron(0 0 1 JAN,JUL ? *)",
            "rate(1 hour)",
            "rate(15 minutes)",
            "rate(7 days)",
        ] {
            assert_eq!(check_expression(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn invalid_expressions_say_why() {
        for (bad, why) in [
            ("cron(0 3 * * *)", "has 5 fields"),
            (
                "cron(0 3 * * * *)",
                "one of day-of-month and day-of-week must be ?",
            ),
            (
                "cron(0 3 ? * ? *)",
                "one of day-of-month and day-of-week must be ?",
            ),
            ("cron(60 3 * * ? *)", "minutes `60` is not valid; use 0-59"),
            ("cron(0 24 * * ? *)", "hours `24`"),
            ("cron(0 3 32 * ? *)", "day-of-month `32`"),
            ("cron(0 3 * 13 ? *)", "month `13`"),
            ("cron(0 3 ? * 8 *)", "day-of-week `8`"),
            ("cron(0 3 * * ? 1969)", "year `1969`"),
            ("cron(? 3 * * ? *)", "minutes cannot be ?"),
            ("rate(1 hours)", "write 1 hour (singular)"),
            ("rate(5 hour)", "write 5 hours (plural)"),
            ("rate(0 minutes)", "not a whole number of 1 or more"),
            ("rate(2 weeks)", "not a unit"),
            ("every day", "is not a schedule"),
            ("0 3 * * *", "is not a schedule"),
        ] {
            let got = check_expression(bad).unwrap_err();
            assert!(got.contains(why), "{bad}: {got}");
            assert!(got.contains("e.g."), "{bad}: {got}");
        }
    }

    #[test]
    fn readings() {
        assert_eq!(
            describe("cron(0 3 * * ? *)", "UTC"),
            "every day at 03:00 UTC"
        );
        assert_eq!(
            describe("cron(30 7 ? * MON *)", "Europe/Paris"),
            "every Monday at 07:30 Europe/Paris"
        );
        assert_eq!(
            describe("cron(0 9 ? * MON-FRI *)", "UTC"),
            "every weekday at 09:00 UTC"
        );
        assert_eq!(describe("rate(1 hour)", "UTC"), "every hour");
        assert_eq!(describe("rate(15 minutes)", "UTC"), "every 15 minutes");
        assert_eq!(describe("cron(0/10 * * * ? *)", "UTC"), "every 10 minutes");
    }

    #[test]
    fn time_zones() {
        for ok in [
            "UTC",
            "Europe/Paris",
            "America/New_York",
            "America/Argentina/Salta",
            "Etc/GMT+5",
        ] {
            assert!(is_time_zone(ok), "{ok}");
        }
        for bad in [
            "",
            "utc",
            "Paris",
            "Mars/Olympus",
            "Europe/",
            "Europe/Paris/x/y",
            "Europe/Par is",
        ] {
            assert!(!is_time_zone(bad), "{bad}");
        }
    }
}
