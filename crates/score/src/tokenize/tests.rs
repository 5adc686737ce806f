use super::*;
use TokenKind::*;

/// Tokenizes `text` and compares the tokens with `expected`, and checks every span.
fn check(text: &str, expected: &[(&str, TokenKind)]) {
    let tokens: Vec<Token<'_>> = Tokenizer::default().tokens(text).collect();
    for token in &tokens {
        assert_eq!(&text[token.span.clone()], token.text, "span of {token:?} in {text:?}");
    }
    let got: Vec<(&str, TokenKind)> = tokens.iter().map(|t| (t.text, t.kind)).collect();
    assert_eq!(got, expected, "tokens of {text:?}");
}

/// Splits `text` into sentences and compares them with `expected`.
fn check_sentences(text: &str, expected: &[&str]) {
    let got: Vec<&str> = sentences(text).map(|range| &text[range]).collect();
    assert_eq!(got, expected, "sentences of {text:?}");
}

#[test]
fn words_and_contractions() {
    check("don't isn't O'Brien", &[("don't", Word), ("isn't", Word), ("O'Brien", Word)]);
    check("don’t O’Brien’s", &[("don’t", Word), ("O’Brien’s", Word)]);
    check("patients' rights", &[("patients", Word), ("'", Punct), ("rights", Word)]);
    check("'quoted'", &[("'", Punct), ("quoted", Word), ("'", Punct)]);
    check("follow-up x-ray covid-19", &[("follow-up", Word), ("x-ray", Word), ("covid-19", Word)]);
    check("well--ok", &[("well", Word), ("--", Punct), ("ok", Word)]);
    check("café über naïve", &[("café", Word), ("über", Word), ("naïve", Word)]);
    // A decomposed accent (e + U+0301) stays in its word.
    check("cafe\u{301} ok", &[("cafe\u{301}", Word), ("ok", Word)]);
    check("病院 はい", &[("病院", Word), ("はい", Word)]);
    check("covid19 a1c", &[("covid19", Word), ("a1c", Word)]);
}

#[test]
fn abbreviations() {
    check("Dr. Patel", &[("Dr.", Word), ("Patel", Word)]);
    check("St. Mary's", &[("St.", Word), ("Mary's", Word)]);
    check("DR. MRS. vs. etc.", &[("DR.", Word), ("MRS.", Word), ("vs.", Word), ("etc.", Word)]);
    check(
        "e.g. i.e. U.S.A. a.m.",
        &[("e.g.", Word), ("i.e.", Word), ("U.S.A.", Word), ("a.m.", Word)],
    );
    check("Patel.", &[("Patel", Word), (".", Punct)]);
    check("a.b", &[("a", Word), (".", Punct), ("b", Word)]);
    check("St.Mary", &[("St.", Word), ("Mary", Word)]);
}

#[test]
fn numbers() {
    check(
        "3.5 1,000 10:30 42",
        &[("3.5", Number), ("1,000", Number), ("10:30", Number), ("42", Number)],
    );
    check("waited 3.", &[("waited", Word), ("3", Number), (".", Punct)]);
    check("1st 3pm 24-hour", &[("1st", Word), ("3pm", Word), ("24-hour", Word)]);
    check("3.5mg", &[("3.5", Number), ("mg", Word)]);
    check("$200 50%", &[("$", Punct), ("200", Number), ("50", Number), ("%", Punct)]);
    check("24/7", &[("24", Number), ("/", Punct), ("7", Number)]);
    check("8:pm", &[("8", Number), (":", Punct), ("pm", Word)]);
}

#[test]
fn urls_and_emails() {
    check(
        "see https://example.org/a?b=1, or www.nhs.uk.",
        &[
            ("see", Word),
            ("https://example.org/a?b=1", Url),
            (",", Punct),
            ("or", Word),
            ("www.nhs.uk", Url),
            (".", Punct),
        ],
    );
    check(
        "(https://en.wikipedia.org/wiki/A_(b))",
        &[("(", Punct), ("https://en.wikipedia.org/wiki/A_(b)", Url), (")", Punct)],
    );
    check("HTTP://X.ORG", &[("HTTP://X.ORG", Url)]);
    check("nhs.uk/contact now", &[("nhs.uk/contact", Url), ("now", Word)]);
    check("example.com", &[("example.com", Url)]);
    check("end.Then", &[("end", Word), (".", Punct), ("Then", Word)]);
    check(
        "mail john.smith+x@nhs.net.",
        &[("mail", Word), ("john.smith+x@nhs.net", Email), (".", Punct)],
    );
    check("me@x", &[("me", Word), ("@", Punct), ("x", Word)]);
}

