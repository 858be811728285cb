//! Feather (version 2) input: an Arrow IPC file, read one batch at a time.
//!
//! Note: uncompressed and LZ4-compressed files (pandas' default) are read;
//! Zstandard-compressed ones are refused with a message that says so.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use arrow::error::ArrowError;
use arrow::ipc::reader::FileReader;
use arrow::record_batch::RecordBatch;

use super::{TextScan, arrow_reason, shapes};
use crate::convert::{ConvertOptions, Reporter, Source, open};
use crate::error::Result;
use crate::plan::ColumnPlan;
use crate::{ConversionError, InputFormat};

/// The bytes an Arrow IPC file starts with.
const ARROW_MAGIC: &[u8; 6] = b"ARROW1";

/// The bytes a Feather version 1 file starts with.
const FEATHER_V1_MAGIC: &[u8; 4] = b"FEA1";

/// A Feather file read in two passes.
pub(crate) struct FeatherSource<'a> {
    path: &'a Path,
    options: &'a ConvertOptions,
}

impl<'a> FeatherSource<'a> {
    pub(crate) fn new(path: &'a Path, options: &'a ConvertOptions) -> Self {
        Self { path, options }
    }

    fn reader(&self, projection: Option<Vec<usize>>) -> Result<FileReader<BufReader<File>>> {
        FileReader::try_new_buffered(open(self.path)?, projection).map_err(|err| invalid(&err))
    }
}

impl Source for FeatherSource<'_> {
    fn scan(&mut self, reporter: &mut Reporter<'_>) -> Result<Vec<ColumnPlan>> {
        check_signature(&mut open(self.path)?)?;

        let schema = self.reader(None)?.schema();
        let shapes = shapes(&schema)?;
        let mut scan = TextScan::new(&shapes, self.options.max_nominal_values);
        let mut rows = 0;

        for batch in self.reader(Some(scan.projection()))? {
            let batch = batch.map_err(|err| invalid(&err))?;
            scan.observe(&batch)?;
            rows += batch.num_rows();
            reporter.advance(batch.num_rows());
        }

        if rows == 0 {
            return Err(ConversionError::NoRows {
                format: InputFormat::Feather,
            });
        }
        Ok(scan.into_plans(&schema, shapes))
    }

    fn stream(
        &mut self,
        _plans: &[ColumnPlan],
        sink: &mut dyn FnMut(RecordBatch) -> Result<()>,
    ) -> Result<()> {
        for batch in self.reader(None)? {
            sink(batch.map_err(|err| invalid(&err))?)?;
        }
        Ok(())
    }
}

/// Fails unless the file starts like an Arrow IPC file, naming Feather
/// version 1 files as such.
fn check_signature(file: &mut File) -> Result<()> {
    let mut head = [0; 6];
    let read = file.read(&mut head).map_err(ConversionError::Read)?;

    let reason = if read == head.len() && &head == ARROW_MAGIC {
        return Ok(());
    } else if head.starts_with(FEATHER_V1_MAGIC) {
        "it is a Feather version 1 file; save it again with a current pandas or pyarrow"
    } else {
        "it does not start with the Arrow file signature ARROW1"
    };

    Err(ConversionError::InvalidFeather {
        reason: reason.to_owned(),
    })
}

fn invalid(err: &ArrowError) -> ConversionError {
    let reason = arrow_reason(err);

    if reason.contains("zstd") {
        return ConversionError::UnsupportedCompression {
            format: InputFormat::Feather,
            codec: "Zstandard".to_owned(),
        };
    }
    ConversionError::InvalidFeather { reason }
}
