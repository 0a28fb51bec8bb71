//! Vector shapes for charts and maps: filled rectangles, polygons, circles, hatching and
//! arrows, drawn at absolute positions (points from the page's bottom left) on the current
//! page without moving the cursor.
//!
//! They exist for the AIPD risk map, which must read without colour: a zone is hatched as
//! well as tinted, and each kind of point has its own shape (hollow circle, filled
//! diamond, hollow triangle). Every shape saves and restores the graphics state, so it
//! never changes how the text or lines drawn after it look.

use printpdf::{
    Color, LineCapStyle, LineDashPattern, LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Pt, Rect, Rgb,
    WindingOrder,
};

use super::{grey, PdfDoc};

/// A colour for shapes: a grey level (0 black, 1 white) or an RGB colour (each 0–1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tint {
    Grey(f32),
    Rgb(f32, f32, f32),
}

impl Tint {
    pub const BLACK: Tint = Tint::Grey(0.0);
    pub const WHITE: Tint = Tint::Grey(1.0);

    fn color(self) -> Color {
        match self {
            Tint::Grey(g) => grey(g),
            Tint::Rgb(r, g, b) => {
                Color::Rgb(Rgb { r: r.clamp(0.0, 1.0), g: g.clamp(0.0, 1.0), b: b.clamp(0.0, 1.0), icc_profile: None })
            }
        }
    }
}

/// How a closed shape is painted: its inside, its outline, or both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapeStyle {
    pub fill: Option<Tint>,
    pub stroke: Option<Tint>,
    /// Outline thickness in points (ignored without `stroke`).
    pub thickness: f32,
}

impl ShapeStyle {
    /// Filled, no outline.
    pub const fn filled(tint: Tint) -> ShapeStyle {
        ShapeStyle { fill: Some(tint), stroke: None, thickness: 0.0 }
    }

    /// Outline only: the inside shows what is below.
    pub const fn outlined(tint: Tint, thickness: f32) -> ShapeStyle {
        ShapeStyle { fill: None, stroke: Some(tint), thickness }
    }

    /// Filled with `fill` and outlined with `stroke` (e.g. a hollow marker on a white
    /// background, so that lines under it do not show through).
    pub const fn both(fill: Tint, stroke: Tint, thickness: f32) -> ShapeStyle {
        ShapeStyle { fill: Some(fill), stroke: Some(stroke), thickness }
    }

    fn mode(&self) -> Option<PaintMode> {
        match (self.fill.is_some(), self.stroke.is_some()) {
            (true, true) => Some(PaintMode::FillStroke),
            (true, false) => Some(PaintMode::Fill),
            (false, true) => Some(PaintMode::Stroke),
            (false, false) => None,
        }
    }

    /// The state changes before painting, inside a saved graphics state.
    fn setup(&self) -> Vec<Op> {
        let mut ops = vec![Op::SaveGraphicsState];
        if let Some(f) = self.fill {
            ops.push(Op::SetFillColor { col: f.color() });
        }
        if let Some(s) = self.stroke {
            ops.push(Op::SetOutlineColor { col: s.color() });
            ops.push(Op::SetOutlineThickness { pt: Pt(self.thickness) });
        }
        ops
    }
}

/// How an arrow looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArrowStyle {
    /// Shaft thickness, in points.
    pub thickness: f32,
    /// Head length, in points.
    pub head: f32,
    pub tint: Tint,
    /// Dash length for a dashed shaft (`None`: solid).
    pub dash: Option<f32>,
}

fn point(x: f32, y: f32, bezier: bool) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier }
}

/// Bézier constant for a quarter circle.
const KAPPA: f32 = 0.552_284_8;

/// The segment of the line `x - y = c` inside the rectangle, if any (for hatching).
fn diagonal_in_rect(c: f32, x: f32, y: f32, w: f32, h: f32) -> Option<((f32, f32), (f32, f32))> {
    // points (px, px - c) with x <= px <= x + w and y <= px - c <= y + h
    let lo = x.max(y + c);
    let hi = (x + w).min(y + h + c);
    (hi - lo > 0.01).then_some(((lo, lo - c), (hi, hi - c)))
}

impl PdfDoc {
    /// The cursor's height on the page (points from the bottom edge): the top of the free
    /// space, where the next block will be drawn.
    pub fn cursor_y(&self) -> f32 {
        self.y
    }

