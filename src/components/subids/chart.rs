//! The picture of one subordinate ID file: a lane per owner on one axis,
//! overlaps in the warning colour, the reader's lane highlighted, the free
//! range in a lane of its own. The geometry is [`ChartLayout`], pure and
//! tested; the markup only reads its numbers.

use engine::subids::{self, FileReport, IdFile, SubIdReport};
use engine::Lang;
use yew::prelude::*;

use super::panel::file_name;
use crate::components::lines::shown;
use crate::{fmt, t};

pub const W: f64 = 640.0;
pub const LABEL: f64 = 130.0;
pub const PAD: f64 = 14.0;
pub const LANE: f64 = 22.0;
pub const TOP: f64 = 8.0;

/// Where things go on the chart: IDs from `lo` to `hi` across the width
/// after the lane labels, one lane per owner (and one for a free range),
/// the axis under the lanes.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct ChartLayout {
    pub lo: u64,
    pub hi: u64,
    /// IDs in view, at least one.
    span: f64,
    pub lanes: usize,
    pub axis_y: f64,
    pub height: f64,
}

impl ChartLayout {
    /// The view that holds every range and the free range; `None` when
    /// there is nothing to draw.
    pub fn new(spans: &[(u64, u64)], free: Option<(u64, u64)>, owners: usize) -> Option<Self> {
        let lo = spans.iter().map(|s| s.0).chain(free.map(|f| f.0)).min()?;
        let hi = spans.iter().map(|s| s.1).chain(free.map(|f| f.1)).max()?;
        let span = (hi.saturating_sub(lo)).max(1) as f64 + 1.0;
        let lanes = owners + usize::from(free.is_some());
        let axis_y = TOP + lanes as f64 * LANE + 6.0;
        Some(ChartLayout { lo, hi, span, lanes, axis_y, height: axis_y + 28.0 })
    }

    /// The x of an ID (IDs before the view at its left edge).
    pub fn x(&self, v: u64) -> f64 {
        LABEL + (v.saturating_sub(self.lo) as f64) / self.span * (W - LABEL - PAD)
    }

    /// The width of the IDs `a` to `b`, both included; never under 2 so a
    /// single ID stays visible.
    pub fn width(&self, a: u64, b: u64) -> f64 {
        (self.x(b) - self.x(a) + (W - LABEL - PAD) / self.span).max(2.0)
    }

    /// The top of lane `i`.
    pub fn lane_y(&self, i: usize) -> f64 {
        TOP + i as f64 * LANE
    }

    /// Whether a marker at `v` falls inside the view.
    pub fn shows(&self, v: u64) -> bool {
        (self.lo..=self.hi).contains(&v)
    }
}

