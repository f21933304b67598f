//! The dated study plan: a start date, weekly hours and a pace turn the stages'
//! durations into calendar days, one stage at a time in the roadmap's `study_order`
//! (each stage after what it requires; by stage number otherwise).
//!
//! A stage's length in days is its duration at the author's weekly hours (`[plan]
//! hours_per_week`; 1 week = 7 days, a month = 4 weeks), scaled by the author's hours
//! over the reader's and rounded up to whole days: [`stage_days`]. The pace picks the
//! shortest, middle or longest of a range ("2–3 weeks"). Optional stages are left out
//! of the dates unless the reader adds them ([`Electives`]); an optional stage that a
//! stage of the plan requires is in the plan too. The browser does the same in
//! the default theme's `plan.js` (its one implementation in JavaScript, with the same
//! rules and the same tests); `roadsmith export ics` uses this one.

use std::fmt;

use super::Roadmap;

/// A day of the Gregorian calendar, from 1000-01-01 to 9999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

const FIRST_YEAR: i64 = 1000;
const LAST_YEAR: i64 = 9999;

impl Date {
    /// The date of `year`-`month`-`day`, when there is one in the years 1000 to 9999.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// `YYYY-MM-DD`, a date that exists: "2027-02-29" and "2027-13-01" are refused.
    pub fn parse(text: &str) -> Result<Date, String> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let [y, m, d] = parts[..] else {
            return Err(format!("\"{text}\" is not a date written as YYYY-MM-DD"));
        };
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(format!("\"{text}\" is not a date written as YYYY-MM-DD"));
        }
        let (y, m, d) = (
            y.parse().unwrap_or(0),
            m.parse().unwrap_or(0),
            d.parse().unwrap_or(0),
        );
        Date::from_ymd(y, m, d)
            .ok_or_else(|| format!("{text} is not a day of the calendar (years 1000 to 9999)"))
    }

    /// The date `n` days later (earlier for a negative `n`); `None` outside the years
    /// 1000 to 9999.
    pub fn add_days(self, n: i64) -> Option<Date> {
        let date = Date {
            days: self.days.checked_add(n)?,
        };
        let (year, _, _) = date.ymd();
        (FIRST_YEAR..=LAST_YEAR).contains(&year).then_some(date)
    }

    /// Days from `self` to `later`.
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }

    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }

    /// 0 for Monday to 6 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days + 3).rem_euclid(7) as u32
    }

    /// `YYYYMMDD`, as iCalendar writes a date.
    pub fn basic(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}{m:02}{d:02}")
    }

    /// The date of a moment given in seconds since 1970-01-01 UTC, with the time of day
    /// in seconds.
    pub fn from_unix(seconds: u64) -> (Date, u32) {
        let days = (seconds / 86_400) as i64;
        (Date { days }, (seconds % 86_400) as u32)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Gregorian date of a day counted from 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Which end of a range ("2–3 weeks") a plan takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pace {
    Shortest,
    Middle,
    /// The default: a plan that holds when stages take their longest.
    #[default]
    Longest,
}

impl Pace {
    pub const NAMES: [&'static str; 3] = ["shortest", "middle", "longest"];

    pub fn from_name(name: &str) -> Option<Pace> {
        match name {
            "shortest" => Some(Pace::Shortest),
            "middle" => Some(Pace::Middle),
            "longest" => Some(Pace::Longest),
            _ => None,
        }
    }

    /// The days of a stage of `min` to `max` days at this pace.
    pub fn pick(self, min: f64, max: f64) -> f64 {
        match self {
            Pace::Shortest => min,
            Pace::Middle => (min + max) / 2.0,
            Pace::Longest => max,
        }
    }
}

/// A duration in weeks as days, to millionths: 3 days are 3, not 3.0000000000000004.
pub fn days(weeks: f64) -> f64 {
    (weeks * 7.0 * 1e6).round() / 1e6
}

/// Whole days a stage of `days` (at the author's `author_hours` a week) takes a reader
/// with `reader_hours` a week: scaled, then rounded up (a hair of float error aside).
pub fn stage_days(days: f64, author_hours: f64, reader_hours: f64) -> i64 {
    ((days * author_hours / reader_hours - 1e-9).ceil() as i64).max(1)
}

/// What a reader chose.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub start: Date,
    pub hours_per_week: f64,
    pub pace: Pace,
    pub electives: Electives,
}

/// The optional stages a plan dates: none by default (electives do not push the end of
/// the plan back), every one, or those chosen by slug.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Electives {
    #[default]
    None,
    All,
    Chosen(Vec<String>),
}

