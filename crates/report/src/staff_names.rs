//! One name per member of staff: the spellings and shortenings of a name that patients use
//! for the same person at the same provider ("Dr. Patel", "Dr. Anita Patel", "DR PATEL") are
//! merged before staff are aggregated.
//!
//! Within one provider and role, names are compared ignoring case, and each is shown in its
//! most frequent spelling (ties: the smallest string). A one-word name joins the only longer
//! name of that provider and role that starts or ends with it ("Patel" joins "Anita Patel",
//! "Amy" joins "Amy Chen"); if two longer names qualify ("Anita Patel", "Raj Patel"), it stays
//! on its own, since either person may be meant.

use std::collections::BTreeMap;

/// `(provider, role, lowercased name)`.
type Key = (String, String, String);

/// The canonical name of every staff name seen (see the [module docs](self)).
pub(crate) struct StaffNames {
    canonical: BTreeMap<Key, String>,
}

impl StaffNames {
    /// Learns the names from `(provider, name, role, times seen)`.
    pub(crate) fn new<'a>(
        entries: impl Iterator<Item = (&'a str, &'a str, &'a str, u64)>,
    ) -> StaffNames {
        // Spelling counts per key.
        let mut spellings: BTreeMap<Key, BTreeMap<&'a str, u64>> = BTreeMap::new();
        for (provider, name, role, n_seen) in entries {
            let key = (provider.to_string(), role.to_string(), name.to_lowercase());
            *spellings.entry(key).or_default().entry(name).or_default() += n_seen;
        }
        let shown: BTreeMap<&Key, String> = spellings
            .iter()
            .map(|(key, counts)| {
                let best = counts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(spelling, _)| spelling.to_string())
                    .expect("BUG: every key has a spelling");
                (key, best)
            })
            .collect();
        let mut canonical = BTreeMap::new();
        for key in spellings.keys() {
            let (provider, role, lower) = key;
            let mut target = key;
            if !lower.contains(' ') {
                let mut longer = spellings.keys().filter(|(p, r, other)| {
                    p == provider
                        && r == role
                        && other.contains(' ')
                        && other.split(' ').filter(|w| !w.is_empty()).enumerate().any(
                            |(i, word)| {
                                word == lower
                                    && (i == 0 || other.split(' ').next_back() == Some(word))
                            },
                        )
                });
                if let (Some(only), None) = (longer.next(), longer.next()) {
                    target = only;
                }
            }
            canonical.insert(key.clone(), shown[target].clone());
        }
        StaffNames { canonical }
    }

    /// The name to report for `name` with `role` at `provider` (`name` itself if unseen).
    pub(crate) fn canonical<'s>(&'s self, provider: &str, name: &'s str, role: &str) -> &'s str {
        let key = (provider.to_string(), role.to_string(), name.to_lowercase());
        self.canonical.get(&key).map_or(name, String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(entries: &[(&'static str, &'static str, &'static str)]) -> StaffNames {
        StaffNames::new(entries.iter().map(|&(provider, name, role)| (provider, name, role, 1)))
    }

    #[test]
    fn shortenings_and_spellings_merge() {
        let n = names(&[
            ("h", "Anita Patel", "doctor"),
            ("h", "Patel", "doctor"),
            ("h", "PATEL", "doctor"),
            ("h", "Anita Patel", "doctor"),
            ("h", "Amy", "nurse"),
            ("h", "Amy Chen", "nurse"),
            ("h", "Patel", "nurse"),
            ("other", "Patel", "doctor"),
        ]);
        assert_eq!(n.canonical("h", "Patel", "doctor"), "Anita Patel");
        assert_eq!(n.canonical("h", "PATEL", "doctor"), "Anita Patel");
        assert_eq!(n.canonical("h", "anita patel", "doctor"), "Anita Patel");
        assert_eq!(n.canonical("h", "Amy", "nurse"), "Amy Chen");
        // Another role, another provider: another person.
        assert_eq!(n.canonical("h", "Patel", "nurse"), "Patel");
        assert_eq!(n.canonical("other", "Patel", "doctor"), "Patel");
        assert_eq!(n.canonical("h", "Unseen", "doctor"), "Unseen");
    }

    #[test]
    fn an_ambiguous_short_name_stays_apart() {
        let n = names(&[
            ("h", "Anita Patel", "doctor"),
            ("h", "Raj Patel", "doctor"),
            ("h", "Patel", "doctor"),
            ("h", "Chen", "doctor"),
            ("h", "Li Chen Wong", "doctor"),
        ]);
        assert_eq!(n.canonical("h", "Patel", "doctor"), "Patel");
        assert_eq!(n.canonical("h", "Raj Patel", "doctor"), "Raj Patel");
        // A middle word is neither a first nor a last name.
        assert_eq!(n.canonical("h", "Chen", "doctor"), "Chen");
    }

    #[test]
    fn the_most_frequent_spelling_is_shown() {
        let n = names(&[
            ("h", "OKAFOR", "doctor"),
            ("h", "Okafor", "doctor"),
            ("h", "Okafor", "doctor"),
        ]);
        assert_eq!(n.canonical("h", "OKAFOR", "doctor"), "Okafor");
    }
}
