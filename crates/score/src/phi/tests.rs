use super::*;

/// Detects PHI in `text` and compares the redacted text with `expected`.
fn check(text: &str, expected: &str) {
    let detector = PhiDetector::new();
    let hits = detector.detect(text);
    assert_eq!(redact(text, &hits), expected, "input: {text:?}, hits: {hits:?}");
}

#[test]
fn names_from_context() {
    check("My mother Jane Doe is on 4 West.", "My mother [NAME] is on 4 West.");
    check("her husband Tom was never told", "her husband [NAME] was never told");
    check("Tyler's mom here, nobody called", "[NAME]'s mom here, nobody called");
    check("Dear Mr. Okonkwo, we reviewed it.", "Dear Mr. [NAME], we reviewed it.");
    check("Hi John, please DM us.", "Hi [NAME], please DM us.");
    check("patient John Smith in bed 4", "patient [NAME] in bed 4");
    check("this is Kevin Marsh, call me", "this is [NAME], call me");
    check("my account is under Marcus Whitfield, sorry", "my account is under [NAME], sorry");
    check("Never again.\n- Mary K.", "Never again.\n- [NAME].");
    check(
        "my daughter Ellie Marsh has a rash. Ellie is 4.",
        "my daughter [NAME] has a rash. [NAME] is 4.",
    );
    check("Sorry about your surgery, Ms. Alvarez.", "Sorry about your surgery, Ms. [NAME].");
    check("my son Tyler Greaves' follow-up", "my son [NAME]' follow-up");
    check("my husband tom is still waiting", "my husband [NAME] is still waiting");
}

#[test]
fn staff_are_not_names() {
    for text in [
        "Dr. Okafor was brilliant and Nurse Amy was kind.",
        "the receptionist Linda was rude",
        "our midwife Sarah stayed late",
        "Linda the receptionist hung up on me",
        "Mr Jones the consultant explained everything",
        "My surgeon, Dr. Lee, was great",
        "St Mary's Hospital was clean",
        "Hi everyone, quick question about parking",
        "my mother is fine now",
    ] {
        check(text, text);
    }
}

#[test]
fn contact_details() {
    check("call me on 555-0134 please", "call me on [PHONE] please");
    check("ring me on 07700 900123", "ring me on [PHONE]");
    check("fax (555) 123-4567", "fax [PHONE]");
    check("mail me at jo.b@example.com", "mail me at [EMAIL]");
    check("Please call us at 555-0147 today", "Please call us at 555-0147 today");
    check(
        "contact Patient Financial Services at 555-0100",
        "contact Patient Financial Services at 555-0100",
    );
    check("email patientrelations@harbor.example", "email patientrelations@harbor.example");
    check("Call 1-800-555-0199 for billing", "Call 1-800-555-0199 for billing");
}

#[test]
fn identifiers_dates_ages_addresses() {
    check("MRN 00482213 if anyone reads this", "MRN [ID] if anyone reads this");
    check("NHS number 485 777 3456", "NHS number [ID]");
    check("ssn 123-45-6789", "ssn [ID]");
    check("DOB 03/14/1979, still waiting", "DOB [DATE], still waiting");
    check("you were seen on 8/21 for it", "you were seen on [DATE] for it");
    check("my 92-year-old gran", "my [AGE] gran");
    check("she is aged 94", "she is aged [AGE]");
    check("I live at 42 Elm Street, Apt 3", "I live at [ADDRESS]");
    check("postcode SW1A 1AA", "postcode [ADDRESS]");
    check("my IP was 192.168.1.20", "my IP was [IP]");
    check("see https://mychart.example.org/record?id=4471", "see [URL]");
    check("reg LK19 XRT was towed", "reg [PLATE] was towed");
    check("pump serial number PM-44817-B failed", "pump serial number [DEVICE] failed");
}

