//! The charts of BENCHMARKS.md, drawn from a run's numbers as SVG with
//! plotters (its SVG backend writes text as `<text>` elements, so no font
//! files are needed). Beside each chart, a CSV file with the numbers it
//! shows.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One line of a line chart: a name, a colour and its points.
pub struct Series {
    pub name: String,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
}

/// One set of bars of a bar chart: a bar per group.
pub struct Bars {
    pub name: String,
    pub color: RGBColor,
    /// One value per group; `None` for a group this series lacks.
    pub values: Vec<Option<f64>>,
}

pub const OURS: RGBColor = RGBColor(31, 119, 180);
pub const PROGENITOR: RGBColor = RGBColor(255, 127, 14);
pub const OAG: RGBColor = RGBColor(44, 160, 44);
pub const OTHER: RGBColor = RGBColor(127, 127, 127);
pub const OTHER2: RGBColor = RGBColor(148, 103, 189);

const SIZE: (u32, u32) = (720, 420);

fn err(path: &Path, e: impl std::fmt::Display) -> String {
    format!("drawing {}: {e}", path.display())
}

/// A line chart on log-log axes (both spans cover orders of magnitude),
/// with a point at each measurement.
pub fn log_log(
    path: &Path,
    caption: &str,
    x_desc: &str,
    y_desc: &str,
    series: &[Series],
) -> Result<(), String> {
    let all = || series.iter().flat_map(|s| s.points.iter());
    let (Some(x_min), Some(x_max), Some(y_min), Some(y_max)) = (
        all().map(|p| p.0).reduce(f64::min),
        all().map(|p| p.0).reduce(f64::max),
        all().map(|p| p.1).reduce(f64::min),
        all().map(|p| p.1).reduce(f64::max),
    ) else {
        return Err(format!("{}: no points to draw", path.display()));
    };
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(path, e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (x_min * 0.7..x_max * 1.4).log_scale(),
            (y_min * 0.6..y_max * 1.8).log_scale(),
        )
        .map_err(|e| err(path, e))?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        // Log axes get a light line at every minor step, which crowds the
        // chart: only the labelled lines are drawn.
        .light_line_style(TRANSPARENT)
        .bold_line_style(BLACK.mix(0.12))
        .x_labels(12)
        .y_labels(12)
        .x_label_formatter(&|x| axis(*x))
        .y_label_formatter(&|y| axis(*y))
        .draw()
        .map_err(|e| err(path, e))?;
    for s in series {
        let color = s.color;
        chart
            .draw_series(LineSeries::new(
                s.points.iter().copied(),
                color.stroke_width(2),
            ))
            .map_err(|e| err(path, e))?
            .label(&s.name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart
            .draw_series(s.points.iter().map(|&p| Circle::new(p, 4, color.filled())))
            .map_err(|e| err(path, e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(path, e))?;
    root.present().map_err(|e| err(path, e))
}

/// Grouped bars from zero: one group per entry of `groups`, one bar per
/// series in each group, its value written above it.
pub fn bars(
    path: &Path,
    caption: &str,
    y_desc: &str,
    groups: &[String],
    series: &[Bars],
    unit: &str,
) -> Result<(), String> {
    let y_max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .reduce(f64::max)
        .ok_or_else(|| format!("{}: no values to draw", path.display()))?;
    let n = groups.len() as f64;
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(path, e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(70)
        // Group i is centred on x = i, so the mesh's labels at whole
        // numbers name the groups.
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..y_max * 1.25)
        .map_err(|e| err(path, e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(groups.len())
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                groups.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_desc(y_desc)
        .light_line_style(TRANSPARENT)
        .bold_line_style(BLACK.mix(0.12))
        .y_label_formatter(&|y| axis(*y))
        .draw()
        .map_err(|e| err(path, e))?;
    // A group's bars are centred on it, whichever series have a value
    // there (the decoding chart has one per group).
    let present = |i: usize| -> Vec<usize> {
        (0..series.len())
            .filter(|&j| series[j].values.get(i).copied().flatten().is_some())
            .collect()
    };
    let widest = (0..groups.len())
        .map(|i| present(i).len())
        .max()
        .unwrap_or(1);
    let width = 0.8 / widest.max(1) as f64;
    let left = |i: usize, j: usize| -> f64 {
        let bars = present(i);
        let place = bars.iter().position(|&b| b == j).unwrap_or(0);
        i as f64 - width * bars.len() as f64 / 2.0 + place as f64 * width
    };
    for (j, s) in series.iter().enumerate() {
        let color = s.color;
        chart
            .draw_series(s.values.iter().enumerate().filter_map(|(i, v)| {
                let v = (*v)?;
                Some(Rectangle::new(
                    [(left(i, j) + 0.01, 0.0), (left(i, j) + width - 0.01, v)],
                    color.filled(),
                ))
            }))
            .map_err(|e| err(path, e))?
            .label(&s.name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
        chart
            .draw_series(s.values.iter().enumerate().filter_map(|(i, v)| {
                let v = (*v)?;
                Some(Text::new(
                    format!("{}{unit}", short(v)),
                    (left(i, j) + width / 2.0, v + y_max * 0.02),
                    ("sans-serif", 12)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))
            }))
            .map_err(|e| err(path, e))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(path, e))?;
    root.present().map_err(|e| err(path, e))
}

/// An axis label: whole numbers without decimals.
fn axis(v: f64) -> String {
    if v >= 1.0 && v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        short(v)
    }
}

/// A number with two or three significant digits.
fn short(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        let digits = (-a.log10().floor()) as usize + 1;
        format!("{v:.digits$}")
    }
}

/// Writes `rows` (the first one the header) as CSV.
pub fn csv(path: &Path, rows: &[Vec<String>]) -> Result<(), String> {
    let text: String = rows.iter().map(|r| r.join(",") + "\n").collect();
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short(1234.5), "1234");
        assert_eq!(short(41.44), "41.4");
        assert_eq!(short(1.234), "1.23");
        assert_eq!(short(0.0456), "0.046");
        assert_eq!(short(0.0), "0");
    }
}
