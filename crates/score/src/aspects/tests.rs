use bedside_types::{Label, ProviderId, WaitKind};

use super::*;
use crate::VaderScorer;
use crate::providers::{ProviderDirectory, ProviderResolver};

fn check_clauses(text: &str, expected: &[&str]) {
    let got: Vec<&str> = clauses(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(got, expected, "clauses of {text:?}");
}

#[test]
fn clause_splits() {
    check_clauses(
        "Dr. Patel was wonderful but the front desk at Riverside lost my referral twice",
        &["Dr. Patel was wonderful", "but the front desk at Riverside lost my referral twice"],
    );
    check_clauses(
        "The nurse was kind; the food was cold.",
        &["The nurse was kind", "the food was cold."],
    );
    check_clauses("It was fine though.", &["It was fine though."]);
    check_clauses(
        "Dr Okafor and the nurses were great.",
        &["Dr Okafor and the nurses were great."],
    );
    check_clauses(
        "The doctor was kind and the receptionist was rude.",
        &["The doctor was kind", "and the receptionist was rude."],
    );
    check_clauses(
        "Northgate is great, Harbor Community is not. Awful.",
        &["Northgate is great", "Harbor Community is not.", "Awful."],
    );
    check_clauses("Not seen yet and it hurts", &["Not seen yet", "and it hurts"]);
    check_clauses("", &[]);
}

fn check_waits(text: &str, expected: &[(u32, WaitKind)]) {
    let got: Vec<(u32, WaitKind)> = waits(text).into_iter().map(|w| (w.minutes, w.kind)).collect();
    assert_eq!(got, expected, "waits of {text:?}");
}

#[test]
fn wait_durations() {
    use WaitKind::*;
    check_waits("Waited 3 hours.", &[(180, Other)]);
    check_waits("waited 3hrs in A&E", &[(180, Emergency)]);
    check_waits("45 min in the waiting room", &[(45, Clinic)]);
    check_waits("It took two weeks to get an appointment", &[(20160, Appointment)]);
    check_waits("waited half an hour to be seen", &[(30, Clinic)]);
    check_waits("waited 1.5 hours", &[(90, Other)]);
    check_waits("waited 90 mins", &[(90, Other)]);
    check_waits("waited 2 1/2 hours in the ER", &[(150, Emergency)]);
    check_waits("waiting over an hour", &[(60, Other)]);
    check_waits("an hour and a half in the ER", &[(90, Emergency)]);
    check_waits("waited 2 hours and 15 minutes", &[(135, Other)]);
    check_waits("a couple of weeks for results", &[(20160, Results)]);
    check_waits("on hold for 40 minutes", &[(40, Appointment)]);
    check_waits("waited forty-five minutes", &[(45, Other)]);
    check_waits("waited 3 months for a referral", &[(129600, Appointment)]);
}

#[test]
fn wait_ranges_and_non_waits() {
    use WaitKind::*;
    check_waits("Sat there since 9am... finally seen at 1pm.", &[(240, Clinic)]);
    check_waits("Arrived at 2:15, seen at 5.", &[(165, Clinic)]);
    check_waits("In the ER since 11pm, seen at 2am.", &[(180, Emergency)]);
    check_waits("The surgery took 3 hours.", &[]);
    check_waits("I've been a patient for 10 years.", &[]);
    check_waits("3 hours after the surgery I could walk.", &[]);
    check_waits("Waited for a 10 minute scan.", &[]);
    check_waits("I waited hours.", &[]);
}

// See: issue 7. The CLI benchmark's generated export crashed `bedside analyze`: a time range
// late in a text looked up "be seen" with the text's word indexes in a window of its words.
#[test]
fn r7_time_range_late_in_a_long_text() {
    use WaitKind::*;
    check_waits(
        "My kid had a fever and a rash all over and we were scared and tired and hungry and \
         cold. We got there at 6pm to be seen and left after midnight.",
        &[(360, Clinic)],
    );
}

fn check_staff(text: &str, expected: &[(&str, &str)]) {
    let got: Vec<(String, String, _)> = staff_mentions(text);
    let got: Vec<(&str, &str)> = got.iter().map(|(n, r, _)| (n.as_str(), r.as_str())).collect();
    assert_eq!(got, expected, "staff of {text:?}");
}

#[test]
fn staff_patterns() {
    check_staff("Nurse Amy was great", &[("Amy", "nurse")]);
    check_staff("Dr. Okafor and Dr Okafor's nurse", &[("Okafor", "doctor"), ("Okafor", "doctor")]);
    check_staff("Doctor Okafor", &[("Okafor", "doctor")]);
    check_staff("the receptionist Linda", &[("Linda", "receptionist")]);
    check_staff("our midwife Sarah", &[("Sarah", "midwife")]);
    check_staff("Linda the receptionist", &[("Linda", "receptionist")]);
    check_staff("Brooke the MA", &[("Brooke", "medical assistant")]);
    check_staff("my surgeon, Dr. Lee, was great", &[("Lee", "surgeon")]);
    check_staff("PA Jordan", &[("Jordan", "physician assistant")]);
    check_staff("Nurse Practitioner Kim", &[("Kim", "nurse practitioner")]);
    check_staff("Dr Anita Patel was kind", &[("Anita Patel", "doctor")]);
    check_staff("the nurse was kind", &[]);
    check_staff("my pa was there", &[]);
    check_staff("The Nurse Was Great", &[]);
}

#[test]
fn staff_with_sentiment() {
    let text = "Nurse Amy was lovely but Dr. Okafor was rude. Amy even brought tea.";
    let got = staff_sentiment(text, &VaderScorer::new());
    let got: Vec<(&str, Label)> =
        got.iter().map(|s| (s.name.as_str(), s.sentiment.label())).collect();
    assert_eq!(got, [("Amy", Label::Positive), ("Okafor", Label::Negative)]);
}

const PROVIDERS: &str = "\
id,name,kind,aliases,handles,location_ids,parent_id
riverside,Riverside Urgent Care,clinic,Riverside,,,
maple,Maple Family Practice,clinic,Maple,,,
anita,Dr. Anita Patel,doctor,Dr Patel,,,maple
raj,Dr. Raj Patel,doctor,Dr Patel,,,riverside
okafor,Dr. Marcus Okafor,doctor,Dr Okafor,,,riverside
";

fn check_targets(text: &str, metadata: Option<&str>, expected: &[(&str, Label)]) {
    let directory = ProviderDirectory::from_reader("providers.csv", PROVIDERS.as_bytes()).unwrap();
    let resolver = ProviderResolver::new(&directory);
    let metadata = metadata.map(ProviderId::new);
    let got = target_sentiments(text, &resolver, metadata.as_ref(), &VaderScorer::new(), None);
    let got: Vec<(&str, Label)> =
        got.iter().map(|t| (t.target.as_str(), t.sentiment.label())).collect();
    assert_eq!(got, expected, "targets of {text:?}");
}

#[test]
fn targets() {
    use Label::*;
    check_targets(
        "Dr. Patel was wonderful but the front desk at Riverside lost my referral twice",
        None,
        &[("raj", Positive), ("riverside", Negative)],
    );
    check_targets(
        "Dr Patel was wonderful but the front desk lost my referral twice",
        Some("maple"),
        &[("anita", Positive), ("maple", Negative)],
    );
    check_targets(
        "Doctor Okafor is brilliant. The wait was awful.",
        Some("riverside"),
        &[("okafor", Positive), ("riverside", Negative)],
    );
    check_targets("Went to Maple. Clean, fast, friendly.", None, &[("maple", Positive)]);
    check_targets(
        "Dr Patel referred me to Maple.",
        None,
        &[("anita", Neutral), ("maple", Neutral)],
    );
    check_targets("Great place.", None, &[]);
    // A first word naming one provider only; the group "X at Y" carries on together.
    check_targets(
        "Dr Okafor at Riverside was lovely, and they were quick. Maple was awful.",
        None,
        &[("okafor", Positive), ("riverside", Positive), ("maple", Negative)],
    );
    // The last provider named carries on, not every provider of the clause.
    check_targets(
        "Riverside sent me to Maple; the staff were rude.",
        None,
        &[("riverside", Neutral), ("maple", Negative)],
    );
    // A metadata id outside the directory is kept as it is.
    check_targets("The staff were lovely.", Some("elsewhere"), &[("elsewhere", Positive)]);
}

#[test]
fn target_topics() {
    use crate::topics::{Taxonomy, TopicTagger};
    let directory = ProviderDirectory::from_reader("providers.csv", PROVIDERS.as_bytes()).unwrap();
    let resolver = ProviderResolver::new(&directory);
    let tagger = TopicTagger::new(&Taxonomy::builtin()).unwrap();
    let text = "Riverside was friendly but Maple sent me a huge bill.";
    let got = target_sentiments(text, &resolver, None, &VaderScorer::new(), Some(&tagger));
    let got: Vec<(&str, Vec<&str>)> = got
        .iter()
        .map(|t| (t.target.as_str(), t.topics.iter().map(|topic| topic.as_str()).collect()))
        .collect();
    assert_eq!(got, [("riverside", vec!["staff_attitude"]), ("maple", vec!["billing_cost"])]);
}

/// The first checks before tokenizing never hide a staff mention or a wait: texts without a
/// role word or a number or unit are empty, and the rest are still found (in any case, with
/// punctuation around the role).
#[test]
fn prefilters_keep_every_mention() {
    assert!(staff_mentions("The address was wrong and the drive was long").is_empty());
    let names = |text: &str| -> Vec<String> {
        staff_mentions(text).into_iter().map(|(name, role, _)| format!("{name}/{role}")).collect()
    };
    assert_eq!(names("thanks to DR. Okafor!"), ["Okafor/doctor"]);
    assert_eq!(names("(nurse Amy) was great"), ["Amy/nurse"]);
    assert_eq!(names("Linda the receptionist was rude"), ["Linda/receptionist"]);
    assert!(waits("Nothing but praise for the team").is_empty());
    check_waits("waited TWO HOURS", &[(120, WaitKind::Other)]);
    check_waits("an hour in the waiting room", &[(60, WaitKind::Clinic)]);
}

/// Short names read from the whole text's tokens are those read from its words after a
/// substring search, on the test corpus and on texts naming the demo directory's providers and
/// the test directory's, in any case, possessive, glued to "A&E" and to punctuation.
#[test]
fn short_names_from_tokens_match_the_words() {
    let demo = include_str!("../../../../datasets/demo/providers.csv");
    let extra = [
        "Went to Lakeview, then Riverside's A&E. Maple? MAPLE maple Maple Family",
        "Northgate's staff, A&E Lakeview A&E Harbor",
        "Summit Imaging was slow; Summit was fine. Riverside Riverside",
        "at Lakeview.Then Maple!Riverside",
    ];
    let texts = crate::test_texts::corpus(&extra);
    let mut n_found = 0;
    for csv in [PROVIDERS, demo] {
        let directory = ProviderDirectory::from_reader("providers.csv", csv.as_bytes()).unwrap();
        let resolver = ProviderResolver::new(&directory);
        for (n, text) in texts.iter().enumerate() {
            let got = targets::short_names_of(text, &resolver);
            assert_eq!(got, targets::short_names_by_words(text, &resolver), "text {n}");
            n_found += got.len();
        }
    }
    assert!(n_found > 20, "{n_found} short names");
}
