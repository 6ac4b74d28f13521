//! Where things go on screen. Both the app (to know pane widths and heights for
//! wrapping and paging) and the ui (to draw) use this one function, so they agree.

use ratatui::layout::Rect;

/// Below this the reader shows only a "too small" message.
pub const MIN_WIDTH: u16 = 16;
pub const MIN_HEIGHT: u16 = 4;
/// The timeline strip is shown only when the panes keep at least this many rows.
const MIN_TEXT_ROWS_WITH_TIMELINE: u16 = 8;
/// Columns left of the text for the passage mark.
pub const GUTTER: u16 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneArea {
    /// The whole pane, title bar included.
    pub area: Rect,
    pub title: Rect,
    pub gutter: Rect,
    pub text: Rect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geometry {
    pub too_small: bool,
    pub panes: Vec<PaneArea>,
    /// Vertical separators between panes.
    pub separators: Vec<Rect>,
    pub timeline: Option<Rect>,
    pub status: Rect,
}

impl Geometry {
    pub fn compute(size: Rect, pane_count: usize) -> Geometry {
        let pane_count = pane_count.max(1);
        if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
            return Geometry {
                too_small: true,
                panes: Vec::new(),
                separators: Vec::new(),
                timeline: None,
                status: size,
            };
        }
        let status = Rect::new(size.x, size.y + size.height - 1, size.width, 1);
        let timeline_height = 2 + pane_count as u16;
        let above_status = size.height - 1;
        let timeline = (above_status >= timeline_height + MIN_TEXT_ROWS_WITH_TIMELINE).then(|| {
            Rect::new(
                size.x,
                status.y - timeline_height,
                size.width,
                timeline_height,
            )
        });
        let panes_height = above_status - timeline.map_or(0, |t| t.height);
        let count = pane_count as u16;
        let separators_width = count.saturating_sub(1);
        let usable = size.width.saturating_sub(separators_width);
        let base = usable / count;
        let extra = usable % count;
        let mut panes = Vec::new();
        let mut separators = Vec::new();
        let mut x = size.x;
        for index in 0..count {
            let width = base + u16::from(index < extra);
            let area = Rect::new(x, size.y, width, panes_height);
            let title = Rect::new(x, size.y, width, 1);
            let body_height = panes_height.saturating_sub(1);
            let gutter_width = GUTTER.min(width.saturating_sub(1));
            let gutter = Rect::new(x, size.y + 1, gutter_width, body_height);
            let text = Rect::new(
                x + gutter_width,
                size.y + 1,
                width - gutter_width,
                body_height,
            );
            panes.push(PaneArea {
                area,
                title,
                gutter,
                text,
            });
            x += width;
            if index + 1 < count {
                separators.push(Rect::new(x, size.y, 1, panes_height));
                x += 1;
            }
        }
        Geometry {
            too_small: false,
            panes,
            separators,
            timeline,
            status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_panes_share_the_width() {
        let geometry = Geometry::compute(Rect::new(0, 0, 101, 40), 2);
        assert_eq!(
            geometry.panes[0].area.width + geometry.panes[1].area.width + 1,
            101
        );
        assert_eq!(geometry.panes[0].text.x, 2);
        assert_eq!(geometry.timeline.map(|t| t.height), Some(4));
        assert_eq!(geometry.status.y, 39);
    }

    #[test]
    fn small_terminals() {
        assert!(Geometry::compute(Rect::new(0, 0, 1, 1), 2).too_small);
        let geometry = Geometry::compute(Rect::new(0, 0, 20, 6), 2);
        assert!(!geometry.too_small);
        assert!(geometry.timeline.is_none());
        assert!(geometry.panes.iter().all(|p| p.text.width >= 1));
    }

    #[test]
    fn four_panes_fit() {
        let geometry = Geometry::compute(Rect::new(0, 0, 200, 60), 4);
        assert_eq!(geometry.panes.len(), 4);
        assert_eq!(geometry.separators.len(), 3);
        let right = geometry.panes[3].area;
        assert_eq!(right.x + right.width, 200);
    }
}
