//! Tables whose rows are stages: `| Month | Topic | Resources |`, one row per stage, its
//! title from the topic column, its duration from the time column, and the other cells
//! kept as its text (a cell's `<br>`-separated parts as a list).
//!
//! Cells are cut from the row's source line, so that they keep their Markdown.

use super::durations;

/// Header words of a column that says when or how long.
const TIME_WORDS: [&str; 16] = [
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "phase",
    "duration",
    "time",
    "timeline",
    "timeframe",
    "when",
    "period",
    "length",
    "sprint",
    "stage",
];

/// Header words of the column that names a stage.
const TITLE_WORDS: [&str; 12] = [
    "topic",
    "topics",
    "title",
    "focus",
    "subject",
    "skill",
    "skills",
    "goal",
    "goals",
    "theme",
    "module",
    "milestone",
];

/// The cells of a table line as written, trimmed: split at `|` outside code spans and
/// not escaped.
pub fn cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut code = false;
    let mut escaped = false;
    for c in t.chars() {
        match c {
            '|' if !code && !escaped => out.push(std::mem::take(&mut cell).trim().to_string()),
            _ => {
                if c == '`' {
                    code = !code;
                }
                escaped = c == '\\' && !escaped;
                cell.push(c);
            }
        }
    }
    out.push(cell.trim().to_string());
    out
}

/// A header cell's words, lower case, without markup.
fn header_word(cell: &str) -> String {
    cell.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

pub fn is_time_header(cell: &str) -> bool {
    let w = header_word(cell);
    TIME_WORDS.contains(&w.as_str()) || w.split_whitespace().any(|x| TIME_WORDS.contains(&x))
}

/// What a time cell says, with its header's unit when the cell gives only numbers
/// ("1-2" under "Month" reads "Month 1-2").
pub fn when(header: &str, cell: &str) -> String {
    let plain = plain_text(cell);
    if durations::position(&plain).is_some() || durations::length(&plain).is_some() {
        plain
    } else {
        format!("{} {plain}", header_word(header))
    }
}

fn has_label(header: &str, cell: &str) -> bool {
    let w = when(header, cell);
    durations::position(&w).is_some() || durations::length(&w).is_some()
}

/// A table's reading: which column says when, which names the stage.
#[derive(Debug, Clone)]
pub struct Columns {
    pub headers: Vec<String>,
    pub time: usize,
    pub title: usize,
}

/// The columns of a table with a time column, `None` for any other table. The time
/// column is the one whose cells give the most durations.
pub fn columns(header: &[String], rows: &[Vec<String>]) -> Option<Columns> {
    let found = |i: usize| {
        rows.iter()
            .filter(|r| r.get(i).is_some_and(|c| has_label(&header[i], c)))
            .count()
    };
    let (labels, time) = (0..header.len())
        .filter(|&i| is_time_header(&header[i]))
        .map(|i| (found(i), i))
        .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))?;
    // "When", "Phase", "Stage" columns make stages only when they give a duration; a
    // unit ("Month", "Weeks") or "Duration" does by itself.
    let unit = [
        "month", "months", "week", "weeks", "day", "days", "duration",
    ];
    if labels == 0 && !unit.contains(&header_word(&header[time]).as_str()) {
        return None;
    }
    let title = (0..header.len())
        .filter(|&i| i != time)
        .find(|&i| TITLE_WORDS.contains(&header_word(&header[i]).as_str()))
        .or_else(|| (0..header.len()).find(|&i| i != time))?;
    Some(Columns {
        headers: header.to_vec(),
        time,
        title,
    })
}

