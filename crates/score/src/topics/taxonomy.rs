//! The topic taxonomy and its TOML format.

use std::path::Path;
use std::sync::LazyLock;

use bedside_types::TopicId;
use serde::Deserialize;
use toml::Spanned;

use crate::tokenize::{TokenKind, Tokenizer, is_hyphen};
use crate::{Error, Result};

/// The taxonomy format version this crate reads.
pub const FORMAT_VERSION: i64 = 1;

/// The built-in taxonomy, `models/topics.toml`.
const BUILTIN_TOML: &str = include_str!("../../../../models/topics.toml");

static BUILTIN: LazyLock<Taxonomy> = LazyLock::new(|| {
    Taxonomy::parse(BUILTIN_TOML, "models/topics.toml")
        .expect("BUG: the built-in taxonomy models/topics.toml is invalid")
});

/// A list of topics, each with the cue phrases that signal it.
///
/// A taxonomy is valid by construction: it has at least one topic, ids are unique and made of
/// lowercase ASCII letters, digits and `_`, every topic has a label and at least one cue with a
/// word in it, and every unstemmed word is a single word.
///
/// Cue words are stemmed, so a cue also matches other forms of its words. Words listed in
/// `unstemmed` are never stemmed, in cues or in texts: they match only as written (ignoring
/// case). This keeps `helpful` (stem `help`) from matching every "help".
///
/// The TOML format (`models/topics.toml`):
///
/// ```toml
/// format_version = 1
/// unstemmed = ["helpful"]  # optional
///
/// [[topic]]
/// id = "wait_times"
/// label = "Wait times"
/// description = "Time spent waiting."  # optional
/// cues = ["wait", "waiting room", "took forever"]
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Taxonomy {
    topics: Vec<TopicDef>,
    unstemmed: Vec<String>,
}

/// One topic of a [`Taxonomy`].
#[derive(Clone, Debug, PartialEq)]
pub struct TopicDef {
    /// The topic's id (`wait_times`).
    pub id: TopicId,
    /// A short human-readable name (`Wait times`).
    pub label: String,
    /// What the topic covers.
    pub description: String,
    /// The cue phrases: words or phrases of several words whose presence signals the topic.
    pub cues: Vec<String>,
}

impl Taxonomy {
    /// A taxonomy from topic definitions and unstemmed words, validated as described on
    /// [`Taxonomy`].
    ///
    /// Errors have no line and name the topic.
    pub fn new(topics: Vec<TopicDef>, unstemmed: Vec<String>) -> Result<Taxonomy> {
        let file = "<taxonomy>";
        validate(&topics, &unstemmed, &|_: Place| None, file)?;
        Ok(Taxonomy { topics, unstemmed })
    }

    /// Parses a taxonomy in the TOML format described on [`Taxonomy`].
    ///
    /// Errors carry the line of the problem; the file is called `<taxonomy>`.
    pub fn from_toml_str(toml: &str) -> Result<Taxonomy> {
        Taxonomy::parse(toml, "<taxonomy>")
    }

    /// Reads and parses a taxonomy file.
    pub fn from_path(path: &Path) -> Result<Taxonomy> {
        let toml = std::fs::read_to_string(path)
            .map_err(|source| Error::Io { path: path.to_owned(), source })?;
        Taxonomy::parse(&toml, &path.display().to_string())
    }

    /// bedside's built-in taxonomy of 14 patient-experience topics (`models/topics.toml`).
    pub fn builtin() -> Taxonomy {
        BUILTIN.clone()
    }

    /// The topics, in taxonomy order.
    pub fn topics(&self) -> &[TopicDef] {
        &self.topics
    }

    /// The words that are never stemmed.
    pub fn unstemmed(&self) -> &[String] {
        &self.unstemmed
    }

