//! HIPAA risk flags: the organization's own accounts disclosing PHI or a patient relationship,
//! and posts disclosing someone else's health information.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use bedside_types::{HipaaRisk, HipaaRiskKind, PhiKind};

use super::Detection;

/// The built-in cue phrases (`models/phi_cues.tsv`).
const BUILTIN_CUES: &str = include_str!("../../../../models/phi_cues.tsv");

/// Who posted a text, as far as the risk rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RiskInput<'a> {
    /// One of the organization's own accounts: the handle (or a description such as "the
    /// organization's reply"), used in the reason.
    OwnAccount(&'a str),
    /// Anyone else: a patient, a relative, the public.
    Public,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CueKind {
    Relationship,
    Clinical,
    Health,
}

/// The cue phrases of the risk rules, compiled into one automaton.
#[derive(Clone, Debug)]
pub struct RiskCues {
    automaton: AhoCorasick,
    kinds: Vec<CueKind>,
    /// The health cues alone, as a DFA: the only question asked of most posts.
    health: AhoCorasick,
}

impl Default for RiskCues {
    fn default() -> RiskCues {
        RiskCues::builtin()
    }
}

impl RiskCues {
    /// The cues shipped in `models/phi_cues.tsv`.
    pub fn builtin() -> RiskCues {
        let mut phrases = Vec::new();
        let mut kinds = Vec::new();
        for line in BUILTIN_CUES.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, phrase) = line.split_once('\t').expect("BUG: phi_cues.tsv has two columns");
            kinds.push(match kind {
                "relationship" => CueKind::Relationship,
                "clinical" => CueKind::Clinical,
                "health" => CueKind::Health,
                _ => panic!("BUG: unknown cue kind in phi_cues.tsv"),
            });
            phrases.push(phrase.to_owned());
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&phrases)
            .expect("BUG: the risk cues compile");
        let health = phrases.iter().zip(&kinds).filter(|(_, k)| **k == CueKind::Health);
        let health = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(health.map(|(phrase, _)| phrase))
            .expect("BUG: the health cues compile");
        RiskCues { automaton, kinds, health }
    }

    /// Whether `text`, posted by `author`, with the PHI `detection` found in it, is a HIPAA
    /// risk, and why.
    ///
    /// - From one of the organization's own accounts, a post is a risk when it holds PHI other
    ///   than the name of the person it answers ("Thank you, Renee!")
    ///   ([`HipaaRiskKind::OwnAccountPhi`]) or confirms a patient relationship: a relationship
    ///   phrase ("our records show", "we reviewed your chart") or `your` before a clinical word
    ///   ("your CT results", "your mother's surgery")
    ///   ([`HipaaRiskKind::OwnAccountRelationship`]).
    /// - From anyone else, a post is a risk when it names someone other than its author and
    ///   holds a health word ([`HipaaRiskKind::ThirdPartyDisclosure`]).
    ///
    /// The reason names PHI kinds and rules, never words of the text.
    pub fn assess(
        &self,
        text: &str,
        detection: &Detection,
        author: RiskInput<'_>,
    ) -> Option<HipaaRisk> {
        match author {
            RiskInput::OwnAccount(account) => {
                let relationship = self.confirms_relationship(text);
                // The name of the person a reply speaks to is already public beside the post
                // it answers; alone, it is no disclosure.
                let discloses = detection.hits.iter().any(|hit| {
                    hit.kind != PhiKind::Name
                        || !detection
                            .addressee_names
                            .iter()
                            .any(|a| a.start < hit.span.end && hit.span.start < a.end)
                });
                if !discloses && !relationship {
                    return None;
                }
                let mut kinds: Vec<PhiKind> = detection.hits.iter().map(|h| h.kind).collect();
                kinds.sort_unstable();
                kinds.dedup();
                if kinds.is_empty() && !relationship {
                    return None;
                }
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                let (kind, reason) = match (kinds.is_empty(), relationship) {
                    (false, true) => (
                        HipaaRiskKind::OwnAccountPhi,
                        format!(
                            "own account {account} posted PHI ({}) and confirmed a patient relationship",
                            names.join(", ")
                        ),
                    ),
                    (false, false) => (
                        HipaaRiskKind::OwnAccountPhi,
                        format!("own account {account} posted PHI ({})", names.join(", ")),
                    ),
                    _ => (
                        HipaaRiskKind::OwnAccountRelationship,
                        format!("own account {account} confirmed a patient relationship"),
                    ),
                };
                Some(HipaaRisk { kind, reason })
            }
            RiskInput::Public => {
                if !detection.names_someone_else || !self.has_health(text) {
                    return None;
                }
                Some(HipaaRisk {
                    kind: HipaaRiskKind::ThirdPartyDisclosure,
                    reason: "names someone other than the author together with health information"
                        .to_owned(),
                })
            }
        }
    }

    /// True if a health cue occurs in `text` on word boundaries.
    fn has_health(&self, text: &str) -> bool {
        self.health.find_overlapping_iter(text).any(|m| bounded(text, m.range()))
    }

    /// The cues in `text` on word boundaries: kind and start.
    fn cues<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (CueKind, usize)> + 'a {
        self.automaton
            .find_overlapping_iter(text)
            .filter(move |m| bounded(text, m.range()))
            .map(|m| (self.kinds[m.pattern().as_usize()], m.start()))
    }

    /// A relationship phrase, or `your` within three words before a clinical word.
    fn confirms_relationship(&self, text: &str) -> bool {
        self.cues(text).any(|(kind, start)| match kind {
            CueKind::Relationship => true,
            CueKind::Clinical => {
                let before: Vec<&str> = text[..start]
                    .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
                    .filter(|w| !w.is_empty())
                    .rev()
                    .take(3)
                    .collect();
                before.iter().any(|w| w.eq_ignore_ascii_case("your"))
            }
            CueKind::Health => false,
        })
    }
}

/// True if the match at `span` of `text` is on word boundaries.
fn bounded(text: &str, span: std::ops::Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
