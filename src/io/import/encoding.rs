//! Which encoding a file is in (SPEC §10), in this order: a BOM; strict UTF-8 over the whole
//! file; UTF-8 but for a few invalid bytes (read as UTF-8, the rows holding them rejected);
//! otherwise chardetng over the whole file, with a Japan hint when the rep calls Japan. Never a
//! strict CP932 attempt first: that reads Windows-1252 text (François) as Japanese.

use std::collections::VecDeque;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

use super::quoting::{QuoteTracker, UnclosedQuote};

use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How a file will be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detection {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// Bytes of byte-order mark to skip.
    pub bom_len: usize,
    /// UTF-8 with a few invalid bytes: rows holding them are rejected.
    pub lenient_utf8: bool,
}

impl Detection {
    /// The name reported to the rep (`import --json` `encoding`).
    pub fn name(&self) -> &'static str {
        if self.encoding == SHIFT_JIS {
            // encoding_rs's Shift_JIS is Microsoft's CP932.
            "Shift_JIS"
        } else {
            self.encoding.name()
        }
    }
}

/// Reads an `--encoding` value: our aliases first (`for_label` does not know cp932 and
/// friends), then the WHATWG labels.
pub fn for_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_ascii_lowercase().replace('_', "-");
    match l.as_str() {
        "utf-8" | "utf8" => Some(UTF_8),
        "utf-16" | "utf16" | "utf-16le" | "unicode" => Some(UTF_16LE),
        "utf-16be" => Some(UTF_16BE),
        "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" => Some(WINDOWS_1252),
        "euc-jp" | "eucjp" => Some(EUC_JP),
        "shift-jis" | "shiftjis" | "sjis" | "cp932" | "ms932" | "windows-31j" | "ms-kanji" => {
            Some(SHIFT_JIS)
        }
        _ => Encoding::for_label(l.as_bytes()),
    }
}

/// The labels `--encoding` documents.
pub const LABELS: &str =
    "utf-8, utf-16, windows-1252, euc-jp, shift_jis (cp932, ms932, windows-31j, sjis)";

/// Streaming UTF-8 check: counts invalid sequences and valid multi-byte characters.
#[derive(Debug, Default)]
struct Utf8Scan {
    carry: Vec<u8>,
    invalid: u64,
    multibyte: u64,
}

