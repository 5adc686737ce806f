//! The mention texts: a short post about a provider (opener, topic sentences whose polarity
//! follows the provider's profile, closer), a long Reddit, forum or news post, or a remark about
//! no known provider, then styled as on social media.

use super::Generator;
use crate::bank::{Slot, Template, polarity_index};
use crate::fill::{Context, fill, sentence};
use crate::platform::{LONG_MAX, Platform};
use crate::providers::{Kind, TOPICS};
use crate::text::{join_but, lower_first, trim};
use crate::words::{DOCTORS_CLINIC, DOCTORS_HOSPITAL, TYPOS};

impl Generator {
    /// A mention's text, its overall polarity and the provider it is about.
    pub(super) fn mention_text(&mut self, platform: Platform) -> (String, i8, Option<usize>) {
        if self.rng.chance(80) {
            // About no known provider: a general remark, mostly with a story of an unnamed
            // place around it, so that these texts are not all copies of a few sentences.
            self.stats.no_provider += 1;
            let template = self.rng.pick(&self.bank.generic);
            let polarity = template.polarity;
            let ctx = Context::none(polarity);
            let mut parts = Vec::with_capacity(4);
            let mut text = String::new();
            fill(&mut text, template, &mut self.rng, &ctx);
            parts.push(text);
            if self.rng.chance(800) {
                parts.push(self.rng.pick(&self.bank.context_any).to_string());
                let topic = self.rng.below(TOPICS.len() as u64) as usize;
                let templates = &self.bank.topics[topic].sentences[polarity_index(polarity)];
                parts.push(sentence(templates, &mut self.rng, &ctx));
                if self.rng.chance(500) {
                    parts.push(
                        self.rng.pick(&self.bank.closers[polarity_index(polarity)]).to_string(),
                    );
                }
                let first = parts.remove(0);
                parts.push(first);
            }
            let text = self.style(parts.join(" "), polarity, &[], platform);
            return (trim(&text, platform.max_bytes()), polarity, None);
        }
        let provider = self.rng.weighted(&self.provider_weights);
        let long_share = match platform {
            Platform::Reddit | Platform::Forum => 100,
            Platform::News => 300,
            _ => 0,
        };
        if self.rng.chance(long_share) {
            self.stats.long_posts += 1;
            let (text, polarity) = self.long_post(provider);
            return (text, polarity, Some(provider));
        }
        let (text, polarity) = self.compose(provider, platform);
        (trim(&text, platform.max_bytes()), polarity, Some(provider))
    }

    fn reference(&mut self, provider: usize, platform: Platform) -> String {
        let p = &self.providers[provider];
        if platform == Platform::Twitter && !p.handles.is_empty() && self.rng.chance(550) {
            return self.rng.pick(&p.handles).clone();
        }
        let pick = self.rng.below(p.aliases.len() as u64 + 2) as usize;
        let name = if pick < 2 { p.name.clone() } else { p.aliases[pick - 2].clone() };
        if p.kind != Kind::Doctor && self.rng.chance(60) { name.to_lowercase() } else { name }
    }

    fn context(&mut self, provider: usize, polarity: i8, reference: String) -> Context {
        let p = &self.providers[provider];
        let parent = p.parent.map(|idx| {
            let parent = &self.providers[idx];
            let pick = self.rng.below(parent.aliases.len() as u64 + 1) as usize;
            if pick == 0 { parent.name.clone() } else { parent.aliases[pick - 1].clone() }
        });
        let doctor = if p.kind == Kind::Doctor {
            self.rng.pick(&p.doctor_names()).to_string()
        } else if !p.doctors.is_empty() && self.rng.chance(300) {
            let doc = &self.providers[*self.rng.pick(&p.doctors)];
            self.rng.pick(&doc.doctor_names()).to_string()
        } else if p.kind == Kind::Hospital {
            self.rng.pick(DOCTORS_HOSPITAL).to_string()
        } else {
            self.rng.pick(DOCTORS_CLINIC).to_string()
        };
        Context { reference, parent, doctor, hospital: p.kind == Kind::Hospital, polarity }
    }

