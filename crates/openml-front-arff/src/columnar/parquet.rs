//! Parquet input, read one row group at a time.
//!
//! Note: Snappy- and LZ4-compressed and uncompressed files are read;
//! Zstandard, gzip, Brotli and LZO are refused with a message that says so.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use arrow::record_batch::RecordBatch;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::metadata::ParquetMetaData;

use super::{TextScan, arrow_reason, shapes};
use crate::convert::{ConvertOptions, Reporter, Source, open};
use crate::error::Result;
use crate::plan::ColumnPlan;
use crate::{ConversionError, InputFormat};

/// The four bytes a Parquet file starts and ends with.
const PARQUET_MAGIC: &[u8; 4] = b"PAR1";

/// A Parquet file read in two passes.
pub(crate) struct ParquetSource<'a> {
    path: &'a Path,
    options: &'a ConvertOptions,
}

impl<'a> ParquetSource<'a> {
    pub(crate) fn new(path: &'a Path, options: &'a ConvertOptions) -> Self {
        Self { path, options }
    }

    fn builder(&self) -> Result<ParquetRecordBatchReaderBuilder<File>> {
        ParquetRecordBatchReaderBuilder::try_new(open(self.path)?)
            .map(|builder| builder.with_batch_size(self.options.batch_rows.max(1)))
            .map_err(invalid)
    }
}

impl Source for ParquetSource<'_> {
    fn scan(&mut self, reporter: &mut Reporter<'_>) -> Result<Vec<ColumnPlan>> {
        check_signature(&mut open(self.path)?)?;

        let builder = self.builder()?;
        check_compression(builder.metadata())?;
        if builder.metadata().file_metadata().num_rows() == 0 {
            return Err(ConversionError::NoRows {
                format: InputFormat::Parquet,
            });
        }

        let schema = builder.schema().clone();
        let shapes = shapes(&schema)?;
        let mut scan = TextScan::new(&shapes, self.options.max_nominal_values);
        let projection = scan.projection();

        if !projection.is_empty() {
            let mask = ProjectionMask::roots(builder.parquet_schema(), projection);
            let reader = builder.with_projection(mask).build().map_err(invalid)?;

            for batch in reader {
                let batch = batch.map_err(|err| unreadable(&err))?;
                scan.observe(&batch)?;
                reporter.advance(batch.num_rows());
            }
        }

        Ok(scan.into_plans(&schema, shapes))
    }

    fn stream(
        &mut self,
        _plans: &[ColumnPlan],
        sink: &mut dyn FnMut(RecordBatch) -> Result<()>,
    ) -> Result<()> {
        let reader = self.builder()?.build().map_err(invalid)?;

        for batch in reader {
            sink(batch.map_err(|err| unreadable(&err))?)?;
        }
        Ok(())
    }
}

/// Fails unless the file starts and ends with the Parquet signature.
fn check_signature(file: &mut File) -> Result<()> {
    let mut head = [0; 4];
    let mut tail = [0; 4];

    let readable = file.read_exact(&mut head).is_ok()
        && file.seek(SeekFrom::End(-4)).is_ok()
        && file.read_exact(&mut tail).is_ok();

    if readable && &head == PARQUET_MAGIC && &tail == PARQUET_MAGIC {
        return Ok(());
    }
    Err(ConversionError::InvalidParquet {
        reason: "it does not start and end with the Parquet signature PAR1".to_owned(),
    })
}

/// Fails when a column chunk uses a codec this build does not read.
fn check_compression(metadata: &ParquetMetaData) -> Result<()> {
    let chunks = metadata
        .row_groups()
        .iter()
        .flat_map(|group| group.columns());

    for chunk in chunks {
        let codec = match chunk.compression() {
            Compression::UNCOMPRESSED
            | Compression::SNAPPY
            | Compression::LZ4
            | Compression::LZ4_RAW => continue,
            Compression::ZSTD(_) => "Zstandard",
            Compression::GZIP(_) => "gzip",
            Compression::BROTLI(_) => "Brotli",
            Compression::LZO => "LZO",
        };

        return Err(ConversionError::UnsupportedCompression {
            format: InputFormat::Parquet,
            codec: codec.to_owned(),
        });
    }
    Ok(())
}

fn invalid(err: ParquetError) -> ConversionError {
    let reason = match err {
        ParquetError::General(m) | ParquetError::EOF(m) | ParquetError::NYI(m) => m,
        other => other.to_string(),
    };
    ConversionError::InvalidParquet { reason }
}

fn unreadable(err: &arrow::error::ArrowError) -> ConversionError {
    ConversionError::InvalidParquet {
        reason: arrow_reason(err),
    }
}
