use std::fmt;
use std::ops::Range;

/// The kind of a piece of protected health information (PHI) found in a text: the HIPAA Safe
/// Harbor identifiers that occur in free text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PhiKind {
    /// The name of a patient, a relative or another private person (not staff named with a
    /// role).
    Name,
    /// A phone or fax number of a person (not the organization's own contact numbers).
    Phone,
    /// An e-mail address of a person (not the organization's role addresses).
    Email,
    /// A street address, ZIP code or UK postcode.
    Address,
    /// A date (more than the year) tied to a person: birth, admission, discharge, death, a visit.
    Date,
    /// An age over 89.
    Age,
    /// A medical record, account, insurance, member, claim, social security or NHS number.
    Id,
    /// A URL that carries an identifier (a personal profile, a record id, a query).
    Url,
    /// An IP address.
    Ip,
    /// A vehicle licence plate.
    Plate,
    /// A device serial number.
    Device,
}

impl PhiKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [PhiKind] = &[
        PhiKind::Name,
        PhiKind::Phone,
        PhiKind::Email,
        PhiKind::Address,
        PhiKind::Date,
        PhiKind::Age,
        PhiKind::Id,
        PhiKind::Url,
        PhiKind::Ip,
        PhiKind::Plate,
        PhiKind::Device,
    ];

    /// A stable lowercase name for outputs and data files (`name`, `phone`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            PhiKind::Name => "name",
            PhiKind::Phone => "phone",
            PhiKind::Email => "email",
            PhiKind::Address => "address",
            PhiKind::Date => "date",
            PhiKind::Age => "age",
            PhiKind::Id => "id",
            PhiKind::Url => "url",
            PhiKind::Ip => "ip",
            PhiKind::Plate => "plate",
            PhiKind::Device => "device",
        }
    }

    /// The kind named `name` (as [`PhiKind::as_str`] writes it, any case).
    pub fn from_name(name: &str) -> Option<PhiKind> {
        PhiKind::ALL.iter().copied().find(|kind| kind.as_str().eq_ignore_ascii_case(name))
    }

    /// The placeholder that replaces a hit of this kind when redacting (`[NAME]`, `[PHONE]`...).
    pub fn placeholder(self) -> &'static str {
        match self {
            PhiKind::Name => "[NAME]",
            PhiKind::Phone => "[PHONE]",
            PhiKind::Email => "[EMAIL]",
            PhiKind::Address => "[ADDRESS]",
            PhiKind::Date => "[DATE]",
            PhiKind::Age => "[AGE]",
            PhiKind::Id => "[ID]",
            PhiKind::Url => "[URL]",
            PhiKind::Ip => "[IP]",
            PhiKind::Plate => "[PLATE]",
            PhiKind::Device => "[DEVICE]",
        }
    }
}

impl fmt::Display for PhiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of PHI found in a text.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PhiHit {
    /// What it is.
    pub kind: PhiKind,
    /// Where it is: a byte range of the text, on character boundaries.
    pub span: Range<usize>,
    /// How sure the detector is, in `(0, 1]`.
    pub confidence: f32,
}

/// Why a mention is a HIPAA risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum HipaaRiskKind {
    /// One of the organization's own accounts posted PHI in public.
    OwnAccountPhi,
    /// One of the organization's own accounts confirmed in public that someone is a patient
    /// ("we reviewed your chart", "your results").
    OwnAccountRelationship,
    /// A post discloses the health information of someone other than its author ("my
    /// neighbour Tom has cancer").
    ThirdPartyDisclosure,
}

impl HipaaRiskKind {
    /// A stable snake_case name for outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            HipaaRiskKind::OwnAccountPhi => "own_account_phi",
            HipaaRiskKind::OwnAccountRelationship => "own_account_relationship",
            HipaaRiskKind::ThirdPartyDisclosure => "third_party_disclosure",
        }
    }
}

impl fmt::Display for HipaaRiskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention flagged as a HIPAA risk, with the reason.
///
/// The reason names kinds of PHI and the cue phrases from bedside's own list, never the
/// mention's text, so it can be logged and shown anywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HipaaRisk {
    /// The rule that fired.
    pub kind: HipaaRiskKind,
    /// Why, in one sentence: e.g. `own account @StMarysHosp posted PHI (name, date) and
    /// confirmed a patient relationship ("reviewed your chart")`.
    pub reason: String,
}

/// `text` with every hit replaced by its kind's placeholder (`[NAME]`, `[PHONE]`, `[DATE]`...).
///
/// Hits may come in any order; where two overlap, the earlier one is replaced and the other is
/// cut to what is left of it. Hits outside the text or off character boundaries are ignored.
///
/// ```
/// use bedside_types::{PhiHit, PhiKind, redact_phi};
///
/// let hit = PhiHit { kind: PhiKind::Name, span: 10..18, confidence: 0.9 };
/// assert_eq!(redact_phi("My mother Jane Doe is ill", &[hit]), "My mother [NAME] is ill");
/// ```
pub fn redact_phi(text: &str, hits: &[PhiHit]) -> String {
    let mut spans: Vec<(Range<usize>, PhiKind)> = hits
        .iter()
        .filter(|h| h.span.start < h.span.end && h.span.end <= text.len())
        .filter(|h| text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end))
        .map(|h| (h.span.clone(), h.kind))
        .collect();
    spans.sort_by_key(|(span, kind)| (span.start, std::cmp::Reverse(span.end), *kind));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, kind) in spans {
        if span.end <= at {
            continue;
        }
        if span.start >= at {
            out.push_str(&text[at..span.start]);
            out.push_str(kind.placeholder());
        }
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}
