//! A deterministic grid layout and an orthogonal edge router.
//!
//! The picture is a vertical stack of rows of equal-height boxes: the outside world on top;
//! the VPC with a band of VPC-wide resources, then one column per availability zone holding
//! its subnets (public above private, subnets of the same rank aligned across zones); then
//! regional services and parameters. Because every row spans the whole width, the gap under
//! each row is free of boxes from edge to edge, and the router can always get anywhere:
//! leave a box vertically into the gap next to it, run along the gap to a vertical "street"
//! that is free in every row it crosses, run along that street, then along the gap next to the
//! target and into it. Streets exist because boxes in a row are spaced apart and the left
//! margin is always free. So no edge crosses a box, whatever the input.

use std::collections::BTreeMap;

use super::graph::{Draft, Graph, Place, SubnetInfo};
use super::{Edge, EdgeFamily, Group, GroupKind, Node, Placement, Point, Rect, Topology, View};

/// The sizes a view is drawn at. The all-resources view packs many small boxes; the
/// architecture view has few, so it draws them larger, with room for 12 px text and labels.
#[derive(Clone, Copy)]
struct Metrics {
    /// Box size.
    node_w: i32,
    node_h: i32,
    /// Horizontal space between boxes (where vertical streets run).
    gap_x: i32,
    /// Vertical space between rows of a band (where horizontal lanes run).
    row_gap: i32,
    /// Inner padding of a group, and the strip its label takes.
    pad: i32,
    label_h: i32,
    /// Space between stacked subnets.
    subnet_gap: i32,
    /// Outer margin (always free: the street of last resort).
    margin: i32,
    /// Distance between parallel lanes in a gap.
    lane_step: i32,
}

const ALL: Metrics = Metrics {
    node_w: 156,
    node_h: 40,
    gap_x: 24,
    row_gap: 36,
    pad: 12,
    label_h: 22,
    subnet_gap: 16,
    margin: 32,
    lane_step: 4,
};

const ARCHITECTURE: Metrics = Metrics {
    node_w: 196,
    node_h: 50,
    gap_x: 28,
    row_gap: 56,
    pad: 12,
    label_h: 24,
    subnet_gap: 16,
    margin: 24,
    lane_step: 6,
};

fn metrics(view: View) -> Metrics {
    match view {
        View::All => ALL,
        View::Architecture => ARCHITECTURE,
    }
}

/// The rows placed so far: their tops, and the x-extents of the boxes in each.
struct Rows {
    m: Metrics,
    tops: Vec<i32>,
    spans: Vec<Vec<(i32, i32)>>,
}

impl Rows {
    fn add(&mut self, top: i32) -> usize {
        self.tops.push(top);
        self.spans.push(Vec::new());
        self.tops.len() - 1
    }

    /// Places a box in row `row` at `x`.
    fn put(&mut self, row: usize, x: i32) -> Rect {
        let y = self.tops.get(row).copied().unwrap_or(0);
        if let Some(spans) = self.spans.get_mut(row) {
            spans.push((x, x + self.m.node_w));
        }
        Rect {
            x,
            y,
            width: self.m.node_w,
            height: self.m.node_h,
        }
    }
}

fn group(
    id: String,
    kind: GroupKind,
    label: String,
    resource: Option<String>,
    parent: Option<String>,
    rect: Rect,
) -> Group {
    Group {
        id,
        kind,
        label,
        resource,
        parent,
        rect,
    }
}

/// How many boxes fit across `width`.
fn per_row(m: &Metrics, width: i32) -> usize {
    usize::try_from((width + m.gap_x) / (m.node_w + m.gap_x))
        .unwrap_or(1)
        .max(1)
}

/// Grid position `i` in rows of `per` boxes.
fn cell(i: usize, per: usize) -> (usize, i32) {
    let per = per.max(1);
    (i / per, i32::try_from(i % per).unwrap_or(0))
}

fn count_rows(n: usize, per: usize) -> usize {
    n.div_ceil(per.max(1))
}

