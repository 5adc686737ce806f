//! Template filling: the values of each slot (provider, doctor, durations, amounts, ...) for
//! one sentence.

use std::fmt::Write as _;

use crate::bank::{Gate, Piece, Slot, Template};
use crate::rng::Rng;
use crate::words::{
    FIRST, LAST, MONTHS, PLACES_CLINIC, PLACES_HOSPITAL, RECEPTIONISTS, STAFF_ROLES,
};

/// What template slots are filled with for one sentence.
pub(crate) struct Context {
    pub(crate) reference: String,
    pub(crate) parent: Option<String>,
    pub(crate) doctor: String,
    pub(crate) hospital: bool,
    pub(crate) polarity: i8,
}

impl Context {
    pub(crate) fn none(polarity: i8) -> Context {
        Context {
            reference: String::new(),
            parent: None,
            doctor: "the doctor".to_string(),
            hospital: false,
            polarity,
        }
    }
}

/// One sentence from `templates`, among those allowed for the provider's kind.
pub(crate) fn sentence(templates: &[Template], rng: &mut Rng, ctx: &Context) -> String {
    let allowed = |t: &&Template| match t.gate {
        Gate::Any => true,
        Gate::Hospital => ctx.hospital,
        Gate::NotHospital => !ctx.hospital,
    };
    let n_allowed = templates.iter().filter(allowed).count();
    let template = if n_allowed == 0 {
        rng.pick(templates)
    } else {
        let nth = rng.below(n_allowed as u64) as usize;
        templates.iter().filter(allowed).nth(nth).unwrap()
    };
    let mut text = String::new();
    fill(&mut text, template, rng, ctx);
    text
}

/// Appends `template` with its slots filled; a lower-case first letter is capitalized.
pub(crate) fn fill(out: &mut String, template: &Template, rng: &mut Rng, ctx: &Context) {
    let start = out.len();
    for piece in &template.pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Slot(slot) => fill_slot(out, *slot, rng, ctx),
        }
    }
    let first = out[start..].chars().next();
    if let Some(c) = first
        && c.is_lowercase()
        && !out[start..].starts_with("the wait")
    {
        let upper: String = c.to_uppercase().collect();
        out.replace_range(start..start + c.len_utf8(), &upper);
    }
}

fn fill_slot(out: &mut String, slot: Slot, rng: &mut Rng, ctx: &Context) {
    match slot {
        Slot::Provider => out.push_str(&ctx.reference),
        Slot::Parent => out.push_str(ctx.parent.as_deref().unwrap_or("the clinic")),
        Slot::Duration => push_duration(out, rng, ctx),
        Slot::Place => {
            out.push_str(rng.word(if ctx.hospital { PLACES_HOSPITAL } else { PLACES_CLINIC }))
        }
        Slot::Nurse => {
            out.push_str("Nurse ");
            out.push_str(rng.word(FIRST));
        }
        Slot::Receptionist => out.push_str(rng.word(RECEPTIONISTS)),
        Slot::Doctor => out.push_str(&ctx.doctor),
        Slot::Amount => {
            let dollars = if ctx.hospital { rng.range(400, 12_000) } else { rng.range(90, 1_500) };
            out.push('$');
            if dollars >= 1000 {
                let _ = write!(out, "{},{:03}", dollars / 1000, dollars % 1000);
            } else {
                let _ = write!(out, "{dollars}");
            }
        }
        Slot::Parking => {
            let _ = write!(out, "${}", rng.range(8, 35));
        }
        Slot::Minutes => {
            let _ = write!(out, "{}", rng.range(3, 12) * 5);
        }
        Slot::Month => out.push_str(rng.word(MONTHS)),
        Slot::Weeks => {
            let _ = write!(out, "{}", rng.range(2, 8));
        }
        Slot::Count => {
            let _ = write!(out, "{}", rng.range(3, 15));
        }
        Slot::Staff => {
            let (role, first_name) = *rng.pick(STAFF_ROLES);
            out.push_str(role);
            out.push(' ');
            out.push_str(if first_name { rng.word(FIRST) } else { rng.word(LAST) });
        }
    }
}

/// A wait as people write it: short when favourable, long when not (longer at hospitals).
fn push_duration(out: &mut String, rng: &mut Rng, ctx: &Context) {
    let _ = match (ctx.polarity.signum(), ctx.hospital) {
        (1, _) => match rng.below(5) {
            0 => write!(out, "{} minutes", rng.range(5, 30)),
            1 => write!(out, "{} min", rng.range(5, 30)),
            2 => write!(out, "under half an hour"),
            3 => write!(out, "maybe {} minutes", rng.range(2, 6) * 5),
            _ => write!(out, "about {} minutes", rng.range(2, 6) * 5),
        },
        (0, _) => match rng.below(4) {
            0 => write!(out, "about an hour"),
            1 => write!(out, "{} minutes", rng.range(35, 60)),
            2 => write!(out, "an hour"),
            _ => write!(out, "{} min", rng.range(35, 60)),
        },
        (_, true) => match rng.below(7) {
            0 => write!(out, "{} hours", rng.range(2, 9)),
            1 => write!(out, "almost {} hours", rng.range(3, 9)),
            2 => write!(out, "over {} hours", rng.range(2, 8)),
            3 => write!(out, "{}.5 hrs", rng.range(2, 6)),
            4 => write!(out, "{} and a half hours", rng.range(2, 6)),
            5 => write!(out, "{}+ hours", rng.range(3, 8)),
            _ => write!(out, "{} minutes", rng.range(90, 300)),
        },
        (_, false) => match rng.below(6) {
            0 => write!(out, "an hour"),
            1 => write!(out, "an hour and a half"),
            2 => write!(out, "{} minutes", rng.range(60, 150)),
            3 => write!(out, "over an hour"),
            4 => write!(out, "{} hours", rng.range(2, 4)),
            _ => write!(out, "{} min", rng.range(45, 90)),
        },
    };
}