    /// One short post about `provider`, as the demo's `compose` writes it.
    fn compose(&mut self, provider: usize, platform: Platform) -> (String, i8) {
        let reference = self.reference(provider, platform);
        let p_kind = self.providers[provider].kind;
        let special = self.rng.below(1000);
        if special < 35 {
            let doctor = p_kind == Kind::Doctor;
            let pool = if doctor { &self.bank.doctor_traps } else { &self.bank.traps };
            let idx = self.rng.below(pool.len() as u64) as usize;
            let polarity = if doctor { 1 } else { pool[idx].polarity };
            let ctx = self.context(provider, polarity, reference);
            let pool = if doctor { &self.bank.doctor_traps } else { &self.bank.traps };
            let mut text = String::new();
            fill(&mut text, &pool[idx], &mut self.rng, &ctx);
            return (text, polarity);
        }
        if special < 75 {
            let profile = self.providers[provider].profile;
            let sour: Vec<usize> = (0..TOPICS.len())
                .filter(|&t| profile[t].1 < 500 && !self.bank.topics[t].sarcasm.is_empty())
                .collect();
            if !sour.is_empty() {
                let topic = *self.rng.pick(&sour);
                let ctx = self.context(provider, -1, reference);
                let template = self.rng.pick(&self.bank.topics[topic].sarcasm);
                let mut text = String::new();
                fill(&mut text, template, &mut self.rng, &ctx);
                return (text, -1);
            }
        }

        let n_topics = (self.rng.weighted(&[24, 40, 27, 9]) as u64 + 1).min(platform.max_topics());
        let (topics, polarities) = self.pick_topics(provider, n_topics);
        let mut sentences = Vec::with_capacity(topics.len() + 1);
        for (&topic, &polarity) in topics.iter().zip(&polarities) {
            let ctx = self.context(provider, polarity, reference.clone());
            let templates = &self.bank.topics[topic].sentences[polarity_index(polarity)];
            sentences.push(sentence(templates, &mut self.rng, &ctx));
        }
        let mut sum: i64 = polarities.iter().map(|&p| i64::from(p)).sum();
        let mut count = polarities.len() as i64;
        if self.rng.chance(120) {
            let polarity = [1, -1, 0][self.rng.weighted(&[45, 45, 10])];
            let ctx = self.context(provider, polarity, reference.clone());
            sentences.push(sentence(
                &self.bank.staff[polarity_index(polarity)],
                &mut self.rng,
                &ctx,
            ));
            sum += i64::from(polarity);
            count += 1;
        }
        if sentences.len() >= 2
            && polarities.len() >= 2
            && polarities[0] * polarities[1] < 0
            && self.rng.chance(550)
        {
            let second = sentences.remove(1);
            sentences[0] = join_but(&sentences[0], &second);
        }
        // Overall polarity: the mean, with a dead zone of +-0.2.
        let polarity: i8 = if 5 * sum > count {
            1
        } else if 5 * sum < -count {
            -1
        } else {
            0
        };

        let mut parts: Vec<String> = Vec::with_capacity(sentences.len() + 3);
        let mut named = false;
        let opener = self.rng.below(1000);
        let ctx = self.context(provider, polarity, reference.clone());
        if p_kind == Kind::Doctor {
            if opener < 600 {
                let usable: Vec<&Template> = self
                    .bank
                    .openers_doctor
                    .iter()
                    .filter(|t| ctx.parent.is_some() || !t.has(Slot::Parent))
                    .collect();
                let mut text = String::new();
                let template = *self.rng.pick(&usable);
                fill(&mut text, template, &mut self.rng, &ctx);
                parts.push(text);
                named = true;
            }
        } else if opener < 700 {
            let mut text = String::new();
            fill(&mut text, self.rng.pick(&self.bank.openers_any), &mut self.rng, &ctx);
            parts.push(text);
            named = true;
        }
        if self.rng.chance(350) {
            let pool = if p_kind == Kind::Hospital && self.rng.chance(330) {
                &self.bank.context_hospital
            } else {
                &self.bank.context_any
            };
            parts.push(self.rng.pick(pool).to_string());
        }
        parts.extend(sentences);
        if self.rng.chance(450) {
            parts.push(self.rng.pick(&self.bank.closers[polarity_index(polarity)]).to_string());
        }
        let mut text = parts.join(" ");
        if !named {
            let r = &reference;
            text = match (self.rng.below(3), r.starts_with('@')) {
                (0, true) => format!("{r} {text}"),
                (1, true) => format!("{text} {r}"),
                (_, true) => format!("Hey {r}, {}", lower_first(&text)),
                (0, false) => format!("{r}: {text}"),
                (1, false) => format!("{text} ({r})"),
                (_, false) => format!("About {r}. {text}"),
            };
        }
        let topic_ids: Vec<usize> = topics;
        (self.style(text, polarity, &topic_ids, platform), polarity)
    }