/// Lays out the graph and routes its edges.
pub(super) fn lay_out(title: String, graph: Graph, view: View) -> Topology {
    let m = metrics(view);
    let Graph {
        drafts,
        subnets,
        vpc,
        edges,
    } = graph;

    // Stable order within each place: rank, then template order.
    let ranks: Vec<u32> = drafts.iter().map(|d| d.rank).collect();
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    sort_by_rank(&mut order, &ranks);
    let in_place = |p: &dyn Fn(&Place) -> bool| -> Vec<usize> {
        order
            .iter()
            .copied()
            .filter(|&i| drafts.get(i).is_some_and(|d| p(&d.place)))
            .collect()
    };
    let top = in_place(&|p| *p == Place::Top);
    let vpc_band = in_place(&|p| *p == Place::Vpc);
    let regional = in_place(&|p| *p == Place::Regional);
    let params = in_place(&|p| *p == Place::Parameters);

    // Columns: one per availability zone index, then one for subnets with no known zone.
    let mut columns: BTreeMap<(u8, u32), Vec<usize>> = BTreeMap::new();
    for (i, s) in subnets.iter().enumerate() {
        let key = s.az.map_or((1, 0), |az| (0, az));
        columns.entry(key).or_default().push(i);
    }
    // Public subnets first; ties keep template order.
    let private: Vec<u32> = subnets.iter().map(|s| u32::from(!s.public)).collect();
    for list in columns.values_mut() {
        sort_by_rank(list, &private);
    }
    let columns: Vec<((u8, u32), Vec<usize>)> = columns.into_iter().collect();
    let n_cols = columns.len();
    // What goes in each subnet: its own nodes (subnet first), then placements.
    let mut subnet_items: Vec<Vec<Item>> = Vec::with_capacity(subnets.len());
    for s in &subnets {
        let mut items: Vec<Item> = order
            .iter()
            .copied()
            .filter(|&i| {
                drafts
                    .get(i)
                    .is_some_and(|d| d.place == Place::Subnet(s.id.clone()))
            })
            .map(Item::Node)
            .collect();
        for &i in &order {
            if let Some(d) = drafts.get(i) {
                for (k, (sid, _)) in d.placements.iter().enumerate() {
                    if *sid == s.id {
                        items.push(Item::Placement(i, k));
                    }
                }
            }
        }
        subnet_items.push(items);
    }

    // Fewer zones get wider subnets, so the picture stays roughly the same width. The
    // architecture view has few boxes per subnet: no wider than its fullest subnet needs.
    let across = match (view, n_cols) {
        (View::All, 0..=2) => 3,
        (View::All, 3) => 2,
        (View::All, _) => 1,
        (View::Architecture, 0..=2) => 2,
        (View::Architecture, _) => 1,
    };
    let across = match view {
        View::All => across,
        View::Architecture => {
            let fullest = subnet_items.iter().map(Vec::len).max().unwrap_or(1);
            across.min(i32::try_from(fullest).unwrap_or(1)).max(1)
        }
    };
    let subnet_w = across * m.node_w + (across - 1) * m.gap_x + 2 * m.pad;
    let col_w = subnet_w + 2 * m.pad;
    let cols_i32 = i32::try_from(n_cols).unwrap_or(0);
    let has_vpc = vpc.is_some() || n_cols > 0;
    let min_inner = 4 * m.node_w + 3 * m.gap_x;
    let inner_w = (cols_i32 * col_w + (cols_i32 - 1).max(0) * m.gap_x).max(min_inner);
    let content_w = inner_w + 2 * m.pad;
    let band_per_row = per_row(&m, inner_w);
    let x0 = m.margin + m.pad;

    let mut rows = Rows {
        m,
        tops: Vec::new(),
        spans: Vec::new(),
    };
    let mut rects: Vec<Option<(Rect, usize, Option<String>)>> = vec![None; drafts.len()];
    let mut placed: Vec<Vec<Option<Placement>>> = drafts
        .iter()
        .map(|d| vec![None; d.placements.len()])
        .collect();
    let mut groups: Vec<Group> = Vec::new();

    let mut y = m.margin;
    // The outside world.
    let band = |items: &[usize],
                y: &mut i32,
                rows: &mut Rows,
                rects: &mut Vec<Option<(Rect, usize, Option<String>)>>,
                gid: Option<&str>| {
        let per = band_per_row;
        let first = rows.tops.len();
        for _ in 0..count_rows(items.len(), per) {
            rows.add(*y);
            *y += m.node_h + m.row_gap;
        }
        for (k, &i) in items.iter().enumerate() {
            let (r, c) = cell(k, per);
            let rect = rows.put(first + r, x0 + c * (m.node_w + m.gap_x));
            if let Some(slot) = rects.get_mut(i) {
                *slot = Some((rect, first + r, gid.map(str::to_owned)));
            }
        }
    };
    band(&top, &mut y, &mut rows, &mut rects, None);

    if has_vpc {
        let vpc_id = "group:vpc".to_owned();
        let vpc_top = y;
        y += m.label_h + m.pad;
        band(&vpc_band, &mut y, &mut rows, &mut rects, Some(&vpc_id));
        if n_cols > 0 {
            // With a band above, `band` left a row gap after its last row; the zones
            // start there (or right under the VPC label when the band is empty).
            let az_top = y;
            y += m.label_h + m.pad;
            let slots = columns.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
            let mut subnet_rects: Vec<Option<Rect>> = vec![None; subnets.len()];
            for slot in 0..slots {
                let s_top = y;
                y += m.label_h + m.pad;
                let n_rows = columns
                    .iter()
                    .filter_map(|(_, l)| l.get(slot))
                    .map(|&s| {
                        count_rows(
                            subnet_items.get(s).map_or(0, Vec::len),
                            usize::try_from(across).unwrap_or(1),
                        )
                    })
                    .max()
                    .unwrap_or(1)
                    .max(1);
                let first = rows.tops.len();
                for r in 0..n_rows {
                    rows.add(y);
                    y += m.node_h;
                    if r + 1 < n_rows {
                        y += m.row_gap;
                    }
                }
                y += m.pad;
                for (c, (_, list)) in columns.iter().enumerate() {
                    let Some(&s) = list.get(slot) else { continue };
                    let col_x =
                        m.margin + m.pad + i32::try_from(c).unwrap_or(0) * (col_w + m.gap_x);
                    let rect = Rect {
                        x: col_x + m.pad,
                        y: s_top,
                        width: subnet_w,
                        height: y - s_top,
                    };
                    if let Some(slot) = subnet_rects.get_mut(s) {
                        *slot = Some(rect);
                    }
                    let gid = subnet_group_id(subnets.get(s));
                    for (k, item) in subnet_items
                        .get(s)
                        .map(Vec::as_slice)
                        .unwrap_or(&[])
                        .iter()
                        .enumerate()
                    {
                        let (r, cc) = cell(k, usize::try_from(across).unwrap_or(1));
                        let rect = rows.put(first + r, rect.x + m.pad + cc * (m.node_w + m.gap_x));
                        match *item {
                            Item::Node(i) => {
                                if let Some(slot) = rects.get_mut(i) {
                                    *slot = Some((rect, first + r, Some(gid.clone())));
                                }
                            }
                            Item::Placement(i, p) => {
                                let label = drafts
                                    .get(i)
                                    .and_then(|d| d.placements.get(p))
                                    .map(|(_, l)| l.clone())
                                    .unwrap_or_default();
                                if let Some(slot) = placed.get_mut(i).and_then(|v| v.get_mut(p)) {
                                    *slot = Some(Placement {
                                        group: gid.clone(),
                                        label,
                                        rect,
                                    });
                                }
                            }
                        }
                    }
                }
                y += m.subnet_gap;
            }
            y += m.pad - m.subnet_gap;
            let az_bottom = y;
            // Groups, parents first: VPC, zones, subnets.
            let vpc_rect = Rect {
                x: m.margin,
                y: vpc_top,
                width: content_w,
                height: az_bottom + m.pad - vpc_top,
            };
            push_vpc(&mut groups, &vpc, vpc_rect);
            for (c, (key, list)) in columns.iter().enumerate() {
                let col_x = m.margin + m.pad + i32::try_from(c).unwrap_or(0) * (col_w + m.gap_x);
                let parent = if key.0 == 0 {
                    let id = format!("group:az{}", key.1 + 1);
                    groups.push(group(
                        id.clone(),
                        GroupKind::AvailabilityZone,
                        format!(
                            "Availability zone {} (Fn::GetAZs index {})",
                            key.1 + 1,
                            key.1
                        ),
                        None,
                        Some(vpc_id.clone()),
                        Rect {
                            x: col_x,
                            y: az_top,
                            width: col_w,
                            height: az_bottom - az_top,
                        },
                    ));
                    id
                } else {
                    vpc_id.clone()
                };
                for &s in list {
                    let (Some(info), Some(Some(rect))) = (subnets.get(s), subnet_rects.get(s))
                    else {
                        continue;
                    };
                    groups.push(group(
                        subnet_group_id(Some(info)),
                        GroupKind::Subnet,
                        info.label.clone(),
                        Some(info.id.clone()),
                        Some(parent.clone()),
                        *rect,
                    ));
                }
            }
            y = az_bottom + m.pad;
        } else {
            // Close the VPC under its band (or under its label when empty).
            if !vpc_band.is_empty() {
                y -= m.row_gap;
            }
            y += m.pad;
            push_vpc(
                &mut groups,
                &vpc,
                Rect {
                    x: m.margin,
                    y: vpc_top,
                    width: content_w,
                    height: y - vpc_top,
                },
            );
        }
        y += m.row_gap;
    }

    for (items, id, kind, label) in [
        (
            &regional,
            "group:regional",
            GroupKind::Regional,
            "Regional services",
        ),
        (
            &params,
            "group:parameters",
            GroupKind::Parameters,
            "Parameters",
        ),
    ] {
        if items.is_empty() {
            continue;
        }
        let g_top = y;
        y += m.label_h + m.pad;
        band(items, &mut y, &mut rows, &mut rects, Some(id));
        y -= m.row_gap;
        y += m.pad;
        groups.push(group(
            id.to_owned(),
            kind,
            label.to_owned(),
            None,
            None,
            Rect {
                x: m.margin,
                y: g_top,
                width: content_w,
                height: y - g_top,
            },
        ));
        y += m.row_gap;
    }
    let mut height = y - m.row_gap + m.margin;
    let width = content_w + 2 * m.margin;
    // The architecture view explains itself in a legend under everything else.
    let legend = (view == View::Architecture).then(|| {
        let rect = Rect {
            x: m.margin,
            y: height - m.margin + m.pad * 2,
            width: content_w,
            height: super::svg_architecture::legend_height(content_w),
        };
        height = rect.bottom() + m.margin;
        rect
    });

    let mut nodes: Vec<Node> = Vec::with_capacity(drafts.len());
    let mut node_rows: BTreeMap<String, (Rect, usize)> = BTreeMap::new();
    for (i, d) in drafts.into_iter().enumerate() {
        let Draft { mut node, .. } = d;
        if let Some(Some((rect, row, gid))) = rects.get(i) {
            node.rect = *rect;
            node.group = gid.clone();
            node_rows.insert(node.id.clone(), (*rect, *row));
        }
        node.placements = placed
            .get_mut(i)
            .map(|v| v.drain(..).flatten().collect())
            .unwrap_or_default();
        nodes.push(node);
    }

    let mut router = Router::new(m, &rows, width, height);
    let mut edges = edges
        .into_iter()
        .map(|mut e| {
            if let (Some(a), Some(b)) = (node_rows.get(&e.from), node_rows.get(&e.to)) {
                e.points = router.route(*a, *b, e.family == EdgeFamily::Traffic);
                if e.family == EdgeFamily::Traffic {
                    e.label_at = label_point(&e.points);
                }
            }
            e
        })
        .collect::<Vec<Edge>>();
    if view == View::Architecture {
        let page = Rect {
            x: 0,
            y: 0,
            width,
            height,
        };
        let mut taken: Vec<Rect> = Vec::new();
        for n in &nodes {
            taken.push(n.rect);
            taken.extend(n.placements.iter().map(|p| p.rect));
        }
        taken.extend(groups.iter().map(group_label_rect));
        taken.extend(legend);
        place_labels(view, &mut edges, taken, page);
    }

    Topology {
        view,
        title,
        width,
        height,
        groups,
        nodes,
        edges,
        legend,
    }
}