impl Utf8Scan {
    fn feed(&mut self, chunk: &[u8], last: bool) {
        let mut buf = std::mem::take(&mut self.carry);
        buf.extend_from_slice(chunk);
        let mut rest: &[u8] = &buf;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.multibyte += count_multibyte(s.as_bytes());
                    break;
                }
                Err(e) => {
                    let (good, after) = rest.split_at(e.valid_up_to());
                    self.multibyte += count_multibyte(good);
                    match e.error_len() {
                        Some(n) => {
                            self.invalid += 1;
                            rest = &after[n..];
                        }
                        None if last => {
                            self.invalid += 1;
                            break;
                        }
                        None => {
                            self.carry = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
    }
}

fn count_multibyte(valid: &[u8]) -> u64 {
    valid.iter().filter(|b| **b >= 0xC0).count() as u64
}

/// UTF-16 without a BOM shows as NUL bytes in every other position (chardetng never detects it).
fn sniff_utf16(head: &[u8]) -> Option<&'static Encoding> {
    let n = head.len() / 2;
    if n < 4 {
        return None;
    }
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd * 10 >= n * 3 && even * 10 < n {
        Some(UTF_16LE)
    } else if even * 10 >= n * 3 && odd * 10 < n {
        Some(UTF_16BE)
    } else {
        None
    }
}

const CHUNK: usize = 1 << 16;

/// Detects the encoding of a whole stream; `japan` is the Japan hint for chardetng.
pub fn detect(mut reader: impl Read + Seek, japan: bool) -> io::Result<Detection> {
    let mut head = vec![0u8; CHUNK];
    let mut filled = 0;
    while filled < head.len() {
        let n = reader.read(&mut head[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    head.truncate(filled);
    if let Some((encoding, bom_len)) = Encoding::for_bom(&head) {
        return Ok(Detection {
            encoding,
            bom_len,
            lenient_utf8: false,
        });
    }
    if let Some(encoding) = sniff_utf16(&head) {
        return Ok(Detection {
            encoding,
            bom_len: 0,
            lenient_utf8: false,
        });
    }
    let mut scan = Utf8Scan::default();
    let mut buf = vec![0u8; CHUNK];
    scan.feed(&head, false);
    loop {
        let n = reader.read(&mut buf)?;
        scan.feed(&buf[..n], n == 0);
        if n == 0 {
            break;
        }
    }
    if scan.invalid == 0 {
        return Ok(Detection {
            encoding: UTF_8,
            bom_len: 0,
            lenient_utf8: false,
        });
    }
    // A file with plenty of valid UTF-8 and only a few invalid sequences is UTF-8 with a few
    // stray bytes, not some other encoding: legacy text almost never forms valid UTF-8.
    if scan.multibyte >= 1 && scan.invalid * 4 <= scan.multibyte {
        return Ok(Detection {
            encoding: UTF_8,
            bom_len: 0,
            lenient_utf8: true,
        });
    }
    // A second pass for the detector, over the whole file again (it needs all of it).
    reader.seek(SeekFrom::Start(0))?;
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    loop {
        let n = reader.read(&mut buf)?;
        detector.feed(&buf[..n], n == 0);
        if n == 0 {
            break;
        }
    }
    let mut encoding = guess(detector, japan);
    // With the Japan hint the detector takes a little Latin text (François, Müller) for
    // Japanese: a file whose "Japanese" reading is full of what Japanese text never holds is
    // Windows-1252.
    if (encoding == SHIFT_JIS || encoding == EUC_JP)
        && !reads_like(&mut reader, encoding, &mut buf, unlike_japanese)?
    {
        encoding = WINDOWS_1252;
    }
    // ASCII but for a few stray bytes, which the guessed encoding cannot read either (or reads
    // as no words: ÿþý): the file is UTF-8 with bad bytes (their rows rejected), not a legacy
    // file. Checked only when the stray bytes are few — legacy text has them in every
    // non-ASCII character.
    // (Windows-1252 reads every byte: its test is whether they read as words.)
    let reads_as_text = |reader: &mut _, buf: &mut [u8]| {
        if encoding == WINDOWS_1252 {
            reads_like(reader, encoding, buf, unlike_latin)
        } else {
            decodes_cleanly(reader, encoding, buf)
        }
    };
    if scan.multibyte == 0 && scan.invalid <= FEW_STRAY && !reads_as_text(&mut reader, &mut buf)? {
        return Ok(Detection {
            encoding: UTF_8,
            bom_len: 0,
            lenient_utf8: true,
        });
    }
    Ok(Detection {
        encoding,
        bom_len: 0,
        lenient_utf8: false,
    })
}

/// Whether the file read in `encoding` looks like the text it should: at most one in ten of
/// its non-ASCII characters is `unlike` it (see [`unlike_japanese`], [`unlike_latin`]).
fn reads_like(
    reader: &mut (impl Read + Seek),
    encoding: &'static Encoding,
    buf: &mut [u8],
    unlike: fn(&str) -> (u64, u64),
) -> io::Result<bool> {
    reader.seek(SeekFrom::Start(0))?;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::new();
    let (mut odd, mut total) = (0u64, 0u64);
    loop {
        let n = reader.read(buf)?;
        text.clear();
        text.reserve(decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16));
        let _ = decoder.decode_to_string(&buf[..n], &mut text, n == 0);
        let (o, t) = unlike(&text);
        odd += o;
        total += t;
        if n == 0 {
            return Ok(odd == 0 || odd * 10 < total);
        }
    }
}

/// Whether the character before and after `i` are ASCII letters (at least one when `any`).
fn between_letters(chars: &[char], i: usize, any: bool) -> bool {
    let letter = |c: Option<&char>| c.is_some_and(char::is_ascii_alphabetic);
    let (before, after) = (
        letter(i.checked_sub(1).and_then(|j| chars.get(j))),
        letter(chars.get(i + 1)),
    );
    if any {
        before || after
    } else {
        before && after
    }
}

/// Characters of Latin text read as Japanese that Japanese text does not hold, and the
/// non-ASCII characters: a byte the encoding cannot read, a private-use character (Shift_JIS
/// reads ñ, ö, ø … as lead bytes of the user-defined area), a half-width katakana or a kanji
/// between two ASCII letters (Stra**ß**e, Fran**ço**is: an accented letter inside a word).
fn unlike_japanese(text: &str) -> (u64, u64) {
    count_non_ascii(text, |chars, i, c| {
        c == '\u{FFFD}'
            || ('\u{E000}'..='\u{F8FF}').contains(&c)
            || (between_letters(chars, i, false)
                && (('\u{FF61}'..='\u{FF9F}').contains(&c)
                    || ('\u{4E00}'..='\u{9FFF}').contains(&c)))
    })
}

/// Characters of bytes read as Windows-1252 that are no part of Latin text, and the non-ASCII
/// characters: Latin text has its accented letters next to other letters (Müller, O’Brien)
/// and its symbols (€, °, ’) anywhere; stray bytes read as letters stand alone (`ÿþý,`).
fn unlike_latin(text: &str) -> (u64, u64) {
    count_non_ascii(text, |chars, i, c| {
        if c.is_alphabetic() {
            !between_letters(chars, i, true)
        } else {
            c.is_control()
        }
    })
}

/// (non-ASCII characters `odd` says yes to, non-ASCII characters) of `text`; `odd` is given
/// the characters, the position and the character.
fn count_non_ascii(text: &str, odd: impl Fn(&[char], usize, char) -> bool) -> (u64, u64) {
    let chars: Vec<char> = text.chars().collect();
    let (mut n, mut total) = (0, 0);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii() {
            total += 1;
            n += u64::from(odd(&chars, i, c));
        }
    }
    (n, total)
}

/// At most this many invalid UTF-8 sequences in an otherwise ASCII file are worth a check
/// that the guessed legacy encoding reads them.
const FEW_STRAY: u64 = 64;

/// Whether the whole file decodes in `encoding` without an unreadable byte.
fn decodes_cleanly(
    reader: &mut (impl Read + Seek),
    encoding: &'static Encoding,
    buf: &mut [u8],
) -> io::Result<bool> {
    reader.seek(SeekFrom::Start(0))?;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::new();
    loop {
        let n = reader.read(buf)?;
        out.clear();
        // Room for all of it, so the decoder takes the whole chunk in one call.
        out.reserve(decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16));
        let (_, _, errors) = decoder.decode_to_string(&buf[..n], &mut out, n == 0);
        if errors {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn guess(detector: chardetng::EncodingDetector, japan: bool) -> &'static Encoding {
    let tld: Option<&[u8]> = if japan { Some(b"jp") } else { None };
    let guessed = detector.guess(tld, chardetng::Utf8Detection::Deny);
    if guessed == UTF_8 {
        WINDOWS_1252
    } else {
        guessed
    }
}

/// Detection with the encoding forced by `--encoding` (a BOM of that family is still skipped).
pub fn forced(encoding: &'static Encoding, head: &[u8]) -> Detection {
    let bom_len = match Encoding::for_bom(head) {
        Some((e, n)) if e == encoding => n,
        Some((e, n)) if encoding == UTF_16LE && e == UTF_16BE => {
            return Detection {
                encoding: e,
                bom_len: n,
                lenient_utf8: false,
            };
        }
        _ => 0,
    };
    Detection {
        encoding,
        bom_len,
        lenient_utf8: encoding == UTF_8,
    }
}

/// A reader that decodes another reader's bytes to UTF-8 (invalid sequences become U+FFFD,
/// which a legacy encoding can never produce otherwise, so rows holding one are rejected).
pub struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    out_pos: usize,
    done: bool,
}

impl<R: Read> DecodingReader<R> {
    /// Decodes `inner` (after its BOM) from `encoding`.
    pub fn new(inner: R, encoding: &'static Encoding) -> DecodingReader<R> {
        DecodingReader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            input: vec![0; CHUNK],
            output: Vec::new(),
            out_pos: 0,
            done: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        let n = self.inner.read(&mut self.input)?;
        let last = n == 0;
        let cap = self
            .decoder
            .max_utf8_buffer_length(n)
            .unwrap_or(n * 3 + 16)
            .max(16);
        self.output.clear();
        self.output.resize(cap, 0);
        let (_, _, written, _) =
            self.decoder
                .decode_to_utf8(&self.input[..n], &mut self.output, last);
        self.output.truncate(written);
        self.out_pos = 0;
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.output.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = (self.output.len() - self.out_pos).min(buf.len());
        buf[..n].copy_from_slice(&self.output[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Turns CRLF and lone CR into LF before the CSV reader sees them: the reader counts lines by
/// LF and, with CRLF, reports each record one line early. Nothing is lost — line breaks inside
/// fields are cleaned to spaces or kept as LF.
///
/// It also notes where blank lines are ([`BlankLines`]): the CSV reader skips them but reports
/// the record after them at the first blank line, so a rejected row would be named a line or
/// more too early.
pub struct LfReader<R> {
    inner: R,
    pending_cr: bool,
    buf: Vec<u8>,
    /// Bytes written out so far.
    offset: u64,
    /// The last byte written out was a line feed (true at the start: a first line that is
    /// blank is a blank line).
    after_lf: bool,
    blanks: BlankLines,
    /// Follows the quoting, when asked to ([`LfReader::track_quotes`]).
    quotes: Option<QuoteTracker>,
}

/// The offsets (in the LF stream) of the line feeds that end blank lines, shared between the
/// [`LfReader`] that finds them and the code that numbers records.
#[derive(Debug, Clone, Default)]
pub struct BlankLines(Arc<Mutex<VecDeque<u64>>>);

impl BlankLines {
    fn push(&self, offset: u64) {
        if let Ok(mut q) = self.0.lock() {
            q.push_back(offset);
        }
    }

    /// How many blank lines start at `byte`, where the CSV reader says a record starts (it
    /// points at the blank lines it skipped before the record). Records are asked about in
    /// order: the offsets before `byte` are forgotten.
    pub fn skipped_at(&self, byte: u64) -> u64 {
        let Ok(mut q) = self.0.lock() else {
            return 0;
        };
        while q.front().is_some_and(|o| *o < byte) {
            q.pop_front();
        }
        let mut n = 0;
        while q.front() == Some(&(byte + n)) {
            q.pop_front();
            n += 1;
        }
        n
    }
}

impl<R: Read> LfReader<R> {
    /// Wraps a reader of UTF-8 (or ASCII-compatible) bytes.
    pub fn new(inner: R) -> LfReader<R> {
        LfReader {
            inner,
            pending_cr: false,
            buf: vec![0; CHUNK],
            offset: 0,
            after_lf: true,
            blanks: BlankLines::default(),
            quotes: None,
        }
    }

    /// Follows the stream's CSV quoting (fields split by `delimiter`) from here on; the handle
    /// tells, once the stream has ended, where a quoted field left open began.
    pub fn track_quotes(&mut self, delimiter: u8) -> UnclosedQuote {
        let tracker = QuoteTracker::new(delimiter);
        let unclosed = tracker.unclosed();
        self.quotes = Some(tracker);
        unclosed
    }

    /// Where the blank lines of this stream are noted.
    pub fn blank_lines(&self) -> BlankLines {
        self.blanks.clone()
    }

    /// Writes one byte out, noting it when it ends a blank line.
    fn emit(&mut self, out: &mut [u8], w: &mut usize, b: u8) {
        if b == b'\n' && self.after_lf {
            self.blanks.push(self.offset);
        }
        self.after_lf = b == b'\n';
        if let Some(q) = &mut self.quotes {
            q.step(b, self.offset);
        }
        out[*w] = b;
        *w += 1;
        self.offset += 1;
    }
}

impl<R: Read> Read for LfReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let want = out.len().min(self.buf.len());
            if want == 0 {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.buf[..want])?;
            if n == 0 {
                if self.pending_cr {
                    self.pending_cr = false;
                    let mut w = 0;
                    self.emit(out, &mut w, b'\n');
                    return Ok(1);
                }
                if let Some(q) = &mut self.quotes {
                    q.finish();
                }
                return Ok(0);
            }
            let mut w = 0;
            // Taken out for the loop, which writes through `self`.
            let buf = std::mem::take(&mut self.buf);
            for &b in &buf[..n] {
                if self.pending_cr {
                    self.pending_cr = false;
                    self.emit(out, &mut w, b'\n');
                    if b == b'\n' {
                        continue;
                    }
                }
                if b == b'\r' {
                    self.pending_cr = true;
                } else {
                    self.emit(out, &mut w, b);
                }
            }
            self.buf = buf;
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_bytes(b: &[u8], japan: bool) -> Detection {
        detect(io::Cursor::new(b), japan).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn aliases_of_cp932_all_mean_shift_jis() {
        for l in [
            "cp932",
            "MS932",
            "windows-31j",
            "sjis",
            "shift_jis",
            "Shift-JIS",
        ] {
            assert_eq!(for_label(l), Some(SHIFT_JIS), "{l}");
        }
        assert_eq!(for_label("utf-16"), Some(UTF_16LE));
        assert_eq!(for_label("euc-jp"), Some(EUC_JP));
        assert_eq!(for_label("klingon"), None);
    }

    #[test]
    fn strict_utf8_wins_and_a_stray_byte_keeps_utf8() {
        assert_eq!(
            detect_bytes("名前,メール\n山田,a@b.jp\n".as_bytes(), true).encoding,
            UTF_8
        );
        let mut b = "名前,メール\n山田,a@b.jp\n".as_bytes().to_vec();
        b.extend_from_slice(b"x\xff,y\n");
        let d = detect_bytes(&b, true);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.lenient_utf8);
    }

    #[test]
    fn an_ascii_file_with_bytes_no_encoding_reads_stays_utf8() {
        // 0xFD–0xFF are no text in Shift_JIS either: UTF-8 with three bad bytes.
        let d = detect_bytes(b"Name,Email\nok,ok@x.com\n\xff\xfe\xfd,bad@x.com\n", true);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.lenient_utf8);
        // A short legacy file with a name or two in it keeps its encoding.
        let (sj, _, _) = SHIFT_JIS.encode("Name,Email\r\n東京,a@x.jp\r\n");
        assert_eq!(detect_bytes(&sj, true).encoding, SHIFT_JIS);
        let (w, _, _) = WINDOWS_1252.encode("Name,Email\nRené,r@x.fr\n");
        let legacy = detect_bytes(&w, false);
        assert!(!legacy.lenient_utf8);
        assert_eq!(legacy.encoding.decode(&w).0, "Name,Email\nRené,r@x.fr\n");
    }

    #[test]
    fn windows_1252_is_not_read_as_japanese() {
        let (text, _, _) = WINDOWS_1252
            .encode("name,company\nFrançois Müller,Société Générale\nJürgen Groß,Bäckerei\n");
        assert_eq!(detect_bytes(&text, true).encoding, WINDOWS_1252);
    }

    /// Files with only a few Latin letters outside ASCII give the detector little to go on,
    /// and the Japan hint tipped them to Japanese: a name, an apostrophe, one German sheet.
    #[test]
    fn a_little_latin_text_is_not_read_as_japanese_either() {
        let mut obrien = String::from("First Name,Last Name,Email,Company\r\n");
        for i in 0..8 {
            obrien.push_str(&format!("John{i},Doe{i},j{i}@x.com,ACME{i}\r\n"));
        }
        obrien.push_str("Pat,O’Brien,p@x.com,Mañana SA\r\n");
        let mut german = String::from("First Name;Last Name;Email;Company\r\n");
        for (f, l) in [
            ("Jürgen", "Müller"),
            ("Anna", "Schmidt"),
            ("Günter", "Schäfer"),
            ("Björn", "Weber"),
            ("Sören", "Groß"),
        ] {
            german.push_str(&format!("{f};{l};x@beispiel.de;Bäckerei {l} GmbH\r\n"));
        }
        for text in [
            "Email,Name\r\nf@x.fr,François\r\n",
            obrien.as_str(),
            german.as_str(),
            "name,street\nAnna,Hauptstraße 5\n",
        ] {
            let (bytes, _, _) = WINDOWS_1252.encode(text);
            let d = detect_bytes(&bytes, true);
            assert_eq!(d.encoding, WINDOWS_1252, "{text}");
            assert_eq!(d.encoding.decode(&bytes).0, text);
        }
    }

    /// Short Japanese files stay Japanese: names only, half-width katakana, mixed with ASCII.
    #[test]
    fn short_japanese_files_stay_japanese() {
        for text in [
            "email,name\r\nt@x.jp,山田\r\n",
            "email,name\r\nt@x.jp,山田 太郎\r\nh@x.jp,鈴木 花子\r\n",
            "会社,カナ\r\nABC株式会社,ｶﾌﾞｼｷｶﾞｲｼｬｴｰﾋﾞｰｼｰ\r\n",
            "name,company\r\nTaro,IT企業 Tokyo支社\r\n",
        ] {
            let (bytes, _, _) = SHIFT_JIS.encode(text);
            assert_eq!(detect_bytes(&bytes, true).encoding, SHIFT_JIS, "{text}");
        }
    }

    #[test]
    fn cp932_and_euc_jp_are_told_apart() {
        let s = "氏名,会社名\r\n山田 太郎,山田商事株式会社\r\n鈴木 花子,株式会社テスト\r\n";
        let (sj, _, _) = SHIFT_JIS.encode(s);
        assert_eq!(detect_bytes(&sj, true).encoding, SHIFT_JIS);
        let (euc, _, _) = EUC_JP.encode(s);
        assert_eq!(detect_bytes(&euc, true).encoding, EUC_JP);
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "a\tb\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = detect_bytes(&le, false);
        assert_eq!((d.encoding, d.bom_len), (UTF_16LE, 2));
        assert_eq!(detect_bytes(&le[2..], false).encoding, UTF_16LE);
    }

    #[test]
    fn blank_lines_are_noted_where_the_csv_reader_points() {
        let mut r = LfReader::new(&b"\r\nh\r\na\r\n\r\n\r\nb\n\"x\n\ny\"\n"[..]);
        let blanks = r.blank_lines();
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, "\nh\na\n\n\nb\n\"x\n\ny\"\n");
        assert_eq!(blanks.skipped_at(0), 1);
        // `b` comes after two blank lines, which start at offset 5.
        assert_eq!(blanks.skipped_at(5), 2);
        // The blank line inside the quoted field is never at a record's start.
        assert_eq!(blanks.skipped_at(9), 0);
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        let mut out = String::new();
        LfReader::new(&b"a\r\nb\rc\n\r"[..])
            .read_to_string(&mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, "a\nb\nc\n\n");
    }

    #[test]
    fn the_decoding_reader_streams_utf8() {
        let (sj, _, _) = SHIFT_JIS.encode("山田太郎");
        let mut out = String::new();
        DecodingReader::new(&sj[..], SHIFT_JIS)
            .read_to_string(&mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, "山田太郎");
    }
}