/// A cell's parts: split at `<br>`, bullets ("•", "-") dropped.
pub fn parts(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = cell.to_ascii_lowercase();
    let mut start = 0;
    let mut from = 0;
    while let Some(i) = lower[from..].find("<br") {
        let i = from + i;
        let Some(end) = lower[i..].find('>').map(|e| i + e + 1) else {
            break;
        };
        let between = &lower[i + 3..end - 1];
        if between.trim().trim_end_matches('/').trim().is_empty() {
            out.push(&cell[start..i]);
            start = end;
        }
        from = end;
    }
    out.push(&cell[start..]);
    out.iter()
        .map(|p| {
            let p = p.trim();
            let bullet = ["• ", "· ", "- ", "* "]
                .iter()
                .find_map(|b| p.strip_prefix(b));
            let p = bullet.or_else(|| p.strip_prefix(['•', '·'])).unwrap_or(p);
            p.trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Markdown made plain: links as their text, emphasis and code marks dropped.
pub fn plain_text(cell: &str) -> String {
    let mut out = String::new();
    let mut rest = cell;
    while let Some(i) = rest.find("](") {
        let end = rest[i..].find(')').map_or(rest.len(), |e| i + e + 1);
        out.push_str(&rest[..i]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace(['*', '`', '['], "")
        .replace("__", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row's title: its title cell's first part, plain.
pub fn title(cols: &Columns, row: &[String]) -> String {
    let cell = row.get(cols.title).map_or("", String::as_str);
    parts(cell)
        .first()
        .map(|p| plain_text(p))
        .unwrap_or_default()
}

/// A row's text: every cell but its time cell, and but its title cell when the title
/// says all of it, under its header; a cell of several parts as a list.
pub fn body(cols: &Columns, row: &[String]) -> String {
    let mut s = String::new();
    for (i, cell) in row.iter().enumerate() {
        let parts = parts(cell);
        let said = i == cols.title && parts.len() == 1 && plain_text(cell) == cell.trim();
        if i == cols.time || said || parts.is_empty() {
            continue;
        }
        let header = cols
            .headers
            .get(i)
            .map(|h| plain_text(h))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "Notes".into());
        if parts.len() == 1 {
            s.push_str(&format!("**{header}:** {}\n\n", parts[0]));
        } else {
            s.push_str(&format!("**{header}:**\n\n"));
            for p in &parts {
                s.push_str(&format!("- {p}\n"));
            }
            s.push('\n');
        }
    }
    s
}

/// Whether a row's text still holds raw HTML once its `<br>`s are gone.
pub fn has_tag(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: &str) -> Vec<String> {
        cells(line)
    }

    #[test]
    fn cells_keep_their_markdown() {
        assert_eq!(
            cells("| Month 1 | `a|b` | [x](https://e.x/) \\| y |"),
            ["Month 1", "`a|b`", "[x](https://e.x/) \\| y"]
        );
    }

    #[test]
    fn a_time_column_and_a_title_column() {
        let header = row("| Month | Topic | Resources |");
        let rows = vec![
            row("| 1 | Python | [Docs](https://d.x/)<br>• Book |"),
            row("| 2-3 | ML | x |"),
        ];
        let cols = columns(&header, &rows).unwrap();
        assert_eq!((cols.time, cols.title), (0, 1));
        assert_eq!(when(&header[0], &rows[1][0]), "month 2-3");
        assert_eq!(title(&cols, &rows[0]), "Python");
        assert_eq!(
            body(&cols, &rows[0]),
            "**Resources:**\n\n- [Docs](https://d.x/)\n- Book\n\n"
        );
        assert!(columns(&row("| Topic | Resources |"), &rows).is_none());
        let when = vec![row("| `only()` | fewer columns | wide tables |")];
        assert!(columns(&row("| Lookup | SQL | When |"), &when).is_none());
        assert!(columns(&row("| Lookup | SQL | Week |"), &when).is_some());
        // Of two time columns, the one that gives durations.
        let header = row("| Phase | Duration | Focus |");
        let rows = vec![row("| Basics | 2 weeks | Python |")];
        let cols = columns(&header, &rows).unwrap();
        assert_eq!((cols.time, cols.title), (1, 2));
    }

    #[test]
    fn parts_at_br() {
        assert_eq!(parts("a<br>b<BR/> c <br />"), ["a", "b", "c"]);
        assert_eq!(
            parts("• a<br>- b<br>**c** d<br>•e"),
            ["a", "b", "**c** d", "e"]
        );
        assert_eq!(parts("<b>x</b>"), ["<b>x</b>"]);
        assert!(has_tag("<b>x</b>") && !has_tag("a < b"));
    }
}
