//! Import benchmark (SPEC §10): generates a 1,000,000-row, 11-column CSV of realistic English
//! and Japanese leads (cached under target/bench-data) and times leadbench's import of it into
//! a fresh database, phase by phase. `benches/import_vs_sqlite3.sh` runs the release binary
//! against the sqlite3 shell's `.import` of the same file under `/usr/bin/time -v`.
//!
//! cargo bench --bench import [-- --rows N] [-- --generate PATH (only write the file)]

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use leadbench::config::Config;
use leadbench::ops::import::{ImportOptions, ImportPhase, import_file};
use leadbench::store::Store;

const FAMILY: &[(&str, &str)] = &[
    ("山田", "yamada"),
    ("佐藤", "sato"),
    ("鈴木", "suzuki"),
    ("高橋", "takahashi"),
    ("田中", "tanaka"),
    ("伊藤", "ito"),
    ("渡辺", "watanabe"),
    ("中村", "nakamura"),
    ("小林", "kobayashi"),
    ("加藤", "kato"),
];
const GIVEN: &[(&str, &str)] = &[
    ("太郎", "taro"),
    ("花子", "hanako"),
    ("健太", "kenta"),
    ("美咲", "misaki"),
    ("大輔", "daisuke"),
    ("由美", "yumi"),
    ("翔太", "shota"),
    ("陽子", "yoko"),
    ("誠", "makoto"),
    ("愛", "ai"),
];
const FIRST: &[&str] = &[
    "Jane", "John", "Maria", "David", "Sarah", "Michael", "Emma", "James", "Olivia", "Robert",
];
const LAST: &[&str] = &[
    "Smith", "Johnson", "Garcia", "Brown", "Miller", "Davis", "Wilson", "Moore", "Taylor", "Clark",
];
const JA_CO: &[&str] = &[
    "東京",
    "大阪",
    "名古屋",
    "横浜",
    "福岡",
    "札幌",
    "京都",
    "神戸",
];
const JA_CO2: &[&str] = &[
    "商事",
    "製作所",
    "システムズ",
    "ソリューションズ",
    "物流",
    "食品",
    "電機",
    "建設",
];
const EN_CO: &[&str] = &[
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
];
const EN_CO2: &[&str] = &[
    "Analytics Inc.",
    "Systems LLC",
    "Logistics Ltd",
    "Foods Corp.",
    "Labs",
    "Partners",
];
const JA_DEPT: &[&str] = &[
    "営業部",
    "情報システム部",
    "経営企画部",
    "マーケティング部",
    "総務部",
];
const EN_DEPT: &[&str] = &["Sales", "IT", "Operations", "Marketing", "Finance"];
const JA_TITLE: &[&str] = &["部長", "課長", "主任", "代表取締役", ""];
const EN_TITLE: &[&str] = &["VP Sales", "CTO", "IT Manager", "Head of Operations", ""];
const JA_IND: &[&str] = &["製造業", "情報通信業", "卸売業", "小売業", "建設業"];
const EN_IND: &[&str] = &[
    "Software",
    "Manufacturing",
    "Retail",
    "Logistics",
    "Healthcare",
];
const JA_EMP: &[&str] = &["1～49名", "50～99名", "100～499名", "1000名以上", "300"];
const EN_EMP: &[&str] = &["1-49", "50-99", "100-499", "\"1,000+\"", "250"];
const JA_SRC: &[&str] = &["展示会", "Webフォーム", "資料請求", "セミナー", "紹介"];
const EN_SRC: &[&str] = &[
    "Organic Search",
    "Paid Social",
    "Trade Show",
    "Webinar",
    "Referral",
];

/// A small deterministic generator (the same file every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
    fn digits(&mut self, n: u32) -> String {
        let v = self.next() % 10u64.pow(n);
        format!("{v:0width$}", width = n as usize)
    }
}

