//! Calendar dates as Unix seconds, for rules that compare dates with "now" (see
//! [`Context::now`](crate::Context::now)) and for the CLI's `PACTUM_NOW`. Only the formats
//! specs use: RFC 3339 dates and date-times, and HTTP dates (RFC 9110 IMF-fixdate, as in the
//! `Sunset` header of RFC 8594). No time zone database, no leap seconds.

/// Unix seconds of an RFC 3339 `full-date` (`2027-06-30`, midnight UTC) or `date-time`
/// (`2027-06-30T23:59:59Z`, `…+02:00`, fractional seconds ignored).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let text = text.trim();
    let b = text.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let date = unix_days(year, month, day)? * 86_400;
    if b.len() == 10 {
        return Some(date);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 19 || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let time = clock(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )?;
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let minutes = digits(&[*h1, *h2])? * 60 + digits(&[*m1, *m2])?;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    Some(date + time - offset)
}

/// Unix seconds of an HTTP date in the preferred IMF-fixdate form
/// (`Wed, 30 Jun 2027 23:59:59 GMT`); the weekday is not checked.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let mut words = text.split_whitespace();
    let weekday = words.next()?;
    if !weekday.ends_with(',') {
        return None;
    }
    let day = digits(words.next()?.as_bytes())?;
    let month = month_number(words.next()?)?;
    let year = digits(words.next()?.as_bytes())?;
    let time = words.next()?.as_bytes();
    if words.next()? != "GMT" || words.next().is_some() || time.len() != 8 {
        return None;
    }
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let secs = clock(
        digits(&time[0..2])?,
        digits(&time[3..5])?,
        digits(&time[6..8])?,
    )?;
    Some(unix_days(year, month, day)? * 86_400 + secs)
}

/// `YYYY-MM-DD` of Unix seconds (UTC), for messages.
pub fn format_date(unix: i64) -> String {
    let (y, m, d) = civil(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, c| n * 10 + i64::from(c - b'0')))
}

fn clock(h: i64, m: i64, s: i64) -> Option<i64> {
    // 60 admits a leap second.
    (h < 24 && m < 60 && s <= 60).then_some(h * 3600 + m * 60 + s)
}

fn month_number(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .map(|i| i as i64 + 1)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days since 1970-01-01 of a proleptic Gregorian date, if it exists.
fn unix_days(y: i64, m: i64, d: i64) -> Option<i64> {
    const DAYS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) {
        return None;
    }
    let len = DAYS[(m - 1) as usize] + i64::from(m == 2 && is_leap(y));
    if d < 1 || d > len {
        return None;
    }
    // Shift the year to start in March so the leap day is last.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The civil date of a day number (inverse of [`unix_days`]).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01"), Some(0));
        assert_eq!(parse_rfc3339("2000-03-01"), Some(951_868_800));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00Z"), Some(1_709_208_000));
        assert_eq!(
            parse_rfc3339("2024-02-29T14:00:00.123+02:00"),
            Some(1_709_208_000)
        );
        assert_eq!(parse_rfc3339("2023-02-29"), None);
        assert_eq!(parse_rfc3339("2024-13-01"), None);
        assert_eq!(parse_rfc3339("2024-01-01T25:00:00Z"), None);
        assert_eq!(parse_rfc3339("2024-01-01T10:00:00"), None);
        assert_eq!(parse_rfc3339("soon"), None);
    }

    #[test]
    fn http_date() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Wed, 30 Jun 2027 23:59:59 GMT"),
            parse_rfc3339("2027-06-30T23:59:59Z")
        );
        assert_eq!(parse_http_date("Wed, 30 Jun 2027 23:59:59 CET"), None);
        assert_eq!(parse_http_date("30 Jun 2027"), None);
    }

    #[test]
    fn civil_round_trips() {
        for days in [-800_000, -1, 0, 59, 11_016, 19_782, 2_932_896] {
            let (y, m, d) = civil(days);
            assert_eq!(unix_days(y, m, d), Some(days));
        }
        assert_eq!(format_date(1_709_208_000), "2024-02-29");
    }
}