#[test]
fn ordinary_numbers_stay() {
    for text in [
        "Waited 3 hours in 2026",
        "10/10 would recommend",
        "open 24/7",
        "room 312, floor 4",
        "paid $250 for a 10 minute visit",
        "The new wing opens on 3 March 2026.",
        "5 stars",
        "took 500mg of ibuprofen at 9:30",
        "my 45 year old husband",
        "www.stmarys.example.org/visiting",
        "version 1.2.3.4.5 of the app",
        "My son had a fever of 103 and they sent us home.",
        "her temp spiked to 104 overnight",
        "his heart rate was 130 when we arrived",
    ] {
        check(text, text);
    }
}

#[test]
fn redact_handles_unsorted_and_overlapping_hits() {
    let hit = |kind, span| PhiHit { kind, span, confidence: 1.0 };
    let text = "Jane Doe 555-0134";
    let hits = [hit(PhiKind::Phone, 9..17), hit(PhiKind::Name, 0..8), hit(PhiKind::Name, 5..8)];
    assert_eq!(redact(text, &hits), "[NAME] [PHONE]");
    assert_eq!(redact(text, &[hit(PhiKind::Name, 0..99)]), text);
    assert_eq!(redact("", &[]), "");
}

#[test]
fn risk_flags() {
    let detector = PhiDetector::new();
    let cues = RiskCues::builtin();
    let assess = |text: &str, author| cues.assess(text, &detector.detect_with_names(text), author);
    let own = RiskInput::OwnAccount("@StMarysHosp");
    let risk = assess("Hi John, we reviewed your chart from your visit on 6/12.", own).unwrap();
    assert_eq!(risk.kind, bedside_types::HipaaRiskKind::OwnAccountPhi);
    assert!(!risk.reason.contains("John"), "{}", risk.reason);
    let risk = assess("So sorry about your surgery on Tuesday.", own).unwrap();
    assert_eq!(risk.kind, bedside_types::HipaaRiskKind::OwnAccountRelationship);
    assert_eq!(assess("Thanks! We'll pass this on to Nurse Amy.", own), None);
    assert_eq!(assess("Please contact Patient Financial Services at 555-0100.", own), None);
    let risk = assess("My wife Rosa was misdiagnosed with flu, it was sepsis.", RiskInput::Public);
    assert_eq!(risk.unwrap().kind, bedside_types::HipaaRiskKind::ThirdPartyDisclosure);
    assert_eq!(assess("I was misdiagnosed, it was sepsis.", RiskInput::Public), None);
    assert_eq!(assess("Sorry about your surgery.", RiskInput::Public), None);
}

#[test]
fn token_lowercase_is_ascii_lowercase_with_straight_apostrophes() {
    use context::tokenize;
    for word in ["O'Brien", "MCDONALD", "o’neill", "Ñandú", "averyveryverylongwordindeedyes", "x"]
    {
        let mut expected = word.to_ascii_lowercase();
        if !word.is_ascii() {
            expected = expected.replace('’', "'");
        }
        assert_eq!(tokens::lower_word(word), expected);
        assert_eq!(tokens::with_lower_word(word, str::to_owned), expected);
    }
    let tokens = tokenize("Dear Mrs O’Neill’s, thanks! Ça’Va’Bien ’x’\n");
    let lower: Vec<&str> = tokens.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(
        lower,
        ["dear", "mrs", "o'neill's", ",", "thanks", "!", "Ça'va'bien", "’", "x", "’", "\n"]
    );
}

/// Texts that tempt the tokenizer and the first checks: hand-written edge cases (apostrophes
/// and hyphens at word edges, curly apostrophes, non-ASCII letters and digits, emoji, line
/// breaks), the targets set and the VADER texts.
fn tempting_texts() -> Vec<String> {
    crate::test_texts::corpus(&[
        "Greaves' follow-up, O'Brien's and O’Neill’s 92-year-old -dad- '",
        "Ñandú café naïve ŞİMŞEK ２３ ٣ x-ray x- -y 'a' ’b’ a'’b a--b",
        "a’b’c d’’e ’f’g’ É’É’x h’-i j-’k L’’ M’",
        "NINETY years, a Hundred, WwW.example.org, nin ety, hundre d",
        "😀 emoji\u{200b}zero\twidth\r\nline\n\n",
        "",
    ])
}