impl Electives {
    fn takes(&self, slug: &str) -> bool {
        match self {
            Electives::None => false,
            Electives::All => true,
            Electives::Chosen(slugs) => slugs.iter().any(|s| s == slug),
        }
    }
}

/// A stage's place in a plan: from `start` to the day before `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub start: Date,
    /// The day after its last: the next stage starts on it (iCalendar's DTEND).
    pub end: Date,
}

/// The stages of `roadmap` dated by `plan` (`dated[i]` for `roadmap.stages[i]`, `None`
/// for an optional stage left out): one stage at a time, in `study_order` (each after
/// what it requires); an error when the plan would run past the year 9999.
pub fn schedule(roadmap: &Roadmap, plan: &Plan) -> Result<Vec<Option<Dated>>, String> {
    let index: std::collections::HashMap<&str, usize> = roadmap
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.slug.as_str(), i))
        .collect();
    let order: Vec<usize> = (roadmap.study_order.iter())
        .filter_map(|slug| index.get(slug.as_str()).copied())
        .collect();
    if order.len() != roadmap.stages.len() {
        return Err("a stage is missing from the study order".to_string());
    }
    let planned = planned(roadmap, plan, &order, &index);
    let mut dated = vec![None; roadmap.stages.len()];
    let mut start = plan.start;
    for &i in order.iter().filter(|&&i| planned[i]) {
        let s = &roadmap.stages[i];
        let days = plan.pace.pick(s.days_min, s.days_max);
        let length = stage_days(days, roadmap.hours_per_week, plan.hours_per_week);
        let end = start
            .add_days(length)
            .ok_or_else(|| format!("the plan runs past the year {LAST_YEAR}"))?;
        dated[i] = Some(Dated { start, end });
        start = end;
    }
    Ok(dated)
}