/// The size of an edge label's box in `view` (the SVG draws it at this size).
pub(super) fn label_size(view: View, label: &str) -> (i32, i32) {
    let (max, per_char, pad, height) = match view {
        View::All => (32, 6, 8, 14),
        View::Architecture => (ARCH_LABEL_CHARS, 7, 12, 18),
    };
    let chars = i32::try_from(label.chars().count().min(max)).unwrap_or(32);
    (chars * per_char + pad, height)
}

/// The longest edge label the architecture view draws (longer ones are clipped with an
/// ellipsis; the hover text has them whole).
pub(super) const ARCH_LABEL_CHARS: usize = 34;

/// The room a group's label takes in the architecture view (12 px text in its top-left
/// corner), as the SVG draws it.
pub(super) fn group_label_rect(g: &Group) -> Rect {
    let chars = g
        .label
        .chars()
        .count()
        .min(super::svg_architecture::group_label_chars(g.rect.width));
    Rect {
        x: g.rect.x + 4,
        y: g.rect.y + 2,
        width: i32::try_from(chars).unwrap_or(0) * 7 + 8,
        height: 18,
    }
}

/// Moves each traffic label to a spot where it overlaps no box, placement, group label,
/// legend or earlier label: along the route, horizontal runs first, near their middle first,
/// on the line or just beside it. A label that finds no such spot is not drawn (its text stays
/// in the edge's hover title), so labels never hide boxes or each other. Lines into the same
/// box with the same text (every service pulling its image) are labelled once.
fn place_labels(view: View, edges: &mut [Edge], mut taken: Vec<Rect>, page: Rect) {
    let mut said: Vec<(String, String)> = Vec::new();
    for e in edges.iter_mut().filter(|e| e.family == EdgeFamily::Traffic) {
        e.label_at = None;
        if said
            .iter()
            .any(|(to, label)| *to == e.to && *label == e.label)
        {
            continue;
        }
        said.push((e.to.clone(), e.label.clone()));
        let (w, h) = label_size(view, &e.label);
        let at = |x: i32, y: i32| Rect {
            x: x - w / 2,
            y: y - h / 2,
            width: w,
            height: h,
        };
        let free = |r: &Rect| {
            page.contains(r)
                && !taken.iter().any(|o| {
                    // A little air around what is already there.
                    let grown = Rect {
                        x: o.x - 2,
                        y: o.y - 2,
                        width: o.width + 4,
                        height: o.height + 4,
                    };
                    grown.overlaps(r)
                })
        };
        let mut found = None;
        'search: for horizontal in [true, false] {
            for pair in e.points.windows(2) {
                let [a, b] = pair else { continue };
                if (a.y == b.y) != horizontal {
                    continue;
                }
                for t in [50, 30, 70, 15, 85, 5, 95] {
                    let x = a.x + (b.x - a.x) * t / 100;
                    let y = a.y + (b.y - a.y) * t / 100;
                    let beside = if horizontal {
                        [(0, 0), (0, -(h / 2 + 3)), (0, h / 2 + 3)]
                    } else {
                        [(0, 0), (w / 2 + 3, 0), (-(w / 2 + 3), 0)]
                    };
                    for (dx, dy) in beside {
                        let r = at(x + dx, y + dy);
                        if free(&r) {
                            found = Some((
                                Point {
                                    x: x + dx,
                                    y: y + dy,
                                },
                                r,
                            ));
                            break 'search;
                        }
                    }
                }
            }
        }
        if let Some((p, r)) = found {
            e.label_at = Some(p);
            taken.push(r);
        }
    }
}

