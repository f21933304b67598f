//! The overview's timeline: an SVG drawn at build time, one row per stage, a solid bar
//! for its shortest duration and a lighter one up to its longest, each a link to the stage.

use std::fmt::Write;

use super::{Roadmap, attr_escape};

/// Width of the drawing in viewBox units; it scales to its container.
pub const WIDTH: f64 = 760.0;
/// Where the bars' week 0 is: the stage titles sit left of it.
pub const CHART_LEFT: f64 = 290.0;
const CHART_RIGHT: f64 = WIDTH - 12.0;
const ROW: f64 = 30.0;
const TOP: f64 = 30.0;
const BAR: f64 = 16.0;
/// Longer titles are cut (the full one is in the link's name and tooltip).
const TITLE_CHARS: usize = 40;

/// viewBox units per week for a roadmap of `total_weeks`.
pub fn scale(total_weeks: f64) -> f64 {
    (CHART_RIGHT - CHART_LEFT) / total_weeks.max(1.0)
}

/// `x` to two decimals, without trailing zeros: 2.5 -> "2.5", 3.0 -> "3".
/// By hand rather than `format!("{x:.2}")`, whose exact rounding is slow and shows at
/// thousands of stages.
fn num(x: f64) -> String {
    let hundredths = (x * 100.0).round();
    if !hundredths.is_finite() || hundredths.abs() >= 1e15 {
        return "0".into();
    }
    let n = hundredths as i64;
    let (sign, n) = if n < 0 { ("-", -n) } else { ("", n) };
    match (n / 100, n % 100) {
        (whole, 0) => format!("{sign}{whole}"),
        (whole, frac) if frac % 10 == 0 => format!("{sign}{whole}.{}", frac / 10),
        (whole, frac) => format!("{sign}{whole}.{frac:02}"),
    }
}

fn weeks(w: f64) -> String {
    let n = num(w);
    if n == "1" {
        "1 week".into()
    } else {
        format!("{n} weeks")
    }
}

/// The SVG, to be inlined in the overview (so the theme's colours, light and dark, apply).
pub fn svg(roadmap: &Roadmap) -> String {
    if roadmap.stages.is_empty() {
        return String::new();
    }
    let total = roadmap.weeks_max;
    let k = scale(total);
    let height = TOP + ROW * roadmap.stages.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg class=\"timeline\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"group\" aria-labelledby=\"timeline-title\" aria-describedby=\"timeline-desc\" xmlns=\"http://www.w3.org/2000/svg\">",
        num(WIDTH),
        num(height)
    );
    let _ = writeln!(
        s,
        "<title id=\"timeline-title\">Timeline: {} stages over {}</title>",
        roadmap.stages.len(),
        attr_escape(&roadmap.weeks_label)
    );
    s.push_str(
        "<desc id=\"timeline-desc\">Each stage is a bar along the weeks, starting where the previous one ends at the quickest pace. The solid part is its shortest duration, the lighter part the extra time it may take.</desc>\n",
    );
    // Week grid: a line and a label every `step` weeks.
    let step = if total > 30.0 {
        5
    } else if total > 12.0 {
        2
    } else {
        1
    };
    s.push_str("<g class=\"timeline-grid\" aria-hidden=\"true\">\n");
    let mut w = 0;
    while f64::from(w) <= total + 1e-9 {
        let x = CHART_LEFT + f64::from(w) * k;
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"currentColor\" stroke-opacity=\"0.2\"/><text x=\"{x}\" y=\"16\" text-anchor=\"middle\" font-size=\"12\" fill=\"currentColor\">{label}</text>",
            x = num(x),
            y1 = num(TOP - 6.0),
            y2 = num(height - 4.0),
            label = if w == 0 {
                "week 0".to_string()
            } else {
                w.to_string()
            },
        );
        w += step;
    }
    s.push_str("</g>\n");
    for (i, stage) in roadmap.stages.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let x = CHART_LEFT + stage.start_min * k;
        let solid = stage.weeks_min * k;
        let extra = (stage.weeks_max - stage.weeks_min) * k;
        // The accessible name starts with the visible title (WCAG 2.5.3, label in name).
        let title: String = stage.title.chars().take(TITLE_CHARS).collect();
        let label = format!(
            "{}: stage {}, {}, {}",
            stage.title, stage.number, stage.duration, stage.weeks_label
        );
        let _ = writeln!(
            s,
            "<a class=\"timeline-stage\" href=\"{href}\" aria-label=\"{label}\" data-weeks-min=\"{min}\" data-weeks-max=\"{max}\">\n<title>{label}</title>",
            href = attr_escape(&stage.url),
            label = attr_escape(&label),
            min = num(stage.weeks_min),
            max = num(stage.weeks_max),
        );
        let _ = writeln!(
            s,
            "<rect class=\"timeline-row\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"transparent\"/>",
            num(y),
            num(WIDTH),
            num(ROW)
        );
        let _ = writeln!(
            s,
            "<text class=\"timeline-label\" x=\"0\" y=\"{}\" font-size=\"13\" fill=\"currentColor\">{}</text>",
            num(y + ROW / 2.0 + 4.5),
            attr_escape(&title)
        );
        let _ = writeln!(
            s,
            "<rect class=\"timeline-min\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#0b6e4f\"/>",
            num(x),
            num(y + (ROW - BAR) / 2.0),
            num(solid),
            num(BAR)
        );
        if extra > 0.0 {
            let _ = writeln!(
                s,
                "<rect class=\"timeline-extra\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#0b6e4f\" fill-opacity=\"0.3\"/>",
                num(x + solid),
                num(y + (ROW - BAR) / 2.0),
                num(extra),
                num(BAR)
            );
        }
        s.push_str("</a>\n");
        // Outside the link: its name is the title, as seen, then the duration.
        let _ = writeln!(
            s,
            "<text class=\"timeline-duration\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"currentColor\" aria-hidden=\"true\">{}</text>",
            num((x + solid + extra + 4.0).min(WIDTH - 70.0)),
            num(y + ROW / 2.0 + 4.0),
            attr_escape(&if stage.weeks_min == stage.weeks_max {
                weeks(stage.weeks_min)
            } else {
                stage.duration.clone()
            })
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_two_decimals() {
        let got: Vec<String> = [0.0, 3.0, 2.5, 1.25, 0.125, 12.999, 7.1, -1.5, f64::NAN]
            .into_iter()
            .map(num)
            .collect();
        assert_eq!(
            got,
            ["0", "3", "2.5", "1.25", "0.13", "13", "7.1", "-1.5", "0"]
        );
    }
}
