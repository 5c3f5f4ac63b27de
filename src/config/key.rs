//! Terminal-independent keys: parsed from config strings (`"ctrl-r"`, `"G"`, `"pgdn"`) and shown
//! compactly (`Ctrl-r`, `G`, `PgDn`). The TUI converts its terminal events into [`Key`].

use std::fmt;
use std::str::FromStr;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A character; upper- and lower-case letters are different keys (`G` ≠ `g`).
    Char(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Delete.
    Delete,
    /// A function key, F1–F24.
    F(u8),
}

/// A key with its modifiers. Compare keys after [`Key::normalized`]: [`Keymap`] lookups do that.
///
/// [`Keymap`]: super::Keymap
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control held.
    pub ctrl: bool,
    /// Alt (Meta) held.
    pub alt: bool,
    /// Shift held (never set on characters and `BackTab` once normalised).
    pub shift: bool,
}

impl Key {
    /// A key without modifiers.
    pub const fn new(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// A character key without modifiers.
    pub const fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c))
    }

    /// A character key with Control.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
            shift: false,
        }
    }

    /// The canonical form: Shift is folded into characters (`shift-g` = `G`; `?` carries its own
    /// shift) and Shift-Tab is `BackTab`.
    pub fn normalized(self) -> Key {
        let mut k = self;
        match k.code {
            KeyCode::Char(c) => {
                if k.shift && c.is_lowercase() {
                    let mut upper = c.to_uppercase();
                    if let (Some(u), None) = (upper.next(), upper.next()) {
                        k.code = KeyCode::Char(u);
                    }
                }
                k.shift = false;
            }
            KeyCode::Tab if k.shift => {
                k.code = KeyCode::BackTab;
                k.shift = false;
            }
            KeyCode::BackTab => k.shift = false,
            _ => {}
        }
        k
    }

    /// Whether this is a character that a text field would take (no Control or Alt).
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }
}

/// Why a key string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError(pub String);

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyParseError {}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" | "ret" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" | "bs" | "bksp" => KeyCode::Backspace,
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "pageup" | "pgup" | "page-up" | "page_up" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" | "page-down" | "page_down" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" | "del" => KeyCode::Delete,
        "space" | "spc" => KeyCode::Char(' '),
        _ => {
            let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
            if (1..=24).contains(&n) && !lower.starts_with("f0") {
                KeyCode::F(n)
            } else {
                return None;
            }
        }
    };
    Some(code)
}

enum Modifier {
    Ctrl,
    Alt,
    Shift,
}

fn modifier(word: &str) -> Option<Modifier> {
    match word.to_ascii_lowercase().as_str() {
        "ctrl" | "control" | "c" => Some(Modifier::Ctrl),
        "alt" | "meta" | "m" | "a" => Some(Modifier::Alt),
        "shift" | "s" => Some(Modifier::Shift),
        _ => None,
    }
}

fn base_code(text: &str) -> Option<KeyCode> {
    // Names first: the arrows `↑ ↓ ← →` are single characters but name keys.
    named(text).or_else(|| {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => Some(KeyCode::Char(c)),
            _ => None,
        }
    })
}

impl FromStr for Key {
    type Err = KeyParseError;

    /// Reads `j`, `G`, `?`, `space`, `enter`, `esc`, `tab`, `shift-tab`, `up`, `pgdn`, `f1`,
    /// `ctrl-r`, `C-r`, `alt-x`, `ctrl+shift-up` … (names and modifiers are case-insensitive).
    fn from_str(text: &str) -> Result<Key, KeyParseError> {
        let unknown = || {
            KeyParseError(format!(
                "unknown key `{text}` (write e.g. `j`, `G`, `?`, `ctrl-r`, `shift-tab`, `enter`, `esc`, `space`, `pgdn`, `up`, `f1`)"
            ))
        };
        let mut key = Key::new(KeyCode::Esc);
        let mut rest = text;
        loop {
            if let Some(code) = base_code(rest) {
                key.code = code;
                break;
            }
            let cut = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| *c == '-' || *c == '+')
                .map(|(i, _)| i)
                .ok_or_else(unknown)?;
            let (word, tail) = (&rest[..cut], &rest[cut + 1..]);
            let flag = match modifier(word).ok_or_else(unknown)? {
                Modifier::Ctrl => &mut key.ctrl,
                Modifier::Alt => &mut key.alt,
                Modifier::Shift => &mut key.shift,
            };
            if *flag {
                return Err(KeyParseError(format!(
                    "`{text}` names the modifier `{word}` twice"
                )));
            }
            *flag = true;
            if tail.is_empty() {
                return Err(unknown());
            }
            rest = tail;
        }
        if let KeyCode::Char(c) = key.code {
            if key.shift && !c.is_alphabetic() {
                return Err(KeyParseError(format!(
                    "`{text}`: write the shifted character itself (e.g. `?` rather than `shift-/`)"
                )));
            }
        }
        Ok(key.normalized())
    }
}

impl fmt::Display for KeyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
        }
    }
}

impl fmt::Display for Key {
    /// Compact and readable back by [`Key::from_str`]: `Ctrl-r`, `Alt-x`, `Shift-↑`, `Enter`,
    /// `Space`, `↓`, `PgDn`, `G`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let k = self.normalized();
        if k.ctrl {
            f.write_str("Ctrl-")?;
        }
        if k.alt {
            f.write_str("Alt-")?;
        }
        if k.shift {
            f.write_str("Shift-")?;
        }
        write!(f, "{}", k.code)
    }
}