/// Something drawn in a subnet: a node, or a resource's placement there.
#[derive(Clone, Copy)]
enum Item {
    Node(usize),
    Placement(usize, usize),
}

fn subnet_group_id(s: Option<&SubnetInfo>) -> String {
    format!("group:{}", s.map_or("", |s| s.id.as_str()))
}

fn push_vpc(groups: &mut Vec<Group>, vpc: &Option<super::graph::VpcInfo>, rect: Rect) {
    let (label, resource) = match vpc {
        Some(v) => (v.label.clone(), Some(v.id.clone())),
        None => ("VPC".to_owned(), None),
    };
    groups.push(group(
        "group:vpc".to_owned(),
        GroupKind::Vpc,
        label,
        resource,
        None,
        rect,
    ));
}

/// Where a traffic label goes: the middle of the longest horizontal run (which lies in a gap
/// between rows), else the middle of the longest run.
fn label_point(points: &[Point]) -> Option<Point> {
    let len = |a: &Point, b: &Point| (a.x - b.x).abs() + (a.y - b.y).abs();
    let best = points
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((a, b)),
            _ => None,
        })
        .max_by_key(|(a, b)| (i32::from(a.y == b.y), len(a, b)))?;
    Some(Point {
        x: (best.0.x + best.1.x) / 2,
        y: (best.0.y + best.1.y) / 2,
    })
}