    fn pick_topics(&mut self, provider: usize, n_topics: u64) -> (Vec<usize>, Vec<i8>) {
        let profile = self.providers[provider].profile;
        let mut weights: Vec<u64> = profile.iter().map(|&(w, _)| w).collect();
        let mut topics = Vec::new();
        let mut polarities = Vec::new();
        for _ in 0..n_topics {
            let topic = self.rng.weighted(&weights);
            weights[topic] = 0;
            topics.push(topic);
            let polarity = if self.rng.chance(70) {
                0
            } else if self.rng.below(1000) < profile[topic].1 {
                1
            } else {
                -1
            };
            polarities.push(polarity);
            if weights.iter().all(|&w| w == 0) {
                break;
            }
        }
        (topics, polarities)
    }

    /// Emoji, hashtags, typos, shouting and lower case, as on social media.
    fn style(
        &mut self,
        mut text: String,
        polarity: i8,
        topics: &[usize],
        platform: Platform,
    ) -> String {
        if self.rng.chance(80) {
            let (good, bad) = *self.rng.pick(TYPOS);
            if let Some(at) = text.find(good) {
                text.replace_range(at..at + good.len(), bad);
            }
        }
        if polarity < 0
            && self.rng.chance(60)
            && let Some(end) = text.find(". ")
        {
            let shout = text[..end].to_uppercase();
            text.replace_range(..end, &shout);
        }
        let twitter_like = matches!(platform, Platform::Twitter | Platform::Instagram);
        if twitter_like && self.rng.chance(120) {
            text = text.to_lowercase();
        }
        if platform.social() && self.rng.chance(450) {
            let emoji = *self.rng.pick(&self.bank.emoji[polarity_index(polarity)]);
            text.push(' ');
            for _ in 0..[1, 1, 1, 2, 3][self.rng.below(5) as usize] {
                text.push_str(emoji);
            }
        }
        let tag_chance = if platform == Platform::Instagram { 700 } else { 300 };
        if twitter_like && !topics.is_empty() && self.rng.chance(tag_chance) {
            let side = usize::from(polarity <= 0);
            for &topic in topics {
                let tags = &self.bank.topics[topic].hashtags[side];
                if !tags.is_empty() {
                    let tag = *self.rng.pick(tags);
                    if !text.contains(tag) {
                        text.push(' ');
                        text.push_str(tag);
                    }
                }
            }
        }
        if platform == Platform::Facebook
            && self.rng.chance(150)
            && let Some(at) = text.find(". ")
        {
            text.replace_range(at..at + 2, ".\n");
        }
        if self.rng.chance(40) {
            text = text.replace('&', "&amp;").replace('\'', "&#39;").replace('"', "&quot;");
        } else if text.is_ascii() && text.contains('\'') && self.rng.chance(2) {
            // UTF-8 read as cp1252: a right single quote becomes "â€™".
            text = text.replace('\'', "\u{e2}\u{20ac}\u{2122}");
        }
        text
    }

    /// A long Reddit, forum or news post: paragraphs of narrative, topic and context sentences,
    /// heavy-tailed in length and capped at `LONG_MAX` bytes.
    fn long_post(&mut self, provider: usize) -> (String, i8) {
        let n_sentences = 10
            + match self.rng.weighted(&[50, 25, 13, 8, 4]) {
                0 => self.rng.range(0, 10),
                1 => self.rng.range(10, 25),
                2 => self.rng.range(25, 50),
                3 => self.rng.range(50, 80),
                _ => self.rng.range(80, 120),
            };
        let reference = self.providers[provider].name.clone();
        let (topics, polarities) = self.pick_topics(provider, 5);
        let mut text = format!(
            "We went to {reference} {}.",
            self.rng.pick(&[
                "last month",
                "on a Saturday",
                "in the middle of the night",
                "twice this year"
            ])
        );
        let mut sum = 0i64;
        let mut since_break = 1;
        for idx in 1..n_sentences {
            let sentence = match self.rng.below(10) {
                0..6 => self.rng.pick(&self.bank.story).to_string(),
                6..9 => {
                    let pick = (idx as usize) % topics.len();
                    let polarity = polarities[pick];
                    sum += i64::from(polarity);
                    let ctx = self.context(provider, polarity, reference.clone());
                    let templates =
                        &self.bank.topics[topics[pick]].sentences[polarity_index(polarity)];
                    sentence(templates, &mut self.rng, &ctx)
                }
                _ => self.rng.pick(&self.bank.context_any).to_string(),
            };
            let separator = if since_break >= 3 && self.rng.chance(300) {
                since_break = 0;
                "\n\n"
            } else {
                " "
            };
            if text.len() + separator.len() + sentence.len() > LONG_MAX {
                break;
            }
            text.push_str(separator);
            text.push_str(&sentence);
            since_break += 1;
        }
        (text, sum.signum() as i8)
    }
}