    /// A rectangle painted with `style`; (x, y) is its bottom-left corner.
    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, style: ShapeStyle) {
        let Some(mode) = style.mode() else { return };
        let mut ops = style.setup();
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(width),
                height: Pt(height),
                mode: Some(mode),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// A filled rectangle without outline.
    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32, tint: Tint) {
        self.rect(x, y, width, height, ShapeStyle::filled(tint));
    }

    /// A closed polygon through `points` (at least three).
    pub fn polygon(&mut self, points: &[(f32, f32)], style: ShapeStyle) {
        if points.len() < 3 {
            return;
        }
        let ring = PolygonRing { points: points.iter().map(|&(x, y)| point(x, y, false)).collect() };
        self.paint_rings(vec![ring], style);
    }

    /// A circle of radius `r` centred on (cx, cy), drawn with four Bézier arcs.
    pub fn circle(&mut self, cx: f32, cy: f32, r: f32, style: ShapeStyle) {
        if r <= 0.0 {
            return;
        }
        let k = r * KAPPA;
        let points = vec![
            point(cx + r, cy, false),
            point(cx + r, cy + k, true),
            point(cx + k, cy + r, true),
            point(cx, cy + r, false),
            point(cx - k, cy + r, true),
            point(cx - r, cy + k, true),
            point(cx - r, cy, false),
            point(cx - r, cy - k, true),
            point(cx - k, cy - r, true),
            point(cx, cy - r, false),
            point(cx + k, cy - r, true),
            point(cx + r, cy - k, true),
            point(cx + r, cy, false),
        ];
        self.paint_rings(vec![PolygonRing { points }], style);
    }

    /// A diamond (square on its corner) of half-diagonal `r` centred on (cx, cy).
    pub fn diamond(&mut self, cx: f32, cy: f32, r: f32, style: ShapeStyle) {
        self.polygon(&[(cx, cy + r), (cx + r, cy), (cx, cy - r), (cx - r, cy)], style);
    }

    /// A triangle pointing up, inscribed in the circle of radius `r` around (cx, cy).
    pub fn triangle(&mut self, cx: f32, cy: f32, r: f32, style: ShapeStyle) {
        let half = r * 0.866;
        self.polygon(&[(cx, cy + r), (cx + half, cy - r / 2.0), (cx - half, cy - r / 2.0)], style);
    }

    fn paint_rings(&mut self, rings: Vec<PolygonRing>, style: ShapeStyle) {
        let Some(mode) = style.mode() else { return };
        let mut ops = style.setup();
        ops.push(Op::DrawPolygon { polygon: Polygon { rings, mode, winding_order: WindingOrder::NonZero } });
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// Diagonal hatching (lines rising to the right, `spacing` points apart) inside the
    /// rectangle `(x, y, width, height)`, (x, y) being its bottom-left corner. Marks a zone
    /// without relying on colour.
    pub fn hatch_rect(&mut self, rect: (f32, f32, f32, f32), spacing: f32, thickness: f32, tint: Tint) {
        let (x, y, width, height) = rect;
        if spacing <= 0.0 || width <= 0.0 || height <= 0.0 {
            return;
        }
        let mut ops = vec![
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: tint.color() },
            Op::SetOutlineThickness { pt: Pt(thickness) },
        ];
        // lines x - y = c, from the top-left corner (c = x - y - h) to the bottom-right one
        let (first, last) = (x - (y + height), x + width - y);
        let mut c = first + spacing / 2.0;
        while c < last {
            if let Some(((x0, y0), (x1, y1))) = diagonal_in_rect(c, x, y, width, height) {
                ops.push(Op::DrawLine {
                    line: printpdf::Line { points: vec![point(x0, y0, false), point(x1, y1, false)], is_closed: false },
                });
            }
            c += spacing;
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
    }

    /// A straight line from `from` to `to` ending in a filled arrowhead whose tip is
    /// exactly at `to`.
    pub fn arrow(&mut self, from: (f32, f32), to: (f32, f32), style: ArrowStyle) {
        self.arrow_path(from, None, to, style);
    }

    /// A curved arrow from `from` to `to`, bent towards `ctrl` (the control point of a
    /// quadratic Bézier curve: the curve passes half-way between the chord's middle and
    /// `ctrl`). Its head follows the curve's direction at `to`. Bending keeps arrows that
    /// share a line apart, and off the points they pass.
    pub fn curved_arrow(&mut self, from: (f32, f32), ctrl: (f32, f32), to: (f32, f32), style: ArrowStyle) {
        self.arrow_path(from, Some(ctrl), to, style);
    }

    fn arrow_path(&mut self, from: (f32, f32), ctrl: Option<(f32, f32)>, to: (f32, f32), style: ArrowStyle) {
        // the head points along the curve's tangent at `to`: from the control point
        let back = ctrl.unwrap_or(from);
        let (dx, dy) = (to.0 - back.0, to.1 - back.1);
        let len = (dx * dx + dy * dy).sqrt();
        let chord = ((to.0 - from.0).powi(2) + (to.1 - from.1).powi(2)).sqrt();
        if len < 0.01 || chord < 0.01 {
            return;
        }
        let (ux, uy) = (dx / len, dy / len);
        let head = style.head.min(chord);
        // the shaft stops inside the head so that its end does not poke out of the tip
        let base = (to.0 - ux * head, to.1 - uy * head);
        let shaft_end = (to.0 - ux * head * 0.7, to.1 - uy * head * 0.7);
        let mut ops = vec![
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: style.tint.color() },
            Op::SetOutlineThickness { pt: Pt(style.thickness) },
            Op::SetLineCapStyle { cap: LineCapStyle::Butt },
        ];
        if let Some(d) = style.dash {
            ops.push(Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[d, d]) });
        }
        let points = match ctrl {
            None => vec![point(from.0, from.1, false), point(shaft_end.0, shaft_end.1, false)],
            // the quadratic curve as a cubic one: handles two thirds of the way to `ctrl`
            Some(c) => vec![
                point(from.0, from.1, false),
                point(from.0 + (c.0 - from.0) * 2.0 / 3.0, from.1 + (c.1 - from.1) * 2.0 / 3.0, true),
                point(
                    shaft_end.0 + (c.0 - shaft_end.0) * 2.0 / 3.0,
                    shaft_end.1 + (c.1 - shaft_end.1) * 2.0 / 3.0,
                    true,
                ),
                point(shaft_end.0, shaft_end.1, false),
            ],
        };
        ops.push(Op::DrawLine { line: printpdf::Line { points, is_closed: false } });
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        let half = head * 0.45;
        let (px, py) = (-uy * half, ux * half);
        self.polygon(&[to, (base.0 + px, base.1 + py), (base.0 - px, base.1 - py)], ShapeStyle::filled(style.tint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_stays_inside_its_rectangle() {
        for c in [-60.0, -20.0, 0.0, 15.0, 49.0] {
            if let Some(((x0, y0), (x1, y1))) = diagonal_in_rect(c, 10.0, 20.0, 50.0, 30.0) {
                for (x, y) in [(x0, y0), (x1, y1)] {
                    assert!((10.0 - 0.01..=60.01).contains(&x) && (20.0 - 0.01..=50.01).contains(&y), "{c}: {x},{y}");
                    assert!((x - y - c).abs() < 0.001);
                }
                assert!(x1 > x0);
            }
        }
        // a line far away misses the rectangle
        assert!(diagonal_in_rect(500.0, 10.0, 20.0, 50.0, 30.0).is_none());
    }

    #[test]
    fn shapes_add_balanced_operations_and_leave_the_cursor() {
        let mut doc = PdfDoc::new("Formes").unwrap();
        let y = doc.cursor_y();
        let before = doc.ops().len();
        doc.fill_rect(100.0, 100.0, 50.0, 20.0, Tint::Rgb(1.0, 0.9, 0.9));
        doc.hatch_rect((100.0, 100.0, 50.0, 20.0), 6.0, 0.4, Tint::Grey(0.5));
        doc.circle(200.0, 200.0, 4.0, ShapeStyle::both(Tint::WHITE, Tint::BLACK, 1.0));
        doc.diamond(220.0, 200.0, 4.0, ShapeStyle::filled(Tint::BLACK));
        doc.triangle(240.0, 200.0, 4.0, ShapeStyle::outlined(Tint::BLACK, 0.8));
        let style = ArrowStyle { thickness: 0.8, head: 6.0, tint: Tint::BLACK, dash: Some(2.0) };
        doc.arrow((100.0, 300.0), (200.0, 350.0), style);
        doc.curved_arrow((100.0, 300.0), (150.0, 400.0), (200.0, 300.0), ArrowStyle { dash: None, ..style });
        // nothing painted for degenerate input
        doc.polygon(&[(0.0, 0.0), (1.0, 1.0)], ShapeStyle::filled(Tint::BLACK));
        doc.arrow((5.0, 5.0), (5.0, 5.0), style);
        doc.rect(0.0, 0.0, 1.0, 1.0, ShapeStyle { fill: None, stroke: None, thickness: 1.0 });
        let ops = &doc.pages[0][before..];
        let saves = ops.iter().filter(|o| matches!(o, Op::SaveGraphicsState)).count();
        let restores = ops.iter().filter(|o| matches!(o, Op::RestoreGraphicsState)).count();
        assert_eq!(saves, restores);
        // rect, hatch, circle, diamond, triangle, two arrows' shaft + head
        assert_eq!(saves, 9);
        // the curved shaft is a Bézier curve
        let curved = ops.iter().any(|o| matches!(o, Op::DrawLine { line } if line.points.iter().any(|p| p.bezier)));
        assert!(curved);
        let hatch_lines = ops.iter().filter(|o| matches!(o, Op::DrawLine { .. })).count();
        assert!(hatch_lines >= 10, "{hatch_lines}");
        assert_eq!(doc.cursor_y(), y);
        assert!(doc.finish().unwrap().starts_with(b"%PDF-"));
    }
}
