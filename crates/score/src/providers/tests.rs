use std::path::PathBuf;
use std::sync::LazyLock;

use bedside_types::ProviderHints;

use super::*;
use crate::Error;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/fixtures/providers").join(name)
}

static RESOLVER: LazyLock<ProviderResolver> = LazyLock::new(|| {
    ProviderResolver::new(&ProviderDirectory::from_path(&fixture("providers.csv")).unwrap())
});

/// Hints for [`check`]: `provider_id`, `location_id`, `handle` and `page`, `None` for unset.
type Hints<'a> = [Option<&'a str>; 4];

const NO_HINTS: Hints<'static> = [None; 4];

/// Resolves a mention with `text` and `hints` against the fixture directory and compares the
/// provider id and match kind with the expected ones.
fn check(text: &str, hints: Hints<'_>, expected_id: &str, expected_kind: MatchKind) {
    let [provider_id, location_id, handle, page] = hints.map(|h| h.map(str::to_owned));
    let mention = Mention {
        text: text.to_owned(),
        hints: ProviderHints { provider_id, location_id, handle, page },
        ..Mention::default()
    };
    let got = RESOLVER.resolve(&mention);
    assert_eq!(
        (got.id.as_str(), got.kind),
        (expected_id, expected_kind),
        "text {text:?} with hints {hints:?}"
    );
}

/// Reads the fixture `name` and compares the error's row, column and message.
fn check_error(name: &str, row: u64, column: Option<&str>, message: &str) {
    let err = ProviderDirectory::from_path(&fixture(name)).unwrap_err();
    let Error::ProviderDirectory { file, row: got_row, column: got_column, message: got_message } =
        &err
    else {
        panic!("{name}: unexpected error {err:?}")
    };
    assert!(file.ends_with(name), "{file}");
    assert_eq!((*got_row, got_column.as_deref(), got_message.as_str()), (row, column, message));
}

#[test]
fn reads_the_directory() {
    let directory = RESOLVER.directory();
    assert_eq!(directory.providers().len(), 6);
    let st_marys = directory.get("st_marys").unwrap();
    assert_eq!(st_marys.name, "St. Mary's Hospital");
    assert_eq!(st_marys.kind, "hospital");
    assert_eq!(st_marys.aliases, ["St Mary's", "Saint Mary's Hospital"]);
    assert_eq!(st_marys.handles, ["@StMarysHosp"]);
    assert_eq!(st_marys.location_ids, ["g:stmarys-main", "yelp:st-marys-hospital"]);
    assert_eq!(st_marys.parent_id, None);
    let patel_a = directory.get("patel_a").unwrap();
    assert_eq!(patel_a.parent_id.as_ref().map(|p| p.as_str()), Some("riverside"));
    assert_eq!(directory.index_of("patel_r"), Some(5));
    assert!(directory.get("nope").is_none());
    assert!(directory.is_ancestor(0, 4));
    assert!(!directory.is_ancestor(4, 0));
    assert!(!directory.is_ancestor(1, 4));
}

#[test]
fn reads_minimal_directories() {
    // Only `id` and `name` are required, in any order and case; a BOM and extra columns are fine.
    let directory = ProviderDirectory::from_path(&fixture("minimal_bom.csv")).unwrap();
    let provider = &directory.providers()[0];
    assert_eq!((provider.id.as_str(), provider.name.as_str()), ("c1", "Clinic, The"));
    assert_eq!(provider.kind, "other");
    assert!(provider.aliases.is_empty() && provider.parent_id.is_none());

    let directory = ProviderDirectory::from_reader("mem", "id,name\n".as_bytes()).unwrap();
    assert!(directory.is_empty());
    assert!(ProviderDirectory::default().is_empty());
}

