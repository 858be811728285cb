//! The conversion entry points: options, progress, and the two passes
//! every non-ARFF input goes through (see the crate documentation).

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::time::Instant;

use arrow::record_batch::RecordBatch;

use crate::columnar::feather::FeatherSource;
use crate::columnar::parquet::ParquetSource;
use crate::error::Result;
use crate::plan::ColumnPlan;
use crate::text::csv::CsvSource;
use crate::text::json::JsonSource;
use crate::writer::ArffWriter;
use crate::{ConversionError, ConversionSummary, InputFormat, validate};

/// How a conversion decides types and sizes its batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertOptions {
    /// The most distinct values a text column may have and still become a
    /// NOMINAL attribute; past it the column becomes STRING.
    pub max_nominal_values: usize,
    /// The number of rows in each record batch.
    pub batch_rows: usize,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        Self {
            max_nominal_values: 100,
            batch_rows: 8192,
        }
    }
}

/// The pass a [`Progress`] report comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The first pass, which checks the file and decides the types.
    Scanning,
    /// The second pass, which writes the ARFF rows.
    Writing,
}

/// A progress report, sent after each record batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The pass that is running.
    pub stage: Stage,
    /// The rows handled so far in this pass.
    pub rows: u64,
}

/// A callback that receives [`Progress`] reports.
pub type ProgressFn<'a> = &'a mut dyn FnMut(Progress);

/// Converts a dataset file to ARFF with the default [`ConvertOptions`].
///
/// `relation` names the data set on the `@relation` line. ARFF input is
/// validated and copied through unchanged, keeping its own relation name.
/// `progress`, when given, is called after every record batch.
///
/// ```no_run
/// use std::path::Path;
/// use openml_front_arff::{InputFormat, convert_to_arff};
///
/// let mut arff = Vec::new();
/// let summary = convert_to_arff(
///     Path::new("upload.csv"),
///     InputFormat::Csv,
///     "my-dataset",
///     &mut arff,
///     None,
/// )?;
/// println!("{} rows, {} attributes", summary.rows, summary.attributes.len());
/// # Ok::<(), openml_front_arff::ConversionError>(())
/// ```
pub fn convert_to_arff(
    input: &Path,
    format: InputFormat,
    relation: &str,
    output: &mut impl Write,
    progress: Option<ProgressFn<'_>>,
) -> Result<ConversionSummary> {
    let options = ConvertOptions::default();
    convert_to_arff_with(input, format, relation, output, &options, progress)
}

/// Converts a dataset file to ARFF with the given options.
///
/// See [`convert_to_arff`]; on error the output holds an incomplete file.
pub fn convert_to_arff_with(
    input: &Path,
    format: InputFormat,
    relation: &str,
    output: &mut impl Write,
    options: &ConvertOptions,
    progress: Option<ProgressFn<'_>>,
) -> Result<ConversionSummary> {
    let started = Instant::now();
    let mut reporter = Reporter::new(progress);

    ensure_not_empty(input)?;

    let summary = match source_for(input, format, options) {
        Some(mut source) => convert_source(source.as_mut(), relation, output, &mut reporter)?,
        None => copy_arff(input, output)?,
    };

    tracing::info!(
        %format,
        rows = summary.rows,
        attributes = summary.attributes.len(),
        elapsed_ms = started.elapsed().as_millis(),
        "converted upload to ARFF"
    );
    Ok(summary)
}

