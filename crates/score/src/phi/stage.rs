//! The PHI step of the pipeline: hits in the text, and the HIPAA risk of the mention.

use bedside_types::{HipaaRisk, Mention, PhiHit};

use super::{PhiDetector, RiskCues, RiskInput};
use crate::aspects::TextParts;
use crate::providers::ProviderDirectory;

/// Columns (of [`Mention::extra`]) that hold the organization's public reply to a review, as
/// the exports name them: Google Business Profile `reviewReply.comment`, Yelp
/// `owner_response.text`, and the plain names other tools use.
pub const REPLY_COLUMNS: &[&str] = &[
    "reviewReply.comment",
    "owner_response.text",
    "Owner Response",
    "Owner Reply",
    "Business Response",
    "Reply",
];

/// The detector and the risk cues, built once per pipeline.
#[derive(Clone, Debug)]
pub(crate) struct PhiStage {
    detector: PhiDetector,
    cues: RiskCues,
}

impl PhiStage {
    /// The stage for a pipeline resolving against `directory`: its provider names and aliases
    /// are never PHI.
    pub(crate) fn new(directory: &ProviderDirectory) -> PhiStage {
        let names = directory.providers().iter().flat_map(|p| {
            std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str))
        });
        PhiStage {
            detector: PhiDetector::new().with_allowed_names(names),
            cues: RiskCues::builtin(),
        }
    }

    /// The PHI in the mention's text (whose staff mentions `parts` finds), and its HIPAA risk:
    /// from the text (authored by one of the directory's own accounts, or by anyone else), else
    /// from the organization's reply to it.
    // Kept out of line: the pipeline's profiles show the stage's cost as one entry.
    #[inline(never)]
    pub(crate) fn analyze<'t>(
        &self,
        mention: &'t Mention,
        directory: &ProviderDirectory,
        parts: &TextParts<'t>,
    ) -> (Vec<PhiHit>, Option<HipaaRisk>) {
        let text = mention.text.as_str();
        let detection = self.detector.detect_with_staff(text, || parts.staff(text).into());
        let own = mention.author.as_deref().and_then(|a| directory.own_account(a));
        let author = match own {
            Some((_, handle)) => RiskInput::OwnAccount(handle),
            None => RiskInput::Public,
        };
        let mut risk = self.cues.assess(text, &detection, author);
        if risk.is_none() {
            let reply = mention
                .extra
                .iter()
                .find(|(name, value)| REPLY_COLUMNS.contains(&&**name) && !value.is_empty());
            if let Some((_, reply)) = reply {
                let reply_detection = self.detector.detect_with_names(reply);
                let author = RiskInput::OwnAccount("reply");
                risk = self.cues.assess(reply, &reply_detection, author).map(|mut risk| {
                    risk.reason =
                        risk.reason.replacen("own account reply", "the organization's reply", 1);
                    risk
                });
            }
        }
        (detection.hits, risk)
    }
}
