//! Speed and peak memory of converting uploads to ARFF.
//!
//! Run it with:
//!
//! ```text
//! cargo bench -p openml-front-arff --bench convert
//! ```
//!
//! It writes a CSV of mixed columns (`ARFF_BENCH_MB` megabytes, 200 by
//! default) to a temporary folder, converts it and the Parquet fixture
//! from the shared folder, and prints MB/s and peak memory. Each conversion
//! runs in a child process of this binary, so the peak (`VmHWM`) is that
//! conversion's own.
//!
//! When `python3` (or the interpreter named by `ARFF_BENCH_PYTHON`) can
//! import `pandas` and `arff` (liac-arff), the same CSV is also converted
//! the old way, `pandas.read_csv` then `arff.dump`, and the ratios of ours to
//! theirs are printed. Figures only: nothing here asserts on timings.

use std::env;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use openml_front_arff::{InputFormat, convert_to_arff};

/// The argument that makes this binary convert one file and report.
const CHILD_FLAG: &str = "--convert-child";

const MEGABYTE: f64 = 1_000_000.0;

/// Converts one file the old way and prints `rows seconds cpu_seconds
/// peak_kib`.
const PYTHON_CONVERTER: &str = r#"
import resource, sys, time
import arff, pandas

source, target = sys.argv[1], sys.argv[2]
started = time.perf_counter()
cpu_started = time.process_time()
frame = pandas.read_csv(source)
attributes = []
for name, dtype in frame.dtypes.items():
    if dtype.kind in "iu":
        attributes.append((name, "INTEGER"))
    elif dtype.kind == "f":
        attributes.append((name, "REAL"))
    elif dtype.kind == "b":
        attributes.append((name, ["False", "True"]))
        frame[name] = frame[name].astype(str)
    else:
        attributes.append((name, "STRING"))
rows = frame.astype(object).where(frame.notna(), None).values.tolist()
with open(target, "w") as out:
    arff.dump({"relation": "bench", "attributes": attributes, "data": rows}, out)
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu_started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(rows), elapsed, cpu, peak)
"#;

/// What one conversion reported.
struct Run {
    rows: u64,
    seconds: f64,
    cpu_seconds: f64,
    peak_kib: u64,
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().collect();

    let outcome = match args.iter().position(|arg| arg == CHILD_FLAG) {
        Some(at) => convert_in_child(&args[at + 1..]),
        None => run_all(),
    };

    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_all() -> Result<(), String> {
    let megabytes = env::var("ARFF_BENCH_MB")
        .ok()
        .and_then(|mb| mb.parse::<u64>().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;

    let csv = dir.path().join("bench.csv");
    let started = Instant::now();
    let written = write_csv(&csv, megabytes * 1_000_000).map_err(|e| e.to_string())?;
    println!(
        "generated {csv_mb:.1} MB of CSV ({written} rows) in {:.1} s",
        started.elapsed().as_secs_f64(),
        csv_mb = file_mb(&csv),
    );

    let ours = run_ours(&csv, &dir.path().join("ours.arff"))?;
    report("ours, CSV", &csv, &ours);

    bench_parquet_fixture(dir.path())?;
    compare_with_python(&csv, &dir.path().join("theirs.arff"), &ours);
    Ok(())
}

fn bench_parquet_fixture(dir: &Path) -> Result<(), String> {
    let parquet = fixtures_root().join("openml-api/datasets/dataset_30.parquet");

    if !parquet.exists() {
        println!("parquet fixture: skipped, {} is absent", parquet.display());
        return Ok(());
    }

    let run = run_ours(&parquet, &dir.join("fixture.arff"))?;
    report("ours, Parquet fixture", &parquet, &run);
    Ok(())
}

fn compare_with_python(csv: &Path, target: &Path, ours: &Run) {
    let python = env::var("ARFF_BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());

    if let Err(why) = python_can_convert(&python) {
        println!("pandas + liac-arff: comparison skipped, {why}");
        return;
    }

    match run_python(&python, csv, target) {
        Ok(theirs) => {
            report("pandas + liac-arff, CSV", csv, &theirs);
            println!(
                "ratio ours/theirs: time {:.3}, CPU time {:.3}, peak memory {:.3}",
                ours.seconds / theirs.seconds,
                ours.cpu_seconds / theirs.cpu_seconds,
                ours.peak_kib as f64 / theirs.peak_kib as f64
            );
        }
        Err(why) => println!("pandas + liac-arff: comparison skipped, {why}"),
    }
}

fn python_can_convert(python: &str) -> Result<(), String> {
    let output = Command::new(python)
        .args(["-c", "import pandas, arff"])
        .output()
        .map_err(|e| format!("{python} could not be started ({e})"))?;

    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last_line = stderr.lines().last().unwrap_or("import failed");
    Err(format!("{python} cannot import them ({last_line})"))
}

fn run_python(python: &str, csv: &Path, target: &Path) -> Result<Run, String> {
    let output = Command::new(python)
        .args(["-c", PYTHON_CONVERTER])
        .arg(csv)
        .arg(target)
        .output()
        .map_err(|e| e.to_string())?;

    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    parse_run(&String::from_utf8_lossy(&output.stdout))
}

/// Converts `input` in a child process of this binary.
fn run_ours(input: &Path, target: &Path) -> Result<Run, String> {
    let exe = env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .arg(CHILD_FLAG)
        .arg(input)
        .arg(target)
        .output()
        .map_err(|e| e.to_string())?;

    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    parse_run(&String::from_utf8_lossy(&output.stdout))
}

/// The child's side: convert, then print `rows seconds cpu_seconds
/// peak_kib`.
fn convert_in_child(args: &[String]) -> Result<(), String> {
    let [input, target] = args else {
        return Err(format!("{CHILD_FLAG} takes an input and an output path"));
    };
    let input = PathBuf::from(input);
    let format = InputFormat::from_file_name(&input.to_string_lossy())
        .ok_or_else(|| format!("no format for {}", input.display()))?;
    let mut out = File::create(target).map_err(|e| e.to_string())?;

    let cpu_started = cpu_seconds()?;
    let started = Instant::now();
    let summary =
        convert_to_arff(&input, format, "bench", &mut out, None).map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds()? - cpu_started;

    println!("{} {seconds} {cpu} {}", summary.rows, peak_kib()?);
    Ok(())
}

fn parse_run(line: &str) -> Result<Run, String> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let bad = || format!("unexpected report '{}'", line.trim());

    let [rows, seconds, cpu_seconds, peak_kib] = fields.as_slice() else {
        return Err(bad());
    };
    Ok(Run {
        rows: rows.parse().map_err(|_| bad())?,
        seconds: seconds.parse().map_err(|_| bad())?,
        cpu_seconds: cpu_seconds.parse().map_err(|_| bad())?,
        peak_kib: peak_kib.parse().map_err(|_| bad())?,
    })
}

/// This process's peak resident memory in KiB, from `/proc/self/status`.
fn peak_kib() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| e.to_string())?;

    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmHWM in /proc/self/status".to_owned())
}