    /// The position of the topic with id `id`.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|topic| topic.id.as_str() == id)
    }

    fn parse(toml: &str, file: &str) -> Result<Taxonomy> {
        let line_of_offset =
            |offset: usize| toml.get(..offset).map_or(1, |before| before.matches('\n').count() + 1);
        let raw: RawTaxonomy = toml::from_str(toml).map_err(|err| Error::Taxonomy {
            file: file.to_owned(),
            line: err.span().map(|span| line_of_offset(span.start)),
            message: err.message().trim_end().to_owned(),
        })?;
        let error = |line: Option<usize>, message: String| Error::Taxonomy {
            file: file.to_owned(),
            line,
            message,
        };
        match raw.format_version {
            None => return Err(error(Some(1), "missing `format_version`".to_owned())),
            Some(version) if *version.get_ref() != FORMAT_VERSION => {
                let message = format!(
                    "unsupported format_version {} (this version of bedside reads {FORMAT_VERSION})",
                    version.get_ref()
                );
                return Err(error(Some(line_of_offset(version.span().start)), message));
            }
            Some(_) => {}
        }
        let topics: Vec<TopicDef> = raw
            .topic
            .iter()
            .map(|topic| TopicDef {
                id: TopicId::new(topic.get_ref().id.get_ref()),
                label: topic.get_ref().label.get_ref().clone(),
                description: topic.get_ref().description.clone(),
                cues: topic.get_ref().cues.get_ref().iter().map(|c| c.get_ref().clone()).collect(),
            })
            .collect();
        let unstemmed: Vec<String> = raw.unstemmed.iter().map(|w| w.get_ref().clone()).collect();
        let place_line = |place: Place| {
            if let Field::Unstemmed(word) = place.field {
                return Some(line_of_offset(raw.unstemmed.get(word)?.span().start));
            }
            let topic = raw.topic.get(place.topic)?.get_ref();
            let offset = match place.field {
                Field::Id => topic.id.span().start,
                Field::Label => topic.label.span().start,
                Field::Cues => topic.cues.span().start,
                Field::Cue(cue) => topic.cues.get_ref().get(cue)?.span().start,
                Field::Unstemmed(_) => return None,
            };
            Some(line_of_offset(offset))
        };
        validate(&topics, &unstemmed, &place_line, file)?;
        Ok(Taxonomy { topics, unstemmed })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    format_version: Option<Spanned<i64>>,
    #[serde(default)]
    unstemmed: Vec<Spanned<String>>,
    #[serde(default)]
    topic: Vec<Spanned<RawTopic>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    description: String,
    cues: Spanned<Vec<Spanned<String>>>,
}

/// Where in a taxonomy a problem is.
#[derive(Clone, Copy, Debug)]
struct Place {
    topic: usize,
    field: Field,
}

#[derive(Clone, Copy, Debug)]
enum Field {
    Id,
    Label,
    Cues,
    Cue(usize),
    Unstemmed(usize),
}

fn validate(
    topics: &[TopicDef],
    unstemmed: &[String],
    line_of: &dyn Fn(Place) -> Option<usize>,
    file: &str,
) -> Result<()> {
    let error = |topic: usize, field: Field, message: String| Error::Taxonomy {
        file: file.to_owned(),
        line: line_of(Place { topic, field }),
        message,
    };
    if topics.is_empty() {
        return Err(Error::Taxonomy {
            file: file.to_owned(),
            line: None,
            message: "the taxonomy has no [[topic]]".to_owned(),
        });
    }
    for (index, topic) in topics.iter().enumerate() {
        let id = topic.id.as_str();
        let well_formed = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            let message = format!(
                "topic #{}: id `{id}` must be lowercase ASCII letters, digits and `_`, starting \
                 with a letter",
                index + 1
            );
            return Err(error(index, Field::Id, message));
        }
        if let Some(first) = topics[..index].iter().position(|t| t.id == topic.id) {
            let at = line_of(Place { topic: first, field: Field::Id })
                .map_or_else(|| format!("topic #{}", first + 1), |line| format!("line {line}"));
            let message = format!("duplicate topic id `{id}` (first defined at {at})");
            return Err(error(index, Field::Id, message));
        }
        if topic.label.trim().is_empty() {
            return Err(error(index, Field::Label, format!("topic `{id}`: empty label")));
        }
        if topic.cues.is_empty() {
            return Err(error(index, Field::Cues, format!("topic `{id}`: no cues")));
        }
        for (cue_index, cue) in topic.cues.iter().enumerate() {
            if !has_word(cue) {
                let message = format!("topic `{id}`: cue {cue:?} has no word");
                return Err(error(index, Field::Cue(cue_index), message));
            }
        }
    }
    for (index, word) in unstemmed.iter().enumerate() {
        let mut tokens = Tokenizer::default().tokens(word);
        let single = match (tokens.next(), tokens.next()) {
            (Some(token), None) => token.kind == TokenKind::Word && !token.text.contains(is_hyphen),
            _ => false,
        };
        if !single {
            let message = format!("unstemmed word {word:?} is not a single word");
            return Err(error(0, Field::Unstemmed(index), message));
        }
    }
    Ok(())
}

/// True if `cue` has a word, number or hashtag the tagger can match.
fn has_word(cue: &str) -> bool {
    Tokenizer::default()
        .tokens(cue)
        .any(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number | TokenKind::Hashtag))
}
