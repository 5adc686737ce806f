//! The sentence templates of `benches/data/phrases.txt`: each template parsed into literal
//! pieces and slots, and grouped by section (topic and polarity, openers, closers, ...).

use crate::providers::TOPICS;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Provider,
    Parent,
    Duration,
    Place,
    Nurse,
    Receptionist,
    Doctor,
    Amount,
    Parking,
    Minutes,
    Month,
    Weeks,
    Count,
    Staff,
}

pub(crate) enum Piece {
    Literal(&'static str),
    Slot(Slot),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    Any,
    Hospital,
    NotHospital,
}

pub(crate) struct Template {
    pub(crate) gate: Gate,
    pub(crate) polarity: i8,
    pub(crate) pieces: Vec<Piece>,
}

impl Template {
    fn parse(line: &'static str, with_polarity: bool) -> Result<Template, String> {
        let (polarity, rest) = if with_polarity {
            let (pol, rest) =
                line.split_once('\t').ok_or_else(|| format!("no polarity column: {line}"))?;
            (pol.parse::<i8>().map_err(|_| format!("bad polarity: {line}"))?, rest)
        } else {
            (0, line)
        };
        let (gate, mut rest) = if let Some(r) = rest.strip_prefix("H|") {
            (Gate::Hospital, r)
        } else if let Some(r) = rest.strip_prefix("C|") {
            (Gate::NotHospital, r)
        } else {
            (Gate::Any, rest)
        };
        let mut pieces = Vec::new();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').ok_or_else(|| format!("unclosed slot: {line}"))?;
            if open > 0 {
                pieces.push(Piece::Literal(&rest[..open]));
            }
            let slot = match &rest[open + 1..open + close] {
                "P" => Slot::Provider,
                "C" => Slot::Parent,
                "dur" => Slot::Duration,
                "place" => Slot::Place,
                "nurse" => Slot::Nurse,
                "recep" => Slot::Receptionist,
                "doc" => Slot::Doctor,
                "amount" => Slot::Amount,
                "park" => Slot::Parking,
                "mins" => Slot::Minutes,
                "month" => Slot::Month,
                "weeks" => Slot::Weeks,
                "n" => Slot::Count,
                "staff" => Slot::Staff,
                other => return Err(format!("unknown slot {{{other}}} in: {line}")),
            };
            pieces.push(Piece::Slot(slot));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest));
        }
        Ok(Template { gate, polarity, pieces })
    }

    pub(crate) fn has(&self, slot: Slot) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Slot(s) if *s == slot))
    }
}

/// Polarity index into the per-polarity lists: favourable, unfavourable, neutral.
const POS: usize = 0;
const NEG: usize = 1;
const NEU: usize = 2;

pub(crate) fn polarity_index(polarity: i8) -> usize {
    match polarity {
        p if p > 0 => POS,
        p if p < 0 => NEG,
        _ => NEU,
    }
}

pub(crate) struct TopicBank {
    pub(crate) sentences: [Vec<Template>; 3],
    pub(crate) hashtags: [Vec<&'static str>; 2],
    pub(crate) sarcasm: Vec<Template>,
}

pub(crate) struct Bank {
    pub(crate) topics: Vec<TopicBank>,
    pub(crate) traps: Vec<Template>,
    pub(crate) doctor_traps: Vec<Template>,
    pub(crate) generic: Vec<Template>,
    pub(crate) context_any: Vec<&'static str>,
    pub(crate) context_hospital: Vec<&'static str>,
    pub(crate) openers_any: Vec<Template>,
    pub(crate) openers_doctor: Vec<Template>,
    pub(crate) closers: [Vec<&'static str>; 3],
    pub(crate) emoji: [Vec<&'static str>; 3],
    pub(crate) staff: [Vec<Template>; 3],
    pub(crate) story: Vec<&'static str>,
}

impl Bank {
    pub(crate) fn parse(text: &'static str) -> Result<Bank, String> {
        let mut sections: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('@') {
                sections.push((name, Vec::new()));
            } else {
                let (_, lines) =
                    sections.last_mut().ok_or_else(|| format!("line outside a section: {line}"))?;
                lines.push(line);
            }
        }
        let lines = |name: &str| -> Vec<&'static str> {
            sections.iter().filter(|(n, _)| *n == name).flat_map(|(_, l)| l.clone()).collect()
        };
        let templates = |name: &str, with_polarity: bool| -> Result<Vec<Template>, String> {
            let parsed: Result<Vec<_>, _> =
                lines(name).into_iter().map(|l| Template::parse(l, with_polarity)).collect();
            let parsed = parsed?;
            if parsed.is_empty() {
                return Err(format!("empty section @{name}"));
            }
            Ok(parsed)
        };
        let mut topics = Vec::new();
        for name in TOPICS {
            topics.push(TopicBank {
                sentences: [
                    templates(&format!("topic {name} pos"), false)?,
                    templates(&format!("topic {name} neg"), false)?,
                    templates(&format!("topic {name} neu"), false)?,
                ],
                hashtags: [
                    lines(&format!("hashtags {name} pos")),
                    lines(&format!("hashtags {name} neg")),
                ],
                sarcasm: lines(&format!("sarcasm {name}"))
                    .into_iter()
                    .map(|l| Template::parse(l, false))
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(Bank {
            topics,
            traps: templates("trap", true)?,
            doctor_traps: templates("doctor_trap", false)?,
            generic: templates("generic", true)?,
            context_any: lines("context any"),
            context_hospital: lines("context hospital"),
            openers_any: templates("opener any", false)?,
            openers_doctor: templates("opener doctor", false)?,
            closers: [lines("closer pos"), lines("closer neg"), lines("closer neu")],
            emoji: [lines("emoji pos"), lines("emoji neg"), lines("emoji neu")],
            staff: [
                templates("staff pos", false)?,
                templates("staff neg", false)?,
                templates("staff neu", false)?,
            ],
            story: lines("story"),
        })
    }
}