/// The tokenizer, read character by character as it was written first: the byte-level one
/// must split every text the same way.
fn tokenize_by_chars(text: &str) -> Vec<(std::ops::Range<usize>, String, bool)> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(at, next)) = chars.peek() {
                if next.is_alphanumeric() {
                    end = at + next.len_utf8();
                    chars.next();
                } else if matches!(next, '\'' | '’' | '-') {
                    let after = text[at + next.len_utf8()..].chars().next();
                    if after.is_some_and(char::is_alphanumeric) {
                        end = at + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let lower = tokens::lower_word(&text[start..end]);
            tokens.push((start..end, lower, true));
        } else if c == '\n' {
            tokens.push((start..start + 1, "\n".to_owned(), false));
        } else if !c.is_whitespace() {
            let end = start + c.len_utf8();
            tokens.push((start..end, text[start..end].to_owned(), false));
        }
    }
    tokens
}

#[test]
fn byte_level_tokenizer_matches_the_char_level_one() {
    let texts = tempting_texts();
    assert!(texts.len() > 4_000);
    for text in &texts {
        assert_eq!(context::tokenize(text), tokenize_by_chars(text), "{text:?}");
    }
}

#[test]
fn occurrences_are_match_indices() {
    let mut texts = tempting_texts();
    texts.push("AbAbA AbAbAb aaa Ñandú Ñ ÑÑÑ".to_owned());
    let mut n_found = 0;
    for text in &texts {
        let mut words: Vec<&str> =
            text.split([' ', '-', ',', '.']).filter(|w| !w.is_empty()).collect();
        words.truncate(8);
        words.extend(["AbA", "Ab", "ÑÑ", "Ñ", "a", "The", "I"]);
        for word in &words {
            let expected: Vec<usize> = text.match_indices(word).map(|(at, _)| at).collect();
            assert_eq!(occurrences(text, word).collect::<Vec<_>>(), expected, "{text:?}");
            n_found += expected.len();
        }
    }
    assert!(n_found > 10_000);
}

#[test]
fn recycled_tokens_keep_their_memory() {
    let tokens: Vec<context::Token<'_>> = Vec::with_capacity(100);
    let at = tokens.as_ptr() as usize;
    let tokens: Vec<context::Token<'static>> = crate::reuse::emptied(tokens);
    assert_eq!((tokens.as_ptr() as usize, tokens.capacity()), (at, 100));
}

#[test]
fn may_match_is_the_three_word_searches() {
    fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
        let needle = needle.as_bytes();
        haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
    }
    let mut n_matching = 0;
    for text in &tempting_texts() {
        let expected = text.bytes().any(|b| b.is_ascii_digit() || b == b'@' || b == b'/')
            || contains_ignore_case(text, "ninet")
            || contains_ignore_case(text, "hundred")
            || contains_ignore_case(text, "www.");
        assert_eq!(patterns::may_match(text), expected, "{text:?}");
        n_matching += usize::from(expected);
    }
    assert!(n_matching > 100);
    for text in ["nInEtY", "nineties", "HUNDRED", "Www.", "nine y hundre"] {
        assert_eq!(patterns::may_match(text), text != "nine y hundre", "{text:?}");
    }
}

/// Ages in the nineties written out pass the first check; serials and plates after their
/// cue need a digit, so a cue word before a word is no identifier.
#[test]
fn nineties_are_ages_and_serials_hold_a_digit() {
    let detector = PhiDetector::new();
    let kinds =
        |text: &str| -> Vec<PhiKind> { detector.detect(text).iter().map(|h| h.kind).collect() };
    assert!(kinds("My mum is in her late nineties now.").contains(&PhiKind::Age));
    assert!(kinds("serial number PM-44817-B failed").contains(&PhiKind::Device));
    assert!(kinds("my licence plate 7ABC123 was clamped").contains(&PhiKind::Plate));
    for text in [
        "Jeffrey Dahmer, serial killer, 1991",
        "almost hit in the parking lot #stillbitter at 5pm",
        "serial number ABCDEF failed on 2 units",
    ] {
        let kinds = kinds(text);
        assert!(!kinds.contains(&PhiKind::Device) && !kinds.contains(&PhiKind::Plate), "{text:?}");
    }
}

