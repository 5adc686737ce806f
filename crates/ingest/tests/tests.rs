//! Integration tests of bedside-ingest on the fixtures in `datasets/fixtures/ingest/`.

mod util;

mod presets;
mod robustness;