#[test]
fn handles_and_hashtags() {
    check(
        "@StMarysHosp's #LongWait #1 #_a",
        &[
            ("@StMarysHosp", Handle),
            ("'", Punct),
            ("s", Word),
            ("#LongWait", Hashtag),
            ("#", Punct),
            ("1", Number),
            ("#_a", Hashtag),
        ],
    );
    check("@dr_patel2:", &[("@dr_patel2", Handle), (":", Punct)]);
    check("C# @ #", &[("C", Word), ("#", Punct), ("@", Punct), ("#", Punct)]);
}

#[test]
fn emoticons() {
    for emoticon in [":)", ":-(", ":'(", ":’(", ";)", ":D", "xD", "XD", "<3", ":P", ">:(", "^_^"]
    {
        check(emoticon, &[(emoticon, Emoticon)]);
    }
    check(
        "great:) bad :(((",
        &[("great", Word), (":)", Emoticon), ("bad", Word), (":(((", Emoticon)],
    );
    check("<333 ok", &[("<333", Emoticon), ("ok", Word)]);
    // Not emoticons: glued to letters or digits.
    check("xDr", &[("xDr", Word)]);
    check("boxD", &[("boxD", Word)]);
    check(":Dog", &[(":", Punct), ("Dog", Word)]);
    check("<30", &[("<", Punct), ("30", Number)]);
}

#[test]
fn emoji() {
    check("😀😡", &[("😀", Emoji), ("😡", Emoji)]);
    check("👍🏽 ok", &[("👍🏽", Emoji), ("ok", Word)]);
    // Family (ZWJ sequence), health worker with skin tone, rainbow flag with VS16.
    check("👨‍👩‍👧", &[("👨‍👩‍👧", Emoji)]);
    check("🧑🏾‍⚕️", &[("🧑🏾‍⚕️", Emoji)]);
    check("🏳️‍🌈", &[("🏳️‍🌈", Emoji)]);
    check("❤️❤", &[("❤️", Emoji), ("❤", Emoji)]);
    // Flags are pairs of regional indicators.
    check("🇬🇧🇺🇸🇫", &[("🇬🇧", Emoji), ("🇺🇸", Emoji), ("🇫", Emoji)]);
    // Subdivision flag with tag characters, keycap, symbol with emoji presentation.
    check("🏴󠁧󠁢󠁳󠁣󠁴󠁿", &[("🏴󠁧󠁢󠁳󠁣󠁴󠁿", Emoji)]);
    check("1️⃣ 2", &[("1️⃣", Emoji), ("2", Number)]);
    check("©️ ©", &[("©️", Emoji), ("©", Punct)]);
    check("thanks🙏!", &[("thanks", Word), ("🙏", Emoji), ("!", Punct)]);
}

#[test]
fn punctuation() {
    check(
        "“great” — really…",
        &[
            ("“", Punct),
            ("great", Word),
            ("”", Punct),
            ("—", Punct),
            ("really", Word),
            ("…", Punct),
        ],
    );
    check(
        "wow!!! ?! ...",
        &[("wow", Word), ("!!!", Punct), ("?", Punct), ("!", Punct), ("...", Punct)],
    );
    // Invisible characters separate tokens and never form one.
    check("a\u{200B}b \u{FEFF}", &[("a", Word), ("b", Word)]);
    check("", &[]);
    check(" \n\t ", &[]);
}

#[test]
fn spans_are_byte_ranges() {
    let text = "Né 😀 ok";
    let spans: Vec<Range<usize>> = Tokenizer::new().tokens(text).map(|t| t.span).collect();
    assert_eq!(spans, [0..3, 4..8, 9..11]);
}

#[test]
fn every_char_is_in_a_token_or_skipped() {
    // Odd input must neither panic nor lose visible characters.
    let text =
        "a\u{301}\u{301} \u{200D}x \u{FE0F}! @ # :- <3< \u{1F3FB} 'x-' -1 1. .5 ©\u{FE0F}\u{FE0F}";
    let n_visible: usize = text
        .chars()
        .filter(|&c| !c.is_whitespace() && !scan::is_invisible(c))
        .map(char::len_utf8)
        .sum();
    let n_tokens: usize = Tokenizer::new().tokens(text).map(|t| t.span.len()).sum();
    let n_invisible_in_tokens: usize = Tokenizer::new()
        .tokens(text)
        .flat_map(|t| t.text.chars())
        .filter(|&c| scan::is_invisible(c))
        .map(char::len_utf8)
        .sum();
    assert_eq!(n_tokens - n_invisible_in_tokens, n_visible);
}