/// A file that can be read twice: once to decide the columns, once to
/// stream its rows.
pub(crate) trait Source {
    /// Reads the whole file, checks it and decides each column's plan.
    fn scan(&mut self, reporter: &mut Reporter<'_>) -> Result<Vec<ColumnPlan>>;

    /// Reads the file again and hands its rows to `sink` in record batches
    /// whose columns follow the plans.
    fn stream(
        &mut self,
        plans: &[ColumnPlan],
        sink: &mut dyn FnMut(RecordBatch) -> Result<()>,
    ) -> Result<()>;
}

/// The two-pass reader for a format; ARFF has none, it is copied through.
fn source_for<'a>(
    input: &'a Path,
    format: InputFormat,
    options: &'a ConvertOptions,
) -> Option<Box<dyn Source + 'a>> {
    match format {
        InputFormat::Arff => None,
        InputFormat::Csv => Some(Box::new(CsvSource::new(input, options))),
        InputFormat::Json => Some(Box::new(JsonSource::new(input, options))),
        InputFormat::Parquet => Some(Box::new(ParquetSource::new(input, options))),
        InputFormat::Feather => Some(Box::new(FeatherSource::new(input, options))),
    }
}

fn convert_source(
    source: &mut dyn Source,
    relation: &str,
    output: &mut impl Write,
    reporter: &mut Reporter<'_>,
) -> Result<ConversionSummary> {
    reporter.start(Stage::Scanning);
    let plans = source.scan(reporter)?;

    reporter.start(Stage::Writing);
    let mut writer = ArffWriter::start(output, relation, &plans)?;
    source.stream(&plans, &mut |batch| {
        writer.write_batch(&batch)?;
        reporter.advance(batch.num_rows());
        Ok(())
    })?;

    writer.finish()
}

fn ensure_not_empty(input: &Path) -> Result<()> {
    let metadata = std::fs::metadata(input).map_err(ConversionError::Read)?;

    if metadata.len() == 0 {
        return Err(ConversionError::EmptyFile);
    }
    Ok(())
}

/// Validates an ARFF upload, then copies it to `output` byte for byte.
fn copy_arff(input: &Path, output: &mut impl Write) -> Result<ConversionSummary> {
    let summary = validate::validate_arff(BufReader::new(open(input)?))?;
    if summary.rows == 0 {
        return Err(ConversionError::NoRows {
            format: InputFormat::Arff,
        });
    }

    copy_bytes(&mut open(input)?, output)?;

    Ok(ConversionSummary {
        rows: summary.rows,
        attributes: summary.attributes,
    })
}

fn copy_bytes(input: &mut impl Read, output: &mut impl Write) -> Result<()> {
    let mut buffer = vec![0; 64 * 1024];

    loop {
        let read = match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(ConversionError::Read(err)),
        };
        output
            .write_all(&buffer[..read])
            .map_err(ConversionError::Write)?;
    }

    output.flush().map_err(ConversionError::Write)
}

/// Opens an input file, mapping failure to a read error.
pub(crate) fn open(input: &Path) -> Result<File> {
    File::open(input).map_err(ConversionError::Read)
}

/// Counts rows per pass, logs every so many batches and forwards reports to
/// the caller's callback.
pub(crate) struct Reporter<'a> {
    callback: Option<ProgressFn<'a>>,
    stage: Stage,
    rows: u64,
    batches: u64,
}

impl<'a> Reporter<'a> {
    /// How many batches pass between two debug log lines.
    const LOG_EVERY_BATCHES: u64 = 64;

    fn new(callback: Option<ProgressFn<'a>>) -> Self {
        Self {
            callback,
            stage: Stage::Scanning,
            rows: 0,
            batches: 0,
        }
    }

    fn start(&mut self, stage: Stage) {
        self.stage = stage;
        self.rows = 0;
        self.batches = 0;
    }

    /// Records that a batch of `rows` rows was handled.
    pub(crate) fn advance(&mut self, rows: usize) {
        self.rows += rows as u64;
        self.batches += 1;

        if self.batches.is_multiple_of(Self::LOG_EVERY_BATCHES) {
            tracing::debug!(stage = ?self.stage, rows = self.rows, "conversion progress");
        }
        if let Some(callback) = self.callback.as_mut() {
            callback(Progress {
                stage: self.stage,
                rows: self.rows,
            });
        }
    }
}