fn short(s: &str) -> String {
    let s = &shown(s);
    if s.chars().count() > 16 {
        format!("{}…", s.chars().take(15).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The ranges on one axis: a lane per owner, overlaps in the warning colour,
/// the reader's lane highlighted, the free range in a lane of its own.
pub fn chart(lang: Lang, report: &SubIdReport, f: &FileReport) -> Html {
    let spans: Vec<(u64, u64)> = f.rows.iter().filter_map(|r| r.end.map(|e| (r.start, e))).collect();
    let free = report.free.filter(|_| report.user_needs_range());
    let Some(layout) = ChartLayout::new(&spans, free, f.owners.len()) else { return Html::default() };
    let ChartLayout { lo, hi, axis_y, height, .. } = layout;
    let x = |v: u64| layout.x(v);
    let width = |a: u64, b: u64| layout.width(a, b);
    let id = format!("subids-svg-{}", file_name(f.file));
    let title = fmt(lang, "subids-chart-title", &[("file", &f.file.path())]);
    let desc = fmt(lang, "subids-chart-desc", &[("ranges", &f.rows.len()), ("owners", &f.owners.len()), ("from", &lo), ("to", &hi), ("overlaps", &f.overlaps.len())]);
    let y = |i: usize| layout.lane_y(i);
    let lane_of = |owner: &str| f.owners.iter().position(|o| o == owner).unwrap_or(0);
    let marker = |v: u64, label: String, class: &'static str| -> Html {
        if !layout.shows(v) {
            return Html::default();
        }
        let mx = format!("{:.1}", x(v));
        html! {
            <g class={classes!("marker", class)}>
                <line x1={mx.clone()} x2={mx.clone()} y1={format!("{TOP:.1}")} y2={format!("{:.1}", axis_y + 4.0)} />
                <text x={mx} y={format!("{:.1}", axis_y + 24.0)} text-anchor="middle">{ label }</text>
            </g>
        }
    };
    let uid_marker = match (f.file, report.uid) {
        (IdFile::Subuid, Some(u)) => marker(u, format!("UID {u}"), "uid"),
        _ => Html::default(),
    };
    html! {
        <figure class="subid-chart">
            <svg viewBox={format!("0 0 {W} {height:.0}")} role="img" aria-labelledby={format!("{id}-title {id}-desc")} id={id.clone()}
                xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">
                <title id={format!("{id}-title")}>{ title }</title>
                <desc id={format!("{id}-desc")}>{ desc }</desc>
                { for f.owners.iter().enumerate().map(|(i, owner)| {
                    let you = f.rows.iter().any(|r| &r.owner == owner && r.is_user);
                    html! {
                        <g class={classes!("lane", you.then_some("you"))}>
                            <rect class="lane-bg" x="0" y={format!("{:.1}", y(i))} width={format!("{W}")} height={format!("{:.1}", LANE - 2.0)} />
                            <text class="lane-label" x={format!("{:.1}", LABEL - 8.0)} y={format!("{:.1}", y(i) + LANE / 2.0 + 3.0)} text-anchor="end">
                                { short(owner) }{ if you { format!(" ({})", t(lang, "subids-you")) } else { String::new() } }
                            </text>
                        </g>
                    }
                }) }
                { for f.rows.iter().filter_map(|r| r.end.map(|e| (r, e))).map(|(r, e)| {
                    let i = lane_of(&r.owner);
                    html! {
                        <rect class={classes!("range", r.is_user.then_some("you"))} x={format!("{:.1}", x(r.start))} y={format!("{:.1}", y(i) + 3.0)}
                            width={format!("{:.1}", width(r.start, e))} height={format!("{:.1}", LANE - 8.0)} rx="2">
                            <title>{ format!("{}: {}–{} ({})", shown(&r.owner), r.start, e, r.count) }</title>
                        </rect>
                    }
                }) }
                { for f.rows.iter().filter_map(|r| r.end.map(|e| (r, e))).flat_map(|(r, e)| {
                    let i = lane_of(&r.owner);
                    f.overlaps.iter().filter_map(move |&(a, b)| {
                        let (s, t) = (a.max(r.start), b.min(e));
                        (s <= t).then(|| html! {
                            <rect class="overlap" x={format!("{:.1}", x(s))} y={format!("{:.1}", y(i) + 1.0)}
                                width={format!("{:.1}", width(s, t))} height={format!("{:.1}", LANE - 4.0)}>
                                <title>{ format!("{}–{}", s, t) }</title>
                            </rect>
                        })
                    }).collect::<Vec<_>>()
                }) }
                if let Some((a, b)) = free {
                    <g class="lane free">
                        <text class="lane-label" x={format!("{:.1}", LABEL - 8.0)} y={format!("{:.1}", y(f.owners.len()) + LANE / 2.0 + 3.0)} text-anchor="end">
                            { t(lang, "subids-chart-free") }
                        </text>
                        <rect class="range free" x={format!("{:.1}", x(a))} y={format!("{:.1}", y(f.owners.len()) + 3.0)}
                            width={format!("{:.1}", width(a, b))} height={format!("{:.1}", LANE - 8.0)} rx="2">
                            <title>{ format!("{}–{}", a, b) }</title>
                        </rect>
                    </g>
                }
                <g class="axis">
                    <line x1={format!("{LABEL:.1}")} x2={format!("{:.1}", W - PAD)} y1={format!("{axis_y:.1}")} y2={format!("{axis_y:.1}")} />
                    <text x={format!("{LABEL:.1}")} y={format!("{:.1}", axis_y + 14.0)} text-anchor="start">{ lo.to_string() }</text>
                    <text x={format!("{:.1}", W - PAD)} y={format!("{:.1}", axis_y + 14.0)} text-anchor="end">{ hi.to_string() }</text>
                </g>
                { marker(subids::SUB_ID_MIN, t(lang, "subids-chart-min"), "min") }
                { uid_marker }
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RIGHT: f64 = W - PAD;

    #[test]
    fn nothing_to_draw() {
        assert_eq!(ChartLayout::new(&[], None, 0), None);
    }

    #[test]
    fn ranges_fill_the_width_in_order() {
        let l = ChartLayout::new(&[(100_000, 165_535), (165_536, 231_071)], None, 2).unwrap();
        assert_eq!((l.lo, l.hi, l.lanes), (100_000, 231_071, 2));
        assert_eq!(l.x(100_000), LABEL);
        assert!(l.x(165_536) > l.x(165_535));
        // The last ID ends at the right edge; a sliver under 2 units is
        // widened to 2 so it shows, and may pass the edge by that much.
        assert!((l.x(231_071) + (W - LABEL - PAD) / 131_072.0 - RIGHT).abs() < 1e-6);
        assert!(l.x(231_071) + l.width(231_071, 231_071) <= RIGHT + 2.0);
        assert!((l.x(165_536) + l.width(165_536, 231_071) - RIGHT).abs() < 1e-6, "a whole range ends at the edge");
        assert_eq!(l.axis_y, TOP + 2.0 * LANE + 6.0);
        assert_eq!(l.height, l.axis_y + 28.0);
        assert_eq!(l.lane_y(1), TOP + LANE);
    }

    #[test]
    fn a_single_id_is_visible_and_inside() {
        let l = ChartLayout::new(&[(5, 5)], None, 1).unwrap();
        assert_eq!(l.x(5), LABEL);
        assert!(l.width(5, 5) >= 2.0);
        assert!(l.x(5) + l.width(5, 5) <= RIGHT + 1e-6);
    }

    #[test]
    fn the_free_range_widens_the_view_and_takes_a_lane() {
        let l = ChartLayout::new(&[(100_000, 165_535)], Some((165_536, 231_071)), 1).unwrap();
        assert_eq!((l.hi, l.lanes), (231_071, 2));
        let only_free = ChartLayout::new(&[], Some((1, 10)), 0).unwrap();
        assert_eq!((only_free.lo, only_free.hi, only_free.lanes), (1, 10, 1));
    }

    #[test]
    fn markers_outside_the_view_are_not_drawn() {
        let l = ChartLayout::new(&[(100_000, 165_535)], None, 1).unwrap();
        assert!(l.shows(100_000) && l.shows(165_535));
        assert!(!l.shows(1000) && !l.shows(165_536));
        // An ID before the view sits at its left edge, never left of it.
        assert_eq!(l.x(0), LABEL);
        // Tiny widths still show; huge spans do not overflow.
        let wide = ChartLayout::new(&[(0, u64::from(u32::MAX)), (7, 7)], None, 2).unwrap();
        assert!(wide.width(7, 7) >= 2.0 && wide.x(u64::from(u32::MAX)) <= RIGHT);
    }
}