#[test]
fn sentence_splitting() {
    check_sentences(
        "Waited 3.5 hours. Dr. Patel was great!",
        &["Waited 3.5 hours.", "Dr. Patel was great!"],
    );
    check_sentences("Why?! So rude!!! Never again...", &["Why?!", "So rude!!!", "Never again..."]);
    check_sentences(
        "See St. Mary's e.g. the ER. Mrs. Khan vs. Mr. Li.",
        &["See St. Mary's e.g. the ER.", "Mrs. Khan vs. Mr. Li."],
    );
    check_sentences("Go to www.nhs.uk. It helps", &["Go to www.nhs.uk.", "It helps"]);
    check_sentences("line one\nline two\r\n\nthree", &["line one", "line two", "three"]);
    check_sentences("He said \"awful.\" Then left.", &["He said \"awful.\"", "Then left."]);
    check_sentences("(Great.) Next", &["(Great.)", "Next"]);
    check_sentences("Thanks! 😊 See you", &["Thanks! 😊", "See you"]);
    check_sentences("Thanks! :) bye", &["Thanks! :)", "bye"]);
    check_sentences("Waited… forever", &["Waited…", "forever"]);
    check_sentences(
        "forms etc. The nurse, paperwork etc. and more",
        &["forms etc.", "The nurse, paperwork etc. and more"],
    );
    check_sentences("  no terminator  ", &["no terminator"]);
    check_sentences("", &[]);
    check_sentences(" . ", &["."]);
}

/// The tokens of each sentence (taken from the whole text's where the sentence reads alone as
/// there) are those of the sentence tokenized alone: on hand-written texts, sentences glued to
/// their neighbours (a sentence's edge is no whitespace), the targets set and the VADER texts.
#[test]
fn sentence_tokens_are_each_sentence_tokenized_alone() {
    let texts = crate::test_texts::corpus(&[
        "Dr. Patel was kind :) but the wait... 3.5 hours!!! See www.nhs.uk. Never again",
        "line one\nline two\r\n\n#three @four",
        "",
        "  . ",
        "Waited… forever 😊 then left",
        "fine.Then we left",
        "great!Thanks a lot",
        "Great! :DThanks",
        "ok :)x then",
        "see www.nhs.uk.Then call",
        "etc.The end",
        "3.5.Next",
        "Dr.Patel was kind.Nurse Amy too!!!and more",
        "he said \"fine.\"Then left",
        "wait\u{200B}.Then 😀😀.Next #tag.@handle",
        "e.g.This",
        "A&E.Then",
        "x.\u{00A0}Then",
    ]);
    assert!(texts.len() > 23_000);
    for text in &texts {
        let parts = SentenceTokens::of(text);
        let expected: Vec<Range<usize>> = sentences(text).collect();
        assert_eq!(parts.sentences, expected, "sentences of {text:?}");
        for (index, sentence) in expected.iter().enumerate() {
            let alone: Vec<Token<'_>> = tokens_within(text, sentence.clone()).collect();
            let shared: Vec<Token<'_>> = parts.tokens(text, index).collect();
            assert_eq!(shared, alone, "sentence {index} of {text:?}");
        }
    }
}

/// The plain-word shortcut of [`Tokens`] reads every token as [`scan::scan`] alone would: at
/// each token's start, `scan` gives the same end and kind, so the token streams are equal.
#[test]
fn plain_word_shortcut_reads_as_scan() {
    let extra = [
        "xD XD xDD oD oDonnell ToDo TD T_T o_O Xmas",
        "http://x.com https://nhs.uk www.nhs.uk http: https www wwwx http www. WWW.! Www.",
        "e.g. Dr. Dr Patel. don't O'Brien follow-up a@b.com a_b a%b a+b word: café naïve",
        "nurse😊 nurse\u{200B}x 3pm a1c covid-19 abc.def nhs.uk end",
        "Dr. dr. DR. etc. approx. Approx.x St.Mary a.b.c. U.S. e.g. x. ab. nhs.uk. good.",
        "foo.@ a.b@c.com word.. word.x word._ word.- word.% word.+ word.é word.😊 end.",
        ",, .. !!! ?! \"quoted\" (paren) [x] {y} a/b a|b ~ ` \\ _x_ $5 5% &amp; *",
        "*\u{20E3} !\u{FE0F} ,\u{FE0F} .😊 ) ( ''word'' '' _-_ -_- ^^ ^_^ :) ;) <3 =D",
    ];
    for text in crate::test_texts::corpus(&extra) {
        for token in Tokenizer::default().tokens(&text) {
            let start = token.span.start;
            let c = text[start..].chars().next().unwrap();
            assert_eq!(
                scan::scan(&text, start, c),
                (token.span.end, token.kind),
                "token {:?} of {text:?}",
                token.text
            );
        }
    }
}
