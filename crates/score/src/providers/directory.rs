//! The provider directory and its CSV format.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use bedside_types::ProviderId;
use rustc_hash::FxHashMap;

use crate::tokenize::{TokenKind, Tokenizer};
use crate::{Error, Result};

/// The columns of `providers.csv`, in their usual order. Only `id` and `name` are required.
pub const COLUMNS: [&str; 8] =
    ["id", "name", "kind", "aliases", "handles", "location_ids", "parent_id", "own_handles"];

/// The most text (names, aliases and handles together) a directory may hold, far beyond any
/// real directory; it keeps the compiled matcher within its limits.
const MAX_NAME_BYTES: usize = 64 << 20;

/// One provider of a [`ProviderDirectory`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    /// The provider's id, unique in the directory.
    pub id: ProviderId,
    /// The provider's name (`St. Mary's Hospital`).
    pub name: String,
    /// A lowercase word: `hospital`, `clinic`, `doctor`, `practice`, `pharmacy`, `other`...
    pub kind: String,
    /// Other names the provider goes by (`St Mary's`, `Dr. Patel`).
    pub aliases: Vec<String>,
    /// Social handles, as written in the directory (with or without `@`).
    pub handles: Vec<String>,
    /// Location ids on review sites (Google, Yelp).
    pub location_ids: Vec<String>,
    /// The provider this one belongs to (a doctor's clinic, a clinic's hospital).
    pub parent_id: Option<ProviderId>,
    /// The social accounts the provider itself posts from, as written in the directory (with
    /// or without `@`). A mention authored by one of them is the organization talking, and is
    /// checked for HIPAA risks (see [`crate::phi::RiskCues`]).
    pub own_handles: Vec<String>,
}

/// The known providers, read from a CSV file.
///
/// The file has a header row with the columns `id,name,kind,aliases,handles,location_ids,
/// parent_id,own_handles` in any order; only `id` and `name` are required and other columns are
/// ignored. `aliases`, `handles`, `location_ids` and `own_handles` hold several values
/// separated by `|`. `handles` are the accounts a mention can be addressed to; `own_handles`
/// are the accounts the provider posts from (often the same ones). Fields are
/// trimmed. An empty `kind` means `other`.
///
/// A directory is valid by construction: ids are non-empty, unique and not `unknown`; every
/// provider has a name; names and aliases contain a word; handles are letters, digits and `_`
/// (after an optional `@`); no handle or location id belongs to two providers; parents exist
/// and form no cycle. Errors name the file, the row (the 1-based line; the header is row 1) and
/// the column.
#[derive(Clone, Debug, Default)]
pub struct ProviderDirectory {
    providers: Vec<Provider>,
    by_id: HashMap<String, usize>,
    parents: Vec<Option<usize>>,
    /// Lowercased own handles (without `@`) to providers; looked up for every mention.
    own_accounts: FxHashMap<String, usize>,
}

impl ProviderDirectory {
    /// Reads a directory from a CSV file.
    pub fn from_path(path: &Path) -> Result<ProviderDirectory> {
        let file = std::fs::File::open(path)
            .map_err(|source| Error::Io { path: path.to_owned(), source })?;
        ProviderDirectory::read(&path.display().to_string(), &mut std::io::BufReader::new(file))
    }

    /// Reads a directory from CSV data; `name` stands for the file in errors.
    pub fn from_reader(name: &str, mut reader: impl Read) -> Result<ProviderDirectory> {
        ProviderDirectory::read(name, &mut reader)
    }

