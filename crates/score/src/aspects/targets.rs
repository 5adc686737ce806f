//! Sentiment per provider named in a text.

use std::ops::Range;

use bedside_types::{ProviderId, Scorer, TargetSentiment, TopicId};

use super::combine;
use super::parts::TextParts;
use super::staff::DOCTOR_ROLES;
use crate::providers::{ProviderMention, ProviderResolver, SHORT_NAME_CHARS};
use crate::topics::TopicTagger;

/// The sentiment `text` expresses about each provider it concerns, in order of first clause.
///
/// 1. **Providers named.** Every name, alias or handle of `resolver`'s directory found in the
///    text ([`ProviderResolver::find_in_text`]), the first word of a name when it names one
///    provider only ("Riverside" for Riverside Urgent Care; see `short_names`), plus staff named with a doctor-like role whose
///    name is a doctor of the directory ("Doctor Okafor", "my surgeon, Dr. Lee" if Dr. Lee is
///    listed). A name several providers share ("Dr Patel") is the one that is, or belongs to,
///    a provider named unambiguously elsewhere in the text or `metadata_provider`; failing that,
///    the first in directory order.
/// 2. **Clauses.** The text is split into [`clauses`]. A clause naming providers is about all
///    of them ("Dr. Okafor at Riverside was calm" is about both). A clause naming none is about
///    the provider named last in the most recent clause naming one in the same sentence (the
///    whole group if that provider is where the others work: "Dr. Okafor at Riverside"); else, if it
///    starts with `he`, `she`, `they` (or `his`, `her`, `their`), about the last provider named
///    before it; else about `metadata_provider`; else about the last provider named before it
///    in the text. Clauses before any provider with no metadata provider are about nobody.
/// 3. **Sentiment.** Each clause is scored on its own with `scorer`; a provider gets the mean
///    over its clauses that are not neutral. A provider whose clauses are all neutral (named
///    only in passing: "Dr Patel referred me to Summit") is reported as neutral, not dropped,
///    so the report can count it as mentioned without praise or complaint.
/// 4. **Topics.** With a `tagger`, the topics with a cue in the provider's clauses.
///
/// `span` is the first clause about the provider. `metadata_provider` ids not in the directory
/// are used as they are.
pub fn target_sentiments(
    text: &str,
    resolver: &ProviderResolver,
    metadata_provider: Option<&ProviderId>,
    scorer: &dyn Scorer,
    tagger: Option<&TopicTagger>,
) -> Vec<TargetSentiment> {
    let cues: Vec<(usize, usize)> = match tagger {
        Some(tagger) => tagger.tag(text).iter().map(|h| (h.topic, h.cue_span.start)).collect(),
        None => Vec::new(),
    };
    target_sentiments_with(
        text,
        resolver,
        metadata_provider,
        scorer,
        tagger,
        &cues,
        &TextParts::default(),
    )
}