/// This process's user and system CPU time in seconds, from
/// `/proc/self/stat` (in ticks of 1/100 s, Linux's fixed user tick).
fn cpu_seconds() -> Result<f64, String> {
    let stat = std::fs::read_to_string("/proc/self/stat").map_err(|e| e.to_string())?;
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();

    // utime and stime are the 14th and 15th fields; the state, 3rd, comes
    // first after the name.
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => Ok((user + system) as f64 / 100.0),
        _ => Err("unexpected /proc/self/stat".to_owned()),
    }
}

fn report(label: &str, input: &Path, run: &Run) {
    let mb = file_mb(input);
    // CPU time is counted in hundredths of a second: too coarse for a
    // conversion that takes a few milliseconds.
    let cpu = if run.cpu_seconds >= 0.05 {
        format!(
            "CPU {:.2} s = {:.1} MB/s",
            run.cpu_seconds,
            mb / run.cpu_seconds
        )
    } else {
        "CPU under 0.05 s".to_owned()
    };

    println!(
        "{label}: {mb:.2} MB, {} rows in {:.3} s = {:.1} MB/s ({cpu}), peak memory {:.1} MiB",
        run.rows,
        run.seconds,
        mb / run.seconds,
        run.peak_kib as f64 / 1024.0
    );
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / MEGABYTE)
}

/// Writes a CSV of about `bytes` bytes with integer, float, boolean,
/// categorical, free-text, date and timestamp columns, some cells missing.
fn write_csv(path: &Path, bytes: u64) -> std::io::Result<u64> {
    const CATEGORIES: [&str; 6] = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let mut out = BufWriter::new(File::create(path)?);
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut written = 0u64;
    let mut rows = 0u64;

    let header = "id,amount,ratio,flag,category,comment,day,moment\n";
    out.write_all(header.as_bytes())?;
    written += header.len() as u64;

    while written < bytes {
        let r = random.next();
        let amount = if r.is_multiple_of(50) {
            String::new()
        } else {
            format!("{:.2}", (r % 1_000_000) as f64 / 7.0)
        };
        let comment = match r % 4 {
            0 => format!("\"said \"\"hello\"\", row {rows}\""),
            1 => String::new(),
            _ => format!("note {}", r % 100_000),
        };
        let day = start + Duration::days((r % 9000) as i64);
        let line = format!(
            "{rows},{amount},{},{},{},{comment},{day},{day}T{:02}:{:02}:{:02}\n",
            random.unit(),
            r.is_multiple_of(3),
            CATEGORIES[(r % 6) as usize],
            r % 24,
            r % 60,
            (r / 60) % 60,
        );

        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
        rows += 1;
    }

    out.flush()?;
    Ok(rows)
}

/// A small deterministic generator, so every run converts the same file.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The shared fixtures: `OPENML_FRONT_FIXTURES`, or `../shared/fixtures`
/// beside the repository.
fn fixtures_root() -> PathBuf {
    match std::env::var_os("OPENML_FRONT_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures"),
    }
}