/// Routes edges through the gaps between rows and the streets between boxes, spreading edges
/// that share a gap or a box side over a few lanes so they stay distinguishable.
struct Router {
    m: Metrics,
    tops: Vec<i32>,
    spans: Vec<Vec<(i32, i32)>>,
    width: i32,
    height: i32,
    gap_use: BTreeMap<usize, i32>,
    side_use: BTreeMap<(i32, i32, u8), i32>,
    street_use: BTreeMap<i32, i32>,
}

impl Router {
    fn new(m: Metrics, rows: &Rows, width: i32, height: i32) -> Self {
        let mut spans = rows.spans.clone();
        for s in &mut spans {
            crate::order::sort(s);
        }
        Router {
            m,
            tops: rows.tops.clone(),
            spans,
            width,
            height,
            gap_use: BTreeMap::new(),
            side_use: BTreeMap::new(),
            street_use: BTreeMap::new(),
        }
    }

    /// Gap `g` lies between row `g - 1` and row `g` (gap 0 above the first row).
    fn gap(&self, g: usize) -> (i32, i32) {
        let top = match g.checked_sub(1).and_then(|r| self.tops.get(r)) {
            Some(t) => t + self.m.node_h,
            None => 0,
        };
        let bottom = self.tops.get(g).copied().unwrap_or(self.height);
        (top, bottom.max(top))
    }

