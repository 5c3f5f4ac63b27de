//! The help overlay: every binding of every layer, from the keymap, in as many columns as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::State;
use crate::config::{Action, Keymap, Layer};
use crate::domain::Lang;
use crate::domain::i18n::TextKey;
use crate::domain::text::display_width;

use super::{bottom, fmt, popup_box, style};

/// Cells between help columns.
const GAP: usize = 3;

/// One line of the help text.
enum Item {
    /// A layer's heading.
    Heading(&'static str),
    /// `keys  description`.
    Entry(String, String),
    /// Space between layers.
    Blank,
    /// Stands for what did not fit.
    More,
}

fn layer_title(layer: Layer, lang: Lang) -> &'static str {
    match layer {
        Layer::Global => lang.text(TextKey::UiHelpAnywhere),
        Layer::List => lang.text(TextKey::UiHelpLeadLists),
        Layer::Popup => lang.text(TextKey::UiHelpPopups),
        Layer::Form => lang.text(TextKey::UiHelpForms),
    }
}

fn items(keymap: &Keymap, lang: Lang) -> Vec<Item> {
    let mut out = Vec::new();
    for layer in Layer::ALL {
        if !out.is_empty() {
            out.push(Item::Blank);
        }
        out.push(Item::Heading(layer_title(layer, lang)));
        // The seven view keys read best as one line when they are the default digits.
        let digits = (1..=7u8).all(|n| {
            let action = Action::ALL.iter().find(|a| a.view() == Some(n));
            action.is_some_and(|a| {
                keymap
                    .keys(layer, *a)
                    .iter()
                    .map(ToString::to_string)
                    .eq([n.to_string()])
            })
        });
        for (action, keys) in keymap.bindings(layer) {
            let keys = keys
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("/");
            match action.view() {
                Some(1) if digits => out.push(Item::Entry(
                    "1…7".to_owned(),
                    lang.text(TextKey::UiHelpViews).to_owned(),
                )),
                Some(_) if digits => {}
                _ => out.push(Item::Entry(keys, action.describe(lang).to_owned())),
            }
        }
    }
    out
}

/// Draws the overlay over most of the screen.
pub(super) fn render_help(frame: &mut Frame, area: Rect, state: &State, keymap: &Keymap) {
    let lang = state.lang();
    let items = items(keymap, lang);
    let kw = items
        .iter()
        .map(|i| match i {
            Item::Entry(k, _) => display_width(k),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
        .min(16);
    let dw = items
        .iter()
        .map(|i| match i {
            Item::Entry(_, d) => display_width(d),
            Item::Heading(h) => display_width(h).saturating_sub(kw + 1),
            Item::Blank | Item::More => 0,
        })
        .max()
        .unwrap_or(0);
    let col_w = kw + 1 + dw;
    let popup = Rect::new(
        area.x + 1.min(area.width),
        area.y + 1.min(area.height),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let hints = bottom::hints(state, keymap);
    let footer = bottom::footer(&hints, popup.width);
    let title = lang.text(TextKey::UiHelpKeys);
    let inner = popup_box(frame, popup, title, Some(footer));
    let inner = Rect::new(
        inner.x + 1.min(inner.width),
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let (w, h) = (usize::from(inner.width), usize::from(inner.height));
    if w == 0 || h == 0 {
        return;
    }
    let cols = ((w + GAP) / (col_w + GAP)).max(1);
    let col_w = col_w.min(w);
    let columns = flow(&items, h, cols);
    for (c, column) in columns.iter().enumerate() {
        let x = inner.x + u16::try_from(c * (col_w + GAP)).unwrap_or(u16::MAX);
        let rect = Rect::new(x, inner.y, u16::try_from(col_w).unwrap_or(0), inner.height);
        let lines: Vec<Line> = column.iter().map(|i| line(i, kw, col_w)).collect();
        frame.render_widget(Paragraph::new(lines), rect);
    }
}

/// Splits the items into `cols` columns of `rows` lines, column by column: no column starts
/// with a blank or ends with a heading; what does not fit ends in `…`.
fn flow(items: &[Item], rows: usize, cols: usize) -> Vec<Vec<&Item>> {
    static MORE: Item = Item::More;
    let mut columns: Vec<Vec<&Item>> = vec![Vec::new()];
    for item in items {
        let Some(col) = columns.last_mut() else { break };
        if col.is_empty() && matches!(item, Item::Blank) {
            continue;
        }
        let heading_at_end =
            matches!(item, Item::Heading(_)) && !col.is_empty() && col.len() + 1 >= rows;
        if col.len() >= rows || heading_at_end {
            if columns.len() == cols {
                if let Some(last) = columns.last_mut().and_then(|c| c.last_mut()) {
                    *last = &MORE;
                }
                return columns;
            }
            columns.push(Vec::new());
            if matches!(item, Item::Blank) {
                continue;
            }
        }
        if let Some(col) = columns.last_mut() {
            col.push(item);
        }
    }
    columns
}

fn line<'a>(item: &Item, kw: usize, col_w: usize) -> Line<'a> {
    match item {
        Item::Heading(h) => Line::styled(fmt::safe(h, col_w), style::header()),
        Item::Entry(k, d) => Line::from(vec![
            Span::styled(fmt::pad_right(k, kw), style::title()),
            Span::raw(" "),
            Span::raw(fmt::safe(d, col_w.saturating_sub(kw + 1))),
        ]),
        Item::Blank => Line::raw(""),
        Item::More => Line::styled("…", style::dim()),
    }
}