/// [`target_sentiments`], with the cues of `tagger` in `text` given as `(topic, start of the
/// cue)` in text order, and the clauses of `text` from `clauses`.
pub(crate) fn target_sentiments_with<'t>(
    text: &'t str,
    resolver: &ProviderResolver,
    metadata_provider: Option<&ProviderId>,
    scorer: &dyn Scorer,
    tagger: Option<&TopicTagger>,
    cues: &[(usize, usize)],
    parts: &TextParts<'t>,
) -> Vec<TargetSentiment> {
    let directory = resolver.directory();
    let metadata_index = metadata_provider.and_then(|id| directory.index_of(id.as_str()));
    let named = named_providers(text, resolver, metadata_index, parts);
    if named.is_empty() && metadata_provider.is_none() {
        // No provider named and none from the metadata: no clause is about anyone.
        return Vec::new();
    }
    let clause_ranges = parts.clauses(text);
    let sentence_ranges = &parts.sentences(text).sentences;
    let sentence_of = |at: usize| sentence_ranges.iter().position(|s| s.start <= at && at < s.end);

    // Targets: directory index (or None for a metadata id outside the directory) and clauses.
    let mut targets: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    let mut add =
        |target: Option<usize>, clause: usize| match targets.iter_mut().find(|t| t.0 == target) {
            Some(t) => t.1.push(clause),
            None => targets.push((target, vec![clause])),
        };
    let mut last: Vec<usize> = Vec::new();
    let mut last_sentence = None;
    for (at, clause) in clause_ranges.iter().enumerate() {
        let sentence = sentence_of(clause.start);
        let mut here: Vec<usize> = named
            .iter()
            .filter(|(span, _)| clause.start <= span.start && span.start < clause.end)
            .map(|&(_, p)| p)
            .collect();
        here.dedup();
        if !here.is_empty() {
            for &p in &here {
                add(Some(p), at);
            }
            // Later clauses carry on about the provider named last, or about the whole
            // group when it is where the others work ("Dr. Okafor at Riverside").
            let &newest = here.last().expect("BUG: checked non-empty");
            if !here.iter().any(|&p| p != newest && directory.is_ancestor(newest, p)) {
                here = vec![newest];
            }
            last = here;
            last_sentence = sentence;
            continue;
        }
        let first_word = subject_word(&text[clause.clone()]);
        let pronoun =
            matches!(first_word.as_str(), "he" | "she" | "they" | "his" | "her" | "their");
        // "Dr Patel was great but the front desk ...": the desk is not the doctor's.
        let noun_subject = matches!(first_word.as_str(), "the" | "our" | "my" | "this" | "that");
        let last_are_doctors =
            last.iter().all(|&p| directory.providers()[p].kind.eq_ignore_ascii_case("doctor"));
        let carry_ok = !(noun_subject && last_are_doctors && metadata_provider.is_some());
        if !last.is_empty() && carry_ok && (last_sentence == sentence || pronoun) {
            for &p in &last {
                add(Some(p), at);
            }
        } else if metadata_provider.is_some() {
            // `None` stands for a metadata id outside the directory.
            add(metadata_index, at);
        } else if !last.is_empty() {
            for &p in &last {
                add(Some(p), at);
            }
        }
    }

    let masks: Vec<Range<usize>> = named.iter().map(|(span, _)| span.clone()).collect();
    targets
        .into_iter()
        .filter_map(|(index, at)| {
            let target = match index {
                Some(i) => directory.providers()[i].id.clone(),
                None => metadata_provider?.clone(),
            };
            let ranges: Vec<Range<usize>> = at.iter().map(|&i| clause_ranges[i].clone()).collect();
            let mut topic_indices: Vec<usize> = cues
                .iter()
                .filter(|&&(_, at)| ranges.iter().any(|r| r.start <= at && at < r.end))
                .map(|&(topic, _)| topic)
                .collect();
            topic_indices.sort_unstable();
            topic_indices.dedup();
            let topics: Vec<TopicId> = match tagger {
                Some(t) => {
                    topic_indices.iter().map(|&i| t.taxonomy().topics()[i].id.clone()).collect()
                }
                None => Vec::new(),
            };
            Some(TargetSentiment {
                target,
                sentiment: combine(text, &ranges, &masks, scorer),
                topics,
                span: ranges[0].clone(),
            })
        })
        .collect()
}

/// The providers named in `text`, one per name span, in text order.
fn named_providers<'t>(
    text: &'t str,
    resolver: &ProviderResolver,
    metadata_index: Option<usize>,
    parts: &TextParts<'t>,
) -> Vec<(Range<usize>, usize)> {
    let mut found: Vec<ProviderMention> = resolver.mentions_in(parts.names(text, resolver));
    found.extend(short_names(text, resolver, &found, parts));
    // Staff with a doctor-like role who are doctors of the directory.
    for (name, role, span) in parts.staff(text) {
        if !DOCTOR_ROLES.contains(&role.as_str()) || found.iter().any(|m| overlaps(&m.span, span)) {
            continue;
        }
        let doctors = resolver.find_in_text(&format!("Dr {name}"));
        for m in doctors {
            if resolver.directory().providers()[m.provider].kind == "doctor" {
                found.push(ProviderMention { provider: m.provider, span: span.clone() });
            }
        }
    }
    found.sort_by_key(|m| (m.span.start, m.span.end));
    // Group by span and pick one provider per span.
    let mut groups: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
    for m in found {
        match groups.last_mut() {
            Some(g) if g.0 == m.span => g.1.push(m.provider),
            _ => groups.push((m.span, vec![m.provider])),
        }
    }
    let mut context: Vec<usize> =
        groups.iter().filter(|g| g.1.len() == 1).map(|g| g.1[0]).collect();
    context.extend(metadata_index);
    let directory = resolver.directory();
    groups
        .into_iter()
        .map(|(span, candidates)| {
            let fitting: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&c| context.iter().any(|&x| x == c || directory.is_ancestor(x, c)))
                .collect();
            let pick = if fitting.len() == 1 { fitting[0] } else { candidates[0] };
            (span, pick)
        })
        .collect()
}

