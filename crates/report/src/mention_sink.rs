//! Writes `mentions.csv` and `mentions.parquet` row by row, so that the mentions table of any
//! number of mentions is written with bounded memory: CSV records go straight to a buffered
//! file, and Parquet gets one row group per [`ROW_GROUP_ROWS`] rows through polars' batched
//! writer.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use polars::io::parquet::write::BatchedWriter;
use polars::prelude::{ParquetWriter, StatisticsOptions};

use crate::frame::MENTION_COLUMNS;
use crate::mention_columns::MentionColumns;
use crate::row_ref::RowRef;
use crate::{Error, Result};

/// Rows per Parquet row group: the rows held in memory before they are encoded. Files written
/// by a stream and by [`Report::write_dir`](crate::Report::write_dir) use the same size, so
/// the same mentions always give the same bytes.
pub(crate) const ROW_GROUP_ROWS: usize = 16_384;

/// The two mention tables of an output directory, open for writing.
pub(crate) struct MentionSink {
    csv: csv::Writer<BufWriter<File>>,
    csv_path: PathBuf,
    parquet: BatchedWriter<SharedFile>,
    parquet_file: SharedFile,
    parquet_path: PathBuf,
    /// The row group being filled.
    pending: MentionColumns,
}

impl MentionSink {
    /// Creates (or replaces) `mentions.csv` and `mentions.parquet` in `out` and writes the CSV
    /// header.
    pub(crate) fn create(out: &Path) -> Result<MentionSink> {
        std::fs::create_dir_all(out)
            .map_err(|source| Error::Io { path: out.to_path_buf(), source })?;
        let csv_path = out.join("mentions.csv");
        let parquet_path = out.join("mentions.parquet");
        let mut csv = csv::Writer::from_writer(BufWriter::new(create(&csv_path)?));
        csv.write_record(MENTION_COLUMNS).map_err(|err| encode_error(&csv_path, &err))?;
        let schema =
            MentionColumns::frame(true, &[]).map_err(Error::aggregate)?.schema().as_ref().clone();
        let parquet_file = SharedFile(Arc::new(Mutex::new(BufWriter::new(create(&parquet_path)?))));
        let parquet = ParquetWriter::new(parquet_file.clone())
            .with_statistics(StatisticsOptions::default())
            .batched(&schema)
            .map_err(|err| encode_error(&parquet_path, &err))?;
        Ok(MentionSink {
            csv,
            csv_path,
            parquet,
            parquet_file,
            parquet_path,
            pending: MentionColumns::new(true, ROW_GROUP_ROWS),
        })
    }

    /// Appends one row to both tables.
    pub(crate) fn write(&mut self, row: &RowRef<'_>) -> Result<()> {
        self.pending
            .push_with_csv(row, &mut self.csv)
            .map_err(|err| encode_error(&self.csv_path, &err))?;
        if self.pending.len() >= ROW_GROUP_ROWS {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn flush_row_group(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let frame = self.pending.take_frame().map_err(Error::aggregate)?;
        self.parquet.write_batch(&frame).map_err(|err| encode_error(&self.parquet_path, &err))
    }

    /// Writes the last row group and the Parquet footer, and flushes both files.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.flush_row_group()?;
        self.parquet.finish().map_err(|err| encode_error(&self.parquet_path, &err))?;
        let MentionSink { csv, csv_path, mut parquet_file, parquet_path, .. } = self;
        let mut inner = csv
            .into_inner()
            .map_err(|err| Error::Io { path: csv_path.clone(), source: err.into_error() })?;
        inner.flush().map_err(|source| Error::Io { path: csv_path, source })?;
        parquet_file.flush().map_err(|source| Error::Io { path: parquet_path, source })
    }
}

/// The Parquet file, shared with polars' batched writer (which keeps its writer to itself), so
/// that the last buffered bytes can be flushed with their error checked.
#[derive(Clone)]
struct SharedFile(Arc<Mutex<BufWriter<File>>>);

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock()?.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock()?.flush()
    }
}

impl SharedFile {
    fn lock(&self) -> std::io::Result<std::sync::MutexGuard<'_, BufWriter<File>>> {
        self.0.lock().map_err(|_| std::io::Error::other("the Parquet writer panicked"))
    }
}

fn encode_error(path: &Path, err: &dyn std::fmt::Display) -> Error {
    Error::Encode { path: path.to_path_buf(), message: err.to_string() }
}

fn create(path: &Path) -> Result<File> {
    File::create(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}
