//! The delimiter of a CSV file: comma, tab or semicolon (SPEC §10).

/// The delimiters leadbench recognises, in tie-break order.
const CANDIDATES: [u8; 3] = [b',', b'\t', b';'];

/// Counts each candidate outside quotes on each of the first lines of `head` (decoded text).
fn counts_per_line(head: &str, max_lines: usize) -> Vec<[usize; 3]> {
    let mut lines = Vec::new();
    let mut cur = [0usize; 3];
    let mut quoted = false;
    for b in head.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                lines.push(cur);
                cur = [0; 3];
                if lines.len() >= max_lines {
                    return lines;
                }
            }
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    cur[i] += 1;
                }
            }
            _ => {}
        }
    }
    if cur.iter().any(|n| *n > 0) {
        lines.push(cur);
    }
    lines
}

/// Picks the delimiter: the candidate that splits the header line most, preferring one whose
/// count is the same on the following lines (a comma inside a tab-separated name is no
/// delimiter). Comma when nothing splits the header (a one-column file).
pub fn sniff_delimiter(head: &str) -> u8 {
    // Lines no candidate splits above the header (a sheet's title, a blank line) say nothing.
    let lines: Vec<[usize; 3]> = counts_per_line(head, 30)
        .into_iter()
        .skip_while(|l| l.iter().all(|n| *n == 0))
        .take(20)
        .collect();
    let Some(header) = lines.first() else {
        return b',';
    };
    let consistent = |i: usize| lines.iter().skip(1).all(|l| l[i] == header[i]);
    let best = |filter: &dyn Fn(usize) -> bool| {
        (0..3)
            .filter(|i| header[*i] > 0 && filter(*i))
            .max_by_key(|i| (header[*i], std::cmp::Reverse(*i)))
    };
    best(&consistent)
        .or_else(|| best(&|_| true))
        .map_or(b',', |i| CANDIDATES[i])
}

/// The delimiter an Excel `sep=X` first line names, if the file starts with one.
pub fn excel_separator(head: &str) -> Option<u8> {
    let first = head.lines().next()?.trim_end_matches('\r');
    let rest = first
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .and_then(|_| first.get(4..))?;
    match rest.as_bytes() {
        [d] if (d.is_ascii_punctuation() && *d != b'"') || *d == b'\t' => Some(*d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excel_sep_line_names_the_delimiter() {
        assert_eq!(excel_separator("sep=;\r\nName;Mail\r\n"), Some(b';'));
        assert_eq!(excel_separator("SEP=,\nName,Mail\n"), Some(b','));
        assert_eq!(excel_separator("sep=\t\nName\tMail\n"), Some(b'\t'));
        assert_eq!(excel_separator("Name,Mail\nsep=;\n"), None);
        assert_eq!(excel_separator("sep=ab\n"), None);
        assert_eq!(excel_separator("sepa,b\n"), None);
    }

    #[test]
    fn the_delimiter_that_splits_every_line_alike_wins() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\nx, y\t2\t3\n"), b'\t');
        assert_eq!(
            sniff_delimiter("Name;Firma;E-Mail\nMüller, Jürgen;X;j@x.de\n"),
            b';'
        );
        assert_eq!(sniff_delimiter("氏名\n山田\n"), b',');
        assert_eq!(sniff_delimiter("\"a,b\";c\n\"1,2\";3\n"), b';');
    }
}