/// Which stages the plan dates: every required stage, the electives it takes, and what
/// those require (walked from the last in study order to the first, so through chains).
fn planned(
    roadmap: &Roadmap,
    plan: &Plan,
    order: &[usize],
    index: &std::collections::HashMap<&str, usize>,
) -> Vec<bool> {
    let mut planned: Vec<bool> = (roadmap.stages.iter())
        .map(|s| !s.optional || plan.electives.takes(&s.slug))
        .collect();
    for &i in order.iter().rev() {
        if planned[i] {
            for r in &roadmap.stages[i].requires {
                if let Some(&j) = index.get(r.as_str()) {
                    planned[j] = true;
                }
            }
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn dates_are_read_only_when_they_exist() {
        assert_eq!(date("2027-01-04").to_string(), "2027-01-04");
        assert_eq!(date("2028-02-29").ymd(), (2028, 2, 29));
        assert_eq!(date("2000-02-29").ymd(), (2000, 2, 29));
        for bad in [
            "2027-02-29",
            "1900-02-29",
            "2027-02-30",
            "2027-04-31",
            "2027-13-01",
            "2027-00-10",
            "2027-01-00",
            "0999-12-31",
            "27-01-04",
            "2027-1-4",
            "2027/01/04",
            "",
            "2027-01-04-",
            "+202-01-04",
        ] {
            assert!(Date::parse(bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn adding_days_crosses_month_and_year_ends() {
        let cases = [
            ("2027-01-04", 7, "2027-01-11"),
            ("2027-01-31", 1, "2027-02-01"),
            ("2027-02-28", 1, "2027-03-01"),
            ("2028-02-28", 1, "2028-02-29"),
            ("2028-02-29", 1, "2028-03-01"),
            ("2100-02-28", 1, "2100-03-01"),
            ("2000-02-28", 1, "2000-02-29"),
            ("2027-04-30", 1, "2027-05-01"),
            ("2027-12-31", 1, "2028-01-01"),
            ("2027-12-25", 11, "2028-01-05"),
            ("2028-01-05", -11, "2027-12-25"),
            ("2027-01-01", 365, "2028-01-01"),
            ("2028-01-01", 366, "2029-01-01"),
            ("1970-01-01", 0, "1970-01-01"),
            ("1969-12-31", 1, "1970-01-01"),
            ("2027-03-01", -1, "2027-02-28"),
        ];
        for (from, n, want) in cases {
            assert_eq!(
                date(from).add_days(n).unwrap().to_string(),
                want,
                "{from} + {n}"
            );
            assert_eq!(date(from).days_until(date(want)), n);
        }
        assert_eq!(date("9999-12-31").add_days(1), None);
        assert_eq!(date("1000-01-01").add_days(-1), None);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        let mut d = date("1999-12-31");
        let mut weekday = d.weekday();
        for _ in 0..146_097 {
            let next = d.add_days(1).unwrap();
            let (y, m, day) = next.ymd();
            assert_eq!(Date::from_ymd(y, m, day), Some(next));
            weekday = (weekday + 1) % 7;
            assert_eq!(next.weekday(), weekday);
            d = next;
        }
        assert_eq!(d.to_string(), "2399-12-31");
    }

    #[test]
    fn weekdays() {
        assert_eq!(date("2027-01-04").weekday(), 0, "a Monday");
        assert_eq!(date("2027-01-10").weekday(), 6, "a Sunday");
        assert_eq!(date("2026-12-02").weekday(), 2, "a Wednesday");
    }

    #[test]
    fn stage_lengths_scale_by_hours_and_round_up() {
        assert_eq!(stage_days(days(1.0), 10.0, 10.0), 7);
        assert_eq!(stage_days(days(1.5), 10.0, 10.0), 11, "10.5 days");
        assert_eq!(stage_days(days(3.0 / 7.0), 10.0, 10.0), 3, "3 days");
        assert_eq!(stage_days(days(4.0), 10.0, 10.0), 28, "a month");
        assert_eq!(stage_days(days(1.0), 10.0, 5.0), 14, "half the hours");
        assert_eq!(stage_days(days(1.0), 10.0, 20.0), 4, "3.5 days");
        assert_eq!(stage_days(days(1.0), 10.0, 8.0), 9, "8.75 days");
        assert_eq!(
            stage_days(days(3.0 / 7.0), 10.0, 80.0),
            1,
            "never less than a day"
        );
        assert_eq!(stage_days(days(1.0), 10.0, 7.0), 10, "exactly 10 days");
    }

    #[test]
    fn paces() {
        assert_eq!(Pace::Shortest.pick(14.0, 21.0), 14.0);
        assert_eq!(Pace::Middle.pick(14.0, 21.0), 17.5);
        assert_eq!(Pace::Longest.pick(14.0, 21.0), 21.0);
        assert_eq!(Pace::default(), Pace::Longest);
        for name in Pace::NAMES {
            assert!(Pace::from_name(name).is_some());
        }
        assert_eq!(Pace::from_name("fast"), None);
    }

    #[test]
    fn unix_moments() {
        let (d, secs) = Date::from_unix(1_796_385_600);
        assert_eq!((d.to_string(), secs), ("2026-12-04".into(), 43_200));
    }
}