#[test]
fn word_walk_finds_the_tokenizers_words() {
    for text in &tempting_texts() {
        let mut walked = Vec::new();
        tokens::any_word(text, |span| {
            walked.push(span);
            false
        });
        let words: Vec<Range<usize>> =
            context::tokenize(text).into_iter().filter(|t| t.2).map(|t| t.0).collect();
        assert_eq!(walked, words, "{text:?}");
    }
}

#[test]
fn names_prefilter_never_hides_a_name() {
    let detector = PhiDetector::new();
    let mut texts = tempting_texts();
    texts.extend(
        [
            "my mum jane was admitted",
            "our son's friend ben said so",
            "@JaneDoe and #NursesWeek",
            "Hi O'Neill,",
            "— Mary K.",
            "thanks, Renée",
        ]
        .map(str::to_owned),
    );
    let mut n_names = 0;
    for text in &texts {
        let mut lower = context::LowerText::take();
        let mut words = Words::new(text, &mut lower);
        let found = names::find(&mut words, text, &detector.first_names);
        let mut lower = context::LowerText::take();
        let mut words = Words::new(text, &mut lower);
        let unfiltered = names::find_all::<true>(&mut words, text, &detector.first_names);
        assert_eq!(found.len(), unfiltered.len(), "{text:?}");
        if !unfiltered.is_empty() {
            n_names += 1;
            assert!(names::may_find(text, &detector.first_names), "{text:?}");
        }
    }
    assert!(n_names > 100);
}

#[test]
fn passing_over_plain_words_changes_no_name() {
    let detector = PhiDetector::new();
    let mut texts = tempting_texts();
    texts.extend(
        [
            "my name is jane",
            "name's Bob",
            "i'm Kevin Marsh",
            "i am Ann Lee",
            "this is Tom",
            "under the name Rosa Diaz",
            "registered as Mia Wong",
            "the Smith family",
            "hi Amy,",
            "a lady named Rose",
            "my mum jane was admitted",
            "grandma Rose",
            "mum of Finn",
        ]
        .map(str::to_owned),
    );
    let mut n_names = 0;
    for text in &texts {
        let mut lower = context::LowerText::take();
        let mut words = Words::new(text, &mut lower);
        let skipping = names::find_all::<true>(&mut words, text, &detector.first_names);
        let mut lower = context::LowerText::take();
        let mut words = Words::new(text, &mut lower);
        let reading = names::find_all::<false>(&mut words, text, &detector.first_names);
        let spans = |found: &[names::NameHit]| -> Vec<(Range<usize>, u32, names::Whose)> {
            found
                .iter()
                .map(|n| (n.candidate.span.clone(), n.candidate.confidence.to_bits(), n.whose))
                .collect()
        };
        assert_eq!(spans(&skipping), spans(&reading), "{text:?}");
        n_names += usize::from(!reading.is_empty());
    }
    assert!(n_names > 100);
    for word in lexicon::INTRODUCTIONS {
        assert!(lexicon::may_open_rule(word), "{word:?}");
    }
}

#[test]
fn word_shapes_hold_every_listed_word() {
    use lexicon::{AFTER_GREETING, GREETINGS, NOT_NAMES, RELATIVES, class_of};
    for list in [&RELATIVES, &GREETINGS, &NOT_NAMES, &AFTER_GREETING] {
        for word in list.words() {
            assert!(list.may_hold(word.as_bytes()) && list.contains(word), "{word:?}");
        }
    }
    for word in RELATIVES.words() {
        assert_ne!(class_of(word) & lexicon::RELATIVE, 0, "{word:?}");
    }
    assert_eq!(class_of("the"), 0);
    assert!(!RELATIVES.may_hold(b"the") && !RELATIVES.may_hold(b""));
}
