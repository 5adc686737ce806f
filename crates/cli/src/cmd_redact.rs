//! `bedside redact`: a PHI-redacted copy of an export, in the same format.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use bedside::ingest::{Compression, Container, MentionField};
use bedside::score::phi::{PhiDetector, REPLY_COLUMNS};
use clap::Args;

use crate::Outcome;
use crate::args::InputArgs;

/// `bedside redact`.
#[derive(Debug, Args)]
pub struct RedactArgs {
    /// The export file (CSV/TSV, JSON or JSON Lines, uncompressed UTF-8).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the redacted copy here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
}

pub fn run(args: &RedactArgs) -> anyhow::Result<Outcome> {
    let builder = args.input.reader_builder()?;
    let reader =
        builder.open(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let detection = reader.detection().clone();
    drop(reader);
    if detection.compression != Compression::None {
        bail!("{}: bedside redact reads uncompressed files; decompress it first", detection.file);
    }
    if !detection.encoding.starts_with("UTF-8") {
        bail!(
            "{}: bedside redact reads UTF-8 files (this one is {})",
            detection.file,
            detection.encoding
        );
    }
    let Some((_, text_column)) = detection.fields.iter().find(|(f, _)| *f == MentionField::Text)
    else {
        bail!("{}: no text column found; name it with --text-col", detection.file);
    };
    let mut columns: Vec<&str> = vec![text_column.as_str()];
    columns.extend(REPLY_COLUMNS.iter().copied().filter(|c| *c != text_column));
    let detector = PhiDetector::new();
    let data =
        fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let data = data.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&data);
    let redacted = match detection.container {
        Container::Csv { delimiter } => {
            let preamble = detection.header_row.unwrap_or(1).saturating_sub(1);
            redact_csv(data, delimiter, preamble, &columns, &detector)
                .with_context(|| format!("cannot redact {}", detection.file))?
        }
        Container::JsonLines => redact_jsonl(data, &columns, &detector)?,
        Container::Json => {
            let mut value: serde_json::Value = serde_json::from_slice(data).map_err(|e| {
                anyhow::anyhow!("{}: invalid JSON at line {}", detection.file, e.line())
            })?;
            redact_value(&mut value, &columns, &detector);
            let mut out = serde_json::to_vec_pretty(&value)?;
            out.push(b'\n');
            out
        }
        _ => bail!("{}: unsupported container", detection.file),
    };
    write_output(args.out.as_deref(), &redacted)?;
    Ok(Outcome::Ok)
}

fn write_output(out: Option<&Path>, data: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            fs::write(path, data).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(data)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Copies the preamble lines, then rewrites each record with the `columns` redacted. Ragged
/// records are copied with the same fields.
fn redact_csv(
    data: &[u8],
    delimiter: u8,
    n_preamble: u64,
    columns: &[&str],
    detector: &PhiDetector,
) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    for _ in 0..n_preamble {
        let end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        out.extend_from_slice(&rest[..end]);
        rest = &rest[end..];
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(rest);
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(out);
    let mut targets: Vec<usize> = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line()) + n_preamble;
            anyhow::anyhow!("malformed CSV near line {line}")
        })?;
        if index == 0 {
            targets = record
                .iter()
                .enumerate()
                .filter(|(_, name)| columns.iter().any(|c| c.as_bytes() == *name))
                .map(|(at, _)| at)
                .collect();
            writer.write_byte_record(&record)?;
            continue;
        }
        let fields: Vec<Vec<u8>> = record
            .iter()
            .enumerate()
            .map(|(at, field)| match std::str::from_utf8(field) {
                Ok(text) if targets.contains(&at) => detector.redact(text).into_bytes(),
                _ => field.to_vec(),
            })
            .collect();
        writer.write_record(&fields)?;
    }
    writer.flush()?;
    writer.into_inner().map_err(|e| anyhow::anyhow!("cannot finish the CSV: {}", e.error()))
}

/// Rewrites each line that is a JSON object with the `columns` (dotted paths) redacted; other
/// lines (blank, broken) are copied as they are.
fn redact_jsonl(data: &[u8], columns: &[&str], detector: &PhiDetector) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    for line in data.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(mut value) if value.is_object() => {
                redact_value(&mut value, columns, detector);
                serde_json::to_writer(&mut out, &value)?;
                out.extend_from_slice(&line[body.len()..]);
            }
            _ => out.extend_from_slice(line),
        }
    }
    Ok(out)
}

/// Redacts, in every object of `value` (at any depth), the strings at the dotted `paths`.
fn redact_value(value: &mut serde_json::Value, paths: &[&str], detector: &PhiDetector) {
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                redact_value(item, paths, detector);
            }
        }
        serde_json::Value::Object(_) => {
            for path in paths {
                let pointer =
                    format!("/{}", path.replace('~', "~0").replace('/', "~1").replace('.', "/"));
                if let Some(serde_json::Value::String(text)) = value.pointer_mut(&pointer) {
                    *text = detector.redact(text);
                }
            }
            if let serde_json::Value::Object(map) = value {
                for child in map.values_mut() {
                    if child.is_array() {
                        redact_value(child, paths, detector);
                    }
                }
            }
        }
        _ => {}
    }
}
