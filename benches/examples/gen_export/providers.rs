//! The provider directory (`datasets/demo/providers.csv` by default) and, drawn from the seed,
//! each provider's volume and per-topic profile.

use crate::rng::Rng;

pub(crate) const TOPICS: [&str; 10] = [
    "wait_times",
    "access_scheduling",
    "staff_attitude",
    "communication",
    "clinical_competence",
    "staffing_responsiveness",
    "billing_cost",
    "facilities_cleanliness",
    "food_amenities",
    "parking_access",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Hospital,
    Clinic,
    Doctor,
}

pub(crate) struct Provider {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) aliases: Vec<String>,
    pub(crate) handles: Vec<String>,
    pub(crate) parent: Option<usize>,
    pub(crate) doctors: Vec<usize>,
    /// How often the provider is written about, relative to the others.
    pub(crate) weight: u64,
    /// Per topic: how often it comes up, and how often (per mille) favourably.
    pub(crate) profile: [(u64, u64); TOPICS.len()],
}

impl Provider {
    /// Reads `id,name,kind,aliases,handles,location_ids,parent_id` (lists `|`-separated) and
    /// draws each provider's volume and topic profile from the seed.
    pub(crate) fn parse_directory(text: &str, rng: &mut Rng) -> Result<Vec<Provider>, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header = split_csv_line(lines.next().ok_or("empty provider directory")?);
        let column = |name: &str| {
            header.iter().position(|h| h == name).ok_or(format!("providers: no column {name}"))
        };
        let (c_id, c_name, c_kind) = (column("id")?, column("name")?, column("kind")?);
        let (c_aliases, c_handles, c_parent) =
            (column("aliases")?, column("handles")?, column("parent_id")?);
        let mut ids = Vec::new();
        let mut parents = Vec::new();
        let mut providers = Vec::new();
        for line in lines {
            let fields = split_csv_line(line);
            let field = |idx: usize| fields.get(idx).map(String::as_str).unwrap_or("");
            let list = |idx: usize| -> Vec<String> {
                field(idx).split('|').filter(|s| !s.is_empty()).map(str::to_string).collect()
            };
            let kind = match field(c_kind) {
                "hospital" => Kind::Hospital,
                "doctor" => Kind::Doctor,
                _ => Kind::Clinic,
            };
            let weight = match kind {
                Kind::Hospital => rng.range(10, 16),
                Kind::Clinic => rng.range(4, 9),
                Kind::Doctor => rng.range(1, 4),
            };
            let mut profile = [(0, 0); TOPICS.len()];
            for entry in &mut profile {
                *entry = (rng.range(1, 40), rng.range(60, 940));
            }
            ids.push(field(c_id).to_string());
            parents.push(field(c_parent).to_string());
            let mut aliases = list(c_aliases);
            if aliases.is_empty() {
                aliases.push(field(c_name).to_string());
            }
            providers.push(Provider {
                name: field(c_name).to_string(),
                kind,
                aliases,
                handles: list(c_handles),
                parent: None,
                doctors: Vec::new(),
                weight,
                profile,
            });
        }
        if providers.is_empty() {
            return Err("the provider directory lists no provider".to_string());
        }
        for idx in 0..providers.len() {
            if let Some(parent) = ids.iter().position(|id| !id.is_empty() && *id == parents[idx]) {
                providers[idx].parent = Some(parent);
                if providers[idx].kind == Kind::Doctor {
                    providers[parent].doctors.push(idx);
                }
            }
        }
        Ok(providers)
    }

    /// The short names a text calls a doctor by ("Dr. Patel"), else all aliases.
    pub(crate) fn doctor_names(&self) -> Vec<&str> {
        let short: Vec<&str> =
            self.aliases.iter().map(String::as_str).filter(|a| a.starts_with("Dr")).collect();
        if short.is_empty() { self.aliases.iter().map(String::as_str).collect() } else { short }
    }
}

/// Splits one CSV line (double quotes allowed, no newlines inside fields).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}