#[test]
fn directory_errors_name_row_and_column() {
    check_error("bad_duplicate_id.csv", 4, Some("id"), "duplicate id `a` (first on row 2)");
    check_error("bad_missing_name.csv", 3, Some("name"), "missing name");
    check_error("bad_unknown_parent.csv", 3, Some("parent_id"), "unknown parent id `zzz`");
    check_error("bad_empty_id.csv", 3, Some("id"), "empty id");
    check_error(
        "bad_duplicate_handle.csv",
        3,
        Some("handles"),
        "handle \"aclinic\" already belongs to row 2",
    );
    check_error(
        "bad_duplicate_location.csv",
        3,
        Some("location_ids"),
        "location id \"g:1\" already belongs to row 2",
    );
    check_error(
        "bad_parent_cycle.csv",
        2,
        Some("parent_id"),
        "`a` is its own ancestor (a parent_id cycle)",
    );
    check_error("bad_missing_column.csv", 1, None, "missing column `name` in the header");
    check_error("bad_field_count.csv", 2, None, "expected 7 fields, found 6");
    check_error("bad_kind.csv", 2, Some("kind"), "kind \"Big Hospital\" is not a lowercase word");
    check_error(
        "bad_handle.csv",
        2,
        Some("handles"),
        "handle \"St Marys\" is not letters, digits and `_`",
    );
    check_error("bad_reserved_id.csv", 2, Some("id"), "the id `unknown` is reserved");
    check_error("bad_alias.csv", 2, Some("aliases"), "alias \"!!!\" has no word");

    let err = ProviderDirectory::from_path(&fixture("missing.csv")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let err = ProviderDirectory::from_reader("mem.csv", &b"id,name\nb,\xff\n"[..]).unwrap_err();
    assert_eq!(err.to_string(), "mem.csv: row 2, column name: invalid UTF-8");
    let err = ProviderDirectory::from_reader("mem.csv", "id,name\n,x\n".as_bytes()).unwrap_err();
    assert_eq!(err.to_string(), "mem.csv: row 2, column id: empty id");
}

#[test]
fn metadata_paths() {
    check("", [Some("northside"), None, None, None], "northside", MatchKind::ProviderId);
    check("", [Some(" lakeview "), None, None, None], "lakeview", MatchKind::ProviderId);
    check(
        "",
        [None, Some("yelp:st-marys-hospital"), None, None],
        "st_marys",
        MatchKind::LocationId,
    );
    check("", [None, None, Some("@stmaryshosp"), None], "st_marys", MatchKind::Handle);
    check("", [None, None, Some("STMARYSHOSP"), None], "st_marys", MatchKind::Handle);
    check("", [None, None, Some("@LakeviewCare"), None], "lakeview", MatchKind::Handle);
    check("", [None, None, None, Some("Northside General")], "northside", MatchKind::Page);
    check("", [None, None, None, Some("st marys hospital")], "st_marys", MatchKind::Page);
    // The order: provider id, location id, handle, page.
    let all = [Some("northside"), Some("g:lakeview"), Some("@RiversideClinic"), Some("Lakeview")];
    check("", all, "northside", MatchKind::ProviderId);
    check("", [None, all[1], all[2], all[3]], "lakeview", MatchKind::LocationId);
    check("", [None, None, all[2], all[3]], "riverside", MatchKind::Handle);
    // Unknown hints fall through to the next hint and to the text.
    check(
        "",
        [Some("nope"), Some("g:nope"), Some("@nope"), Some("Nope")],
        "unknown",
        MatchKind::None,
    );
    check("At Lakeview Clinic", [Some("nope"), None, None, None], "lakeview", MatchKind::Text);
    check("At Lakeview Clinic", [Some(""), None, Some("  "), None], "lakeview", MatchKind::Text);
}

#[test]
fn text_names_aliases_and_handles() {
    check("Great care at St. Mary's Hospital", NO_HINTS, "st_marys", MatchKind::Text);
    check("ST MARY'S HOSPITAL!!", NO_HINTS, "st_marys", MatchKind::Text);
    check("thanks @northsidegen", NO_HINTS, "northside", MatchKind::Text);
    check("Nothing here", NO_HINTS, "unknown", MatchKind::None);
    check("", NO_HINTS, "unknown", MatchKind::None);
    check("Northside-General rocks", NO_HINTS, "northside", MatchKind::Text);
    check("Dr. Anita Patel's team", NO_HINTS, "patel_a", MatchKind::Text);
}

#[test]
fn punctuation_variants() {
    for text in [
        "I went to St Mary's",
        "I went to St. Mary's",
        "I went to Saint Mary's Hospital",
        "I went to St Marys",
        "I went to St Mary’s",
        "I went to st. mary’s.",
        "I went to saint marys",
    ] {
        check(text, NO_HINTS, "st_marys", MatchKind::Text);
    }
    for text in
        ["Raj Patel", "Dr Raj Patel", "Dr. Raj Patel", "Doctor Raj Patel", "Dr. Raj Patel's"]
    {
        check(text, NO_HINTS, "patel_r", MatchKind::Text);
    }
}

#[test]
fn whole_words_only() {
    check("Dr. Patelson was great", NO_HINTS, "unknown", MatchKind::None);
    check("Anita Patelli", NO_HINTS, "unknown", MatchKind::None);
    check("Dr.Patel2", NO_HINTS, "unknown", MatchKind::None);
    check("St Maryland Hospital", NO_HINTS, "unknown", MatchKind::None);
    check("@StMarysHospital", NO_HINTS, "unknown", MatchKind::None);
    check("email stmaryshosp@example.com", NO_HINTS, "unknown", MatchKind::None);
    // A name broken by punctuation is not the name.
    check("Northside, General", NO_HINTS, "unknown", MatchKind::None);
    // "St. Mary" is "St Mary's" without its possessive.
    check("St. Mary, s Hospital", NO_HINTS, "st_marys", MatchKind::Text);
}

#[test]
fn ambiguity() {
    // "Dr. Patel" is an alias of both doctors.
    check("Dr. Patel was lovely", NO_HINTS, "patel_a", MatchKind::Ambiguous);
    check("Dr Patel's office", NO_HINTS, "patel_a", MatchKind::Ambiguous);
    // Metadata naming a parent disambiguates, and the doctor is more specific.
    let lakeview = [None, None, Some("@LakeviewCare"), None];
    check("Dr. Patel was lovely", lakeview, "patel_r", MatchKind::Text);
    let riverside = [None, Some("g:riverside"), None, None];
    check("Dr. Patel was lovely", riverside, "patel_a", MatchKind::Text);
    // A grandparent works too.
    check(
        "Dr. Patel was lovely",
        [Some("northside"), None, None, None],
        "patel_r",
        MatchKind::Text,
    );
    // A parent named in the text disambiguates.
    check("Dr. Patel at Lakeview Clinic", NO_HINTS, "patel_r", MatchKind::Text);
    check("Riverside Clinic: Dr. Patel is great", NO_HINTS, "patel_a", MatchKind::Text);
    // When metadata and text point to different doctors, the name stays ambiguous and the
    // metadata provider is kept.
    let other = [None, None, None, Some("Saint Mary's Hospital")];
    check("Dr. Patel at Lakeview Clinic", other, "st_marys", MatchKind::Page);
    check("Dr. Patel", [None, None, Some("@NorthsideGen"), None], "patel_r", MatchKind::Text);
    check("Dr. Patel", [Some("st_marys"), None, None, None], "patel_a", MatchKind::Text);
    check("Dr. Patel", [Some("patel_r"), None, None, None], "patel_r", MatchKind::ProviderId);
    // An ambiguous page is narrowed by the text, or stays ambiguous.
    check("", [None, None, None, Some("Dr. Patel")], "patel_a", MatchKind::Ambiguous);
    check("Lakeview Clinic", [None, None, None, Some("Dr. Patel")], "patel_r", MatchKind::Page);
    // A doctor named in full elsewhere in the text settles it.
    check("Dr. Patel, I mean Raj Patel", NO_HINTS, "patel_r", MatchKind::Text);
}

#[test]
fn specific_over_general_and_first_named() {
    // A provider that belongs to the first named one is more specific.
    check("St Mary's, Riverside Clinic, Anita Patel", NO_HINTS, "patel_a", MatchKind::Text);
    check("Riverside Clinic and then St Mary's", NO_HINTS, "riverside", MatchKind::Text);
    // Unrelated providers: the first named wins.
    check("Northside General beats St Mary's", NO_HINTS, "northside", MatchKind::Text);
    check("St Mary's beats Northside General", NO_HINTS, "st_marys", MatchKind::Text);
    // Metadata wins over an unrelated provider in the text.
    check(
        "Northside General",
        [None, None, Some("StMarysHosp"), None],
        "st_marys",
        MatchKind::Handle,
    );
    // Metadata is refined by a provider below it in the text.
    check(
        "Riverside Clinic",
        [None, None, Some("StMarysHosp"), None],
        "riverside",
        MatchKind::Text,
    );
}

#[test]
fn find_in_text_lists_every_provider() {
    let text = "Dr. Patel (St. Mary’s) and @NorthsideGen; Dr. Patelson";
    let found: Vec<(&str, &str)> = RESOLVER
        .find_in_text(text)
        .into_iter()
        .map(|m| (RESOLVER.directory().providers()[m.provider].id.as_str(), &text[m.span]))
        .collect();
    assert_eq!(
        found,
        [
            ("patel_a", "Dr. Patel"),
            ("patel_r", "Dr. Patel"),
            ("st_marys", "St. Mary’s"),
            ("northside", "@NorthsideGen"),
        ]
    );
}

#[test]
fn resolver_is_send_sync_clone() {
    fn assert_traits<T: Send + Sync + Clone>() {}
    assert_traits::<ProviderResolver>();
    assert_traits::<ProviderDirectory>();
    let empty = ProviderResolver::new(&ProviderDirectory::default());
    let mention = Mention { text: "Dr. Patel".to_owned(), ..Mention::default() };
    assert_eq!(empty.resolve(&mention), ProviderMatch::unknown());
}

/// The anchor check only skips texts that name no provider: on texts written to tempt it
/// (possessives, periods, apostrophes inside words, hyphens, handles, case) and on the demo
/// directory, the names found are those of the full scan, and plain texts are ruled out.
#[test]
fn anchors_never_hide_a_name() {
    let demo = ProviderDirectory::from_path(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../datasets/demo/providers.csv"),
    )
    .unwrap();
    let texts = [
        "Went to St. Mary's last week",
        "SAINT MARYS HOSPITAL was great",
        "st marys hospital",
        "Lakeview-General lost my referral",
        "L.a.k.e.v.i.e.w General",
        "Lake'view General and Riverside Urgent Care",
        "@LakeviewGen replied fast",
        "Dr. Patel's clinic",
        "Doctor Okafor at Riverside",
        "Mount Sinai; Mt. Sinai",
        "Nothing here names anyone at all.",
        "Caf\u{e9} Riverside Urgent Care",
        "",
    ];
    // The demo directory's anchors (handles too) are read run by run.
    assert!(matches!(ProviderResolver::new(&demo).anchors, Some(anchors::Anchors::Runs(_))));
    let mut ruled_out = 0;
    for resolver in [&*RESOLVER, &ProviderResolver::new(&demo)] {
        for text in texts {
            assert_eq!(resolver.groups(text), resolver.groups_unfiltered(text, None), "{text:?}");
            if resolver.rules_out(text) {
                assert!(resolver.groups_unfiltered(text, None).is_empty(), "{text:?}");
                ruled_out += 1;
            }
        }
        assert!(resolver.rules_out("Nothing here names anyone at all."));
    }
    assert!(ruled_out >= 2);

    // Real texts: the hand-written targets set (every line names demo providers) and the
    // VADER texts (none does).
    let demo = ProviderResolver::new(&demo);
    let texts = crate::test_texts::corpus(&[]);
    let (mut n_texts, mut n_ruled_out) = (0, 0);
    for text in texts {
        let full = demo.groups_unfiltered(&text, None);
        assert_eq!(demo.groups(&text), full, "{text:?}");
        // The pipeline's path: the text's tokens, as the pipeline has them.
        let tokens: Vec<_> = crate::tokenize::Tokenizer::default().tokens(&text).collect();
        assert_eq!(demo.groups_unfiltered(&text, Some(&tokens)), full, "{text:?}");
        n_texts += 1;
        n_ruled_out += usize::from(demo.rules_out(&text));
    }
    assert!(n_texts > 4_000);
    // Most tweets are ruled out without a key stream.
    assert!(n_ruled_out > 3_000, "{n_ruled_out} of {n_texts}");
}

/// The keys of `text` as first written: every word lowercased character by character, split at
/// hyphens found character by character. The ASCII shortcuts must give the same keys.
fn name_keys_by_chars(text: &str) -> Vec<(Option<String>, Range<usize>, bool)> {
    fn normalize(part: &str, word: &mut String) -> bool {
        lowercase_into(part, word);
        finish_key(word, true)
    }
    let mut out = Vec::new();
    let mut word = String::new();
    for token in Tokenizer::default().tokens(text) {
        match token.kind {
            TokenKind::Word | TokenKind::Number => {
                let mut part_start = 0;
                let hyphens = token.text.char_indices().filter(|&(_, c)| is_hyphen(c));
                for (at, hyphen) in hyphens.chain([(token.text.len(), '-')]) {
                    let part = &token.text[part_start..at];
                    let span = token.span.start + part_start..token.span.start + at;
                    part_start = at + hyphen.len_utf8();
                    let possessive = normalize(part, &mut word);
                    if !word.is_empty() {
                        out.push((Some(word.clone()), span, possessive));
                    }
                }
            }
            TokenKind::Handle => out.push((Some(handle_key(token.text)), token.span, false)),
            _ => out.push((None, token.span, false)),
        }
    }
    out
}

#[test]
fn ascii_keys_are_the_keys_read_by_characters() {
    let texts = crate::test_texts::corpus(&[
        "St. Mary's, ST.MARYS, Saint-Mary's, Mount-Sinai's, Doctor's, D.O.C.T.O.R, x-ray-'s",
        "O'Brien’s Ñandú-café MOUNT\u{2010}saint non\u{2011}breaking ' 's a.'s",
        "",
    ]);
    assert!(texts.len() > 4_000);
    for text in &texts {
        let mut got = Vec::new();
        let mut word = String::new();
        push_name_keys(&mut word, text, |key, span, possessive| {
            got.push((key.map(str::to_owned), span, possessive));
        });
        assert_eq!(got, name_keys_by_chars(text), "{text:?}");
    }
}

#[test]
fn own_accounts_ignore_case_and_at() {
    let csv = "\
id,name,own_handles
a,Alpha Clinic,@AlphaCares|ÄrzteHaus
b,Beta Clinic,@AVeryVeryVeryVeryLongOwnHandle_2024
";
    let directory = ProviderDirectory::from_reader("mem", csv.as_bytes()).unwrap();
    let own = |author: &str| directory.own_account(author).map(|(p, h)| (p.id.as_str(), h));
    assert_eq!(own("@alphacares"), Some(("a", "@AlphaCares")));
    assert_eq!(own(" ALPHACARES "), Some(("a", "@AlphaCares")));
    assert_eq!(own("ÄrzteHaus"), Some(("a", "ÄrzteHaus")));
    assert_eq!(own("@ÄRZTEHAUS"), Some(("a", "ÄrzteHaus")));
    let long = Some(("b", "@AVeryVeryVeryVeryLongOwnHandle_2024"));
    assert_eq!(own("averyveryveryverylongownhandle_2024"), long);
    assert_eq!(own("@"), None);
    assert_eq!(own("alphacare"), None);
    assert_eq!(own("@AlphaCaresX"), None);
    assert!(ProviderDirectory::default().own_account("alphacares").is_none());
}