    /// The next lane of gap `g`: near its top, where group labels never are.
    fn lane(&mut self, g: usize) -> i32 {
        let (top, bottom) = self.gap(g);
        let usable = (bottom - top).min(self.m.row_gap) - 16;
        let step = self.m.lane_step;
        let slots = (usable / step).max(1);
        let n = self.gap_use.entry(g).or_insert(0);
        let k = *n % slots;
        *n += 1;
        top + 8 + k * step
    }

    /// The next attachment offset on one side of a box: 0, +12, -12, +24, ...
    fn port(&mut self, rect: &Rect, side: u8) -> i32 {
        let n = self.side_use.entry((rect.x, rect.y, side)).or_insert(0);
        let k = *n % 7;
        *n += 1;
        let step = if side < 2 { 12 } else { 6 };
        let sign = if k % 2 == 1 { 1 } else { -1 };
        sign * ((k + 1) / 2) * step
    }

    /// An x free of boxes in rows `from..=to`, as close to `want` as possible.
    fn street(&mut self, from: usize, to: usize, want: i32) -> i32 {
        let mut free = vec![(0, self.width)];
        for spans in self.spans.iter().take(to + 1).skip(from) {
            let mut next = Vec::new();
            for &(lo, hi) in &free {
                let mut cur = lo;
                for &(a, b) in spans {
                    let (a, b) = (a - 4, b + 4);
                    if b <= cur || a >= hi {
                        continue;
                    }
                    if a > cur {
                        next.push((cur, a));
                    }
                    cur = cur.max(b);
                }
                if cur < hi {
                    next.push((cur, hi));
                }
            }
            free = next;
        }
        // The margin is never occupied, so `free` is not empty; fall back to it anyway.
        let best = free
            .iter()
            .map(|&(lo, hi)| {
                let x = want.clamp(lo + 2, (hi - 2).max(lo + 2));
                ((x - want).abs(), x, lo, hi)
            })
            .min();
        match best {
            Some((_, x, lo, hi)) => {
                let n = self.street_use.entry(lo).or_insert(0);
                let k = *n % 3;
                *n += 1;
                (x + k * 4).clamp(lo + 1, (hi - 1).max(lo + 1))
            }
            None => self.m.margin / 2,
        }
    }