fn generate(path: &Path, rows: usize) -> std::io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(
        w,
        "Full Name,Company Name,Department,Job Title,Email,Phone Number,Mobile Phone Number,Industry,Number of Employees,Original Source,Create Date"
    )?;
    let mut g = Lcg(42);
    for i in 0..rows {
        if i % 2 == 0 {
            let (f, fr) = FAMILY[(g.next() as usize) % FAMILY.len()];
            let (n, nr) = GIVEN[(g.next() as usize) % GIVEN.len()];
            let mobile = if g.next() % 2 == 0 {
                format!("090-{}-{}", g.digits(4), g.digits(4))
            } else {
                String::new()
            };
            writeln!(
                w,
                "{f} {n},{}{}株式会社,{},{},{nr}.{fr}{i}@example.co.jp,03-{}-{},{mobile},{},{},{},2026/{}/{} {}:{:02}",
                g.pick(JA_CO),
                g.pick(JA_CO2),
                g.pick(JA_DEPT),
                g.pick(JA_TITLE),
                (g.next() % 9000) + 1000,
                g.digits(4),
                g.pick(JA_IND),
                g.pick(JA_EMP),
                g.pick(JA_SRC),
                g.next() % 12 + 1,
                g.next() % 28 + 1,
                g.next() % 10 + 9,
                g.next() % 60,
            )?;
        } else {
            let (f, l) = (g.pick(FIRST), g.pick(LAST));
            let mobile = if g.next() % 2 == 0 {
                format!("+1 (415) {}-{}", g.next() % 800 + 200, g.digits(4))
            } else {
                String::new()
            };
            writeln!(
                w,
                "{f} {l},\"{} {}\",{},{},{}.{}{i}@example.com,+1 212-{}-{},{mobile},{},{},{},{}/{}/2026 {}:{:02} {}",
                g.pick(EN_CO),
                g.pick(EN_CO2),
                g.pick(EN_DEPT),
                g.pick(EN_TITLE),
                f.to_lowercase(),
                l.to_lowercase(),
                g.next() % 800 + 200,
                g.digits(4),
                g.pick(EN_IND),
                g.pick(EN_EMP),
                g.pick(EN_SRC),
                g.next() % 12 + 1,
                g.next() % 28 + 1,
                g.next() % 12 + 1,
                g.next() % 60,
                if g.next() % 2 == 0 { "AM" } else { "PM" },
            )?;
        }
    }
    w.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let rows: usize = value("--rows").map_or(Ok(1_000_000), |r| r.parse())?;
    if let Some(path) = value("--generate") {
        generate(Path::new(&path), rows)?;
        println!("wrote {rows} rows to {path}");
        return Ok(());
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data");
    std::fs::create_dir_all(&dir)?;
    let csv = dir.join(format!("import-{rows}.csv"));
    if !csv.exists() {
        let t = Instant::now();
        generate(&csv, rows)?;
        println!("generated {} in {:.1?}", csv.display(), t.elapsed());
    }
    let tmp = tempfile::tempdir_in(&dir)?;
    let mut store = Store::open(&tmp.path().join("bench.db"))?;
    let options = ImportOptions::new(&Config::default(), chrono::Utc::now());
    let start = Instant::now();
    let mut marks: Vec<(ImportPhase, std::time::Duration)> = Vec::new();
    let report = import_file(&mut store, &csv, &options, &mut |p| {
        if marks.last().is_none_or(|(ph, _)| *ph != p.phase) {
            marks.push((p.phase, start.elapsed()));
        }
    })?;
    let total = start.elapsed();
    println!(
        "leadbench import: {} rows, {} imported, {} rejected in {:.2?} ({:.0} rows/s)",
        report.rows,
        report.imported,
        report.rejected.len(),
        total,
        report.rows as f64 / total.as_secs_f64()
    );
    for (phase, at) in marks {
        println!("  {phase:?} from {at:.2?}");
    }
    Ok(())
}