/// The first word of a clause after leading conjunctions, lowercased.
fn subject_word(clause: &str) -> String {
    clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .find(|w| {
            !matches!(
                w.as_str(),
                "but"
                    | "and"
                    | "although"
                    | "though"
                    | "however"
                    | "whereas"
                    | "while"
                    | "yet"
                    | "so"
                    | "then"
            )
        })
        .unwrap_or_default()
}

/// Providers named by the first word of their name alone ("Dr. Okafor at Riverside"): a
/// capitalized word of at least four letters that starts the name of exactly one provider
/// that is not a doctor, and starts no other name or alias, written as in the directory and not
/// followed by another capitalized word, outside the names already found.
fn short_names<'t>(
    text: &'t str,
    resolver: &ProviderResolver,
    found: &[ProviderMention],
    parts: &TextParts<'t>,
) -> Vec<ProviderMention> {
    // The whole text's tokens, not its words: they differ only where "A", "&" and "E" are
    // glued into one word, which is too short to be a name, and capitalized as its "A" is.
    let tokens = parts.tokens(text);
    let providers = resolver.directory().providers();
    let is_capitalized = |word: &str| word.starts_with(|c: char| c.is_uppercase());
    let mut out = Vec::new();
    for (at, token) in tokens.iter().enumerate() {
        let bare = token.text.strip_suffix("'s").unwrap_or(token.text);
        // Cheapest first: most words are not capitalized.
        if !is_capitalized(bare)
            || tokens.get(at + 1).is_some_and(|next| is_capitalized(next.text))
            || bare.chars().count() < SHORT_NAME_CHARS
            || found.iter().any(|m| overlaps(&m.span, &token.span))
        {
            continue;
        }
        if let [only] = *resolver.owners_of_first_word(bare)
            && !providers[only].kind.eq_ignore_ascii_case("doctor")
        {
            out.push(ProviderMention {
                provider: only,
                span: token.span.start..token.span.start + bare.len(),
            });
        }
    }
    out
}

/// [`short_names`] as it was first written: over the text's words, after a substring search
/// for the first words. The reference the tests hold it to.
#[cfg(test)]
pub(super) fn short_names_by_words(
    text: &str,
    resolver: &ProviderResolver,
) -> Vec<(usize, Range<usize>)> {
    let first_words: Vec<&str> = resolver
        .directory()
        .providers()
        .iter()
        .flat_map(|p| std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str)))
        .filter_map(|name| name.split_whitespace().next())
        .filter(|w| w.chars().count() >= SHORT_NAME_CHARS)
        .collect();
    if !first_words.iter().any(|w| text.contains(w)) {
        return Vec::new();
    }
    let providers = resolver.directory().providers();
    let mut out = Vec::new();
    let tokens = super::words::words(text, 0..text.len());
    for (at, word) in tokens.iter().enumerate() {
        let bare = word.text.strip_suffix("'s").unwrap_or(word.text);
        let capitalized = bare.starts_with(|c: char| c.is_uppercase());
        let next_capitalized =
            tokens.get(at + 1).is_some_and(|w| w.text.starts_with(|c: char| c.is_uppercase()));
        if bare.chars().count() < SHORT_NAME_CHARS || !capitalized || next_capitalized {
            continue;
        }
        if let [only] = *resolver.owners_of_first_word(bare)
            && !providers[only].kind.eq_ignore_ascii_case("doctor")
        {
            out.push((only, word.span.start..word.span.start + bare.len()));
        }
    }
    out
}

/// [`short_names`] of `text` with no names found before, as `(provider, span)`.
#[cfg(test)]
pub(super) fn short_names_of(
    text: &str,
    resolver: &ProviderResolver,
) -> Vec<(usize, Range<usize>)> {
    short_names(text, resolver, &[], &TextParts::default())
        .into_iter()
        .map(|m| (m.provider, m.span))
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}