    /// Whether any box of `row` lies strictly between x `a` and `b`.
    fn blocked(&self, row: usize, a: i32, b: i32) -> bool {
        let (lo, hi) = (a.min(b), a.max(b));
        self.spans
            .get(row)
            .is_some_and(|s| s.iter().any(|&(x0, x1)| x0 < hi && x1 > lo))
    }

    /// A route from box `a` in row `ra` to box `b` in row `rb`. Traffic never takes the short
    /// cut between neighbours in a row: its label needs the room of a gap between rows.
    fn route(
        &mut self,
        (a, ra): (Rect, usize),
        (b, rb): (Rect, usize),
        labelled: bool,
    ) -> Vec<Point> {
        if a == b {
            return Vec::new();
        }
        let p = |x, y| Point { x, y };
        let mut pts = Vec::with_capacity(6);
        if ra == rb {
            let (from_x, to_x) = if a.x < b.x {
                (a.right(), b.x)
            } else {
                (a.x, b.right())
            };
            if !labelled && !self.blocked(ra, from_x + 1, to_x - 1) {
                let dy = self.port(&a, 2);
                pts.push(p(from_x, a.center().y + dy));
                pts.push(p(to_x, b.center().y + dy));
                return pts;
            }
            let ax = a.center().x + self.port(&a, 1);
            let bx = b.center().x + self.port(&b, 1);
            let y = self.lane(ra + 1);
            pts.extend([p(ax, a.bottom()), p(ax, y), p(bx, y), p(bx, b.bottom())]);
            return pts;
        }
        let down = ra < rb;
        let ax = a.center().x + self.port(&a, u8::from(down));
        let bx = b.center().x + self.port(&b, u8::from(!down));
        let (a_edge, b_edge) = if down {
            (a.bottom(), b.y)
        } else {
            (a.y, b.bottom())
        };
        let g1 = if down { ra + 1 } else { ra };
        let y1 = self.lane(g1);
        pts.push(p(ax, a_edge));
        pts.push(p(ax, y1));
        if ra.abs_diff(rb) == 1 {
            pts.push(p(bx, y1));
        } else {
            let (lo, hi) = if down {
                (ra + 1, rb - 1)
            } else {
                (rb + 1, ra - 1)
            };
            let sx = self.street(lo, hi, bx);
            let g2 = if down { rb } else { rb + 1 };
            let y2 = self.lane(g2);
            pts.push(p(sx, y1));
            pts.push(p(sx, y2));
            pts.push(p(bx, y2));
        }
        pts.push(p(bx, b_edge));
        simplify(pts)
    }
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for pt in points {
        if out.last() == Some(&pt) {
            continue;
        }
        if let [.., a, b] = out.as_slice() {
            let straight = (a.x == b.x && b.x == pt.x) || (a.y == b.y && b.y == pt.y);
            if straight {
                out.pop();
            }
        }
        out.push(pt);
    }
    out
}

/// Sorts indices by `ranks[index]`, ties in index order (one sort for every use: each generic
/// sort is another copy of the sorting code in the designer's WebAssembly).
fn sort_by_rank(indices: &mut [usize], ranks: &[u32]) {
    crate::order::sort_by(indices, |&a, &b| {
        let rank = |i: usize| ranks.get(i).copied().unwrap_or(0);
        (rank(a), a).cmp(&(rank(b), b))
    });
}