    /// The providers, in file order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// The provider with id `id`.
    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.index_of(id).map(|index| &self.providers[index])
    }

    /// The position of the provider with id `id` in [`ProviderDirectory::providers`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The provider whose own account (`own_handles`) is `author` (with or without `@`,
    /// ignoring case), and that account as written in the directory.
    pub fn own_account(&self, author: &str) -> Option<(&Provider, &str)> {
        let body = author.trim().trim_start_matches('@');
        if body.is_empty() {
            return None;
        }
        if self.own_accounts.is_empty() {
            return None;
        }
        // An ASCII handle is lowercased on the stack: this runs for every mention.
        let mut buffer = [0u8; 32];
        let &index = match buffer.get_mut(..body.len()) {
            Some(lower) if body.is_ascii() => {
                lower.copy_from_slice(body.as_bytes());
                lower.make_ascii_lowercase();
                let lower = std::str::from_utf8(lower).expect("BUG: ASCII is UTF-8");
                self.own_accounts.get(lower)
            }
            _ => self.own_accounts.get(&body.to_lowercase()),
        }?;
        let provider = &self.providers[index];
        let handle = provider
            .own_handles
            .iter()
            .find(|h| h.trim_start_matches('@').eq_ignore_ascii_case(body))
            .expect("BUG: own_accounts indexes own_handles");
        Some((provider, handle))
    }

    /// True if some provider has `own_handles`.
    pub fn has_own_accounts(&self) -> bool {
        !self.own_accounts.is_empty()
    }

    /// True if the directory has no provider.
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }

    /// The position of the parent of the provider at `index`.
    pub(crate) fn parent(&self, index: usize) -> Option<usize> {
        self.parents.get(index).copied().flatten()
    }

    /// True if the provider at `ancestor` is a parent, grandparent... of the one at `index`.
    pub(crate) fn is_ancestor(&self, ancestor: usize, mut index: usize) -> bool {
        // Parents form no cycle, so the walk ends within `len` steps.
        for _ in 0..self.providers.len() {
            match self.parent(index) {
                Some(parent) if parent == ancestor => return true,
                Some(parent) => index = parent,
                None => return false,
            }
        }
        false
    }

    fn read(file: &str, reader: &mut dyn Read) -> Result<ProviderDirectory> {
        let error = |row: u64, column: Option<&str>, message: String| Error::ProviderDirectory {
            file: file.to_owned(),
            row,
            column: column.map(str::to_owned),
            message,
        };
        let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(reader);
        let header = csv.headers().map_err(|err| csv_error(file, &err, None))?.clone();
        let position = |column: &str| header.iter().position(|h| h.eq_ignore_ascii_case(column));
        for (index, name) in header.iter().enumerate() {
            if header.iter().take(index).any(|h| h.eq_ignore_ascii_case(name)) {
                return Err(error(1, Some(name), "duplicate column".to_owned()));
            }
        }
        let [
            id_col,
            name_col,
            kind_col,
            aliases_col,
            handles_col,
            locations_col,
            parent_col,
            own_col,
        ] = COLUMNS.map(position);
        let (Some(id_col), Some(name_col)) = (id_col, name_col) else {
            let missing = if id_col.is_none() { "id" } else { "name" };
            return Err(error(1, None, format!("missing column `{missing}` in the header")));
        };

        let mut directory = ProviderDirectory::default();
        let mut rows: Vec<u64> = Vec::new();
        let mut parent_ids: Vec<Option<String>> = Vec::new();
        let mut handle_owners: HashMap<String, usize> = HashMap::new();
        let mut location_owners: HashMap<String, usize> = HashMap::new();
        let mut n_name_bytes = 0;
        for record in csv.records() {
            let record = record.map_err(|err| csv_error(file, &err, Some(&header)))?;
            let row = record.position().map_or(0, |p| p.line());
            let field = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("");
            let list = |col: Option<usize>| -> Vec<String> {
                field(col)
                    .split('|')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect()
            };
            let index = directory.providers.len();

            let id = field(Some(id_col));
            if id.is_empty() {
                return Err(error(row, Some("id"), "empty id".to_owned()));
            }
            if id == ProviderId::UNKNOWN {
                return Err(error(row, Some("id"), "the id `unknown` is reserved".to_owned()));
            }
            if let Some(&first) = directory.by_id.get(id) {
                let message = format!("duplicate id `{id}` (first on row {})", rows[first]);
                return Err(error(row, Some("id"), message));
            }
            let name = field(Some(name_col));
            if name.is_empty() {
                return Err(error(row, Some("name"), "missing name".to_owned()));
            }
            if !has_word(name) {
                return Err(error(row, Some("name"), format!("name {name:?} has no word")));
            }
            let kind = match field(kind_col) {
                "" => "other",
                kind if is_kind(kind) => kind,
                kind => {
                    let message = format!("kind {kind:?} is not a lowercase word");
                    return Err(error(row, Some("kind"), message));
                }
            };
            let aliases = list(aliases_col);
            if let Some(alias) = aliases.iter().find(|alias| !has_word(alias)) {
                return Err(error(row, Some("aliases"), format!("alias {alias:?} has no word")));
            }
            let handles = list(handles_col);
            for handle in &handles {
                let body = handle.strip_prefix('@').unwrap_or(handle);
                let valid =
                    !body.is_empty() && body.chars().all(|c| c.is_alphanumeric() || c == '_');
                if !valid {
                    let message = format!("handle {handle:?} is not letters, digits and `_`");
                    return Err(error(row, Some("handles"), message));
                }
                if let Some(&owner) = handle_owners.get(&body.to_lowercase()) {
                    let message =
                        format!("handle {handle:?} already belongs to row {}", rows[owner]);
                    return Err(error(row, Some("handles"), message));
                }
                handle_owners.insert(body.to_lowercase(), index);
            }
            let own_handles = list(own_col);
            for handle in &own_handles {
                let body = handle.strip_prefix('@').unwrap_or(handle);
                let valid =
                    !body.is_empty() && body.chars().all(|c| c.is_alphanumeric() || c == '_');
                if !valid {
                    let message = format!("handle {handle:?} is not letters, digits and `_`");
                    return Err(error(row, Some("own_handles"), message));
                }
                if let Some(&owner) = directory.own_accounts.get(&body.to_lowercase())
                    && owner != index
                {
                    let message =
                        format!("handle {handle:?} already belongs to row {}", rows[owner]);
                    return Err(error(row, Some("own_handles"), message));
                }
                directory.own_accounts.insert(body.to_lowercase(), index);
            }
            let location_ids = list(locations_col);
            for location in &location_ids {
                if let Some(&owner) = location_owners.get(location) {
                    let message =
                        format!("location id {location:?} already belongs to row {}", rows[owner]);
                    return Err(error(row, Some("location_ids"), message));
                }
                location_owners.insert(location.clone(), index);
            }
            n_name_bytes +=
                name.len() + aliases.iter().chain(&handles).map(String::len).sum::<usize>();
            if n_name_bytes > MAX_NAME_BYTES {
                let message = format!("the directory has over {MAX_NAME_BYTES} bytes of names");
                return Err(error(row, None, message));
            }
            let parent_id = Some(field(parent_col)).filter(|p| !p.is_empty()).map(str::to_owned);

            directory.by_id.insert(id.to_owned(), index);
            rows.push(row);
            parent_ids.push(parent_id.clone());
            directory.providers.push(Provider {
                id: ProviderId::new(id),
                name: name.to_owned(),
                kind: kind.to_owned(),
                aliases,
                handles,
                location_ids,
                parent_id: parent_id.as_deref().map(ProviderId::new),
                own_handles,
            });
        }

        for (index, parent_id) in parent_ids.iter().enumerate() {
            let parent = match parent_id {
                None => None,
                Some(parent_id) => match directory.by_id.get(parent_id) {
                    Some(&parent) => Some(parent),
                    None => {
                        let message = format!("unknown parent id `{parent_id}`");
                        return Err(error(rows[index], Some("parent_id"), message));
                    }
                },
            };
            directory.parents.push(parent);
        }
        for (index, &row) in rows.iter().enumerate() {
            // Walking up from each provider must reach a root within `len` steps.
            let mut current = index;
            for _ in 0..=directory.providers.len() {
                match directory.parent(current) {
                    Some(parent) if parent == index => {
                        let id = &directory.providers[index].id;
                        let message = format!("`{id}` is its own ancestor (a parent_id cycle)");
                        return Err(error(row, Some("parent_id"), message));
                    }
                    Some(parent) => current = parent,
                    None => break,
                }
            }
        }
        Ok(directory)
    }
}

/// True if `text` has a word or number to match in texts.
fn has_word(text: &str) -> bool {
    Tokenizer::default().tokens(text).any(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
}

/// A lowercase word: ASCII letters, digits, `_` and `-`, starting with a letter.
fn is_kind(kind: &str) -> bool {
    kind.starts_with(|c: char| c.is_ascii_lowercase())
        && kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Converts a CSV error, without quoting the data.
fn csv_error(file: &str, err: &csv::Error, header: Option<&csv::StringRecord>) -> Error {
    let row = err.position().map_or(0, |p| p.line());
    let (column, message) = match err.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            (None, format!("expected {expected_len} fields, found {len}"))
        }
        csv::ErrorKind::Utf8 { err, .. } => {
            let column = header.and_then(|h| h.get(err.field())).map(str::to_owned);
            (column, "invalid UTF-8".to_owned())
        }
        csv::ErrorKind::Io(err) => (None, format!("read error: {err}")),
        _ => (None, "malformed CSV".to_owned()),
    };
    Error::ProviderDirectory { file: file.to_owned(), row, column, message }
}
