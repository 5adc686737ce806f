//! Targets, staff and waits: the aggregates of `summary_by_target.csv`, `staff.csv` and
//! `waits_by_provider.csv`, on the fixture's `ASPECTS` (figures computed by hand).

mod fixture;

use std::fs;
use std::path::{Path, PathBuf};

use bedside_report::{MENTION_COLUMNS, Report, ReportBuilder, StaffSummary, Table};

fn default_report() -> Report {
    let (mentions, analyses) = fixture::data();
    ReportBuilder::new()
        .build(&mentions, &analyses, &fixture::providers(), &fixture::topics())
        .unwrap()
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bedside-report-aspects").join(name);
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[track_caller]
fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-12, "{got} != {want}");
}

#[test]
fn aggregates_per_target_exclude_duplicates_and_repeats() {
    let report = default_report();
    let rows: Vec<(&str, &str, [u64; 4], bool)> = report
        .by_target
        .iter()
        .map(|row| {
            let stats = &row.stats;
            (
                row.provider_id.as_str(),
                row.provider_name.as_str(),
                [stats.n_mentions, stats.n_positive, stats.n_neutral, stats.n_negative],
                stats.enough_data,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // s03 +0.6, o03 -0.8 (its repeat +0.2 ignored), o05 -0.6.
            ("oak_clinic", "Oak Clinic", [3, 1, 0, 2], false),
            // s01 -0.8, s02 -0.6, s03 -0.4, s06 +0.8, o03 +0.4; the duplicate s13 is ignored.
            ("st_marys", "St Mary's Hospital", [5, 2, 0, 3], true),
            // u01, about no resolved provider, names Tiny Clinic.
            ("tiny_clinic", "Tiny Clinic", [1, 0, 0, 1], false),
        ]
    );
    close(report.by_target[0].stats.mean_score, -0.8 / 3.0);
    close(report.by_target[1].stats.mean_score, -0.6 / 5.0);
    close(report.by_target[1].stats.net_sentiment, -0.2);
    close(report.by_target[1].stats.share_negative, 0.6);
    assert_eq!(report.by_target[0].kind, "clinic");
}

#[test]
fn staff_are_aggregated_per_provider_name_and_role() {
    let report = default_report();
    let rows: Vec<(&str, &str, &str, u64, u64, u64)> = report
        .staff
        .iter()
        .map(|row| {
            (
                row.provider_id.as_str(),
                row.name.as_str(),
                row.role.as_str(),
                row.n_mentions,
                row.n_positive,
                row.n_negative,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("oak_clinic", "Lee", "doctor", 2, 1, 1),
            ("oak_clinic", "Linda", "receptionist", 1, 0, 1),
            // s03, s06, s07; the duplicate s13 (-0.8) is ignored.
            ("st_marys", "Amy", "nurse", 3, 3, 0),
            ("st_marys", "Bea", "midwife", 1, 1, 0),
            ("st_marys", "Linda", "receptionist", 2, 0, 2),
            // -0.6, 0.0 (neutral), -0.4.
            ("st_marys", "Okafor", "doctor", 3, 0, 2),
        ]
    );
    let figures: Vec<(f64, f64)> =
        report.staff.iter().map(|row| (row.net_sentiment, row.mean_score)).collect();
    let want = [(0.0, 0.1), (-1.0, -0.8), (1.0, 2.0 / 3.0), (1.0, 0.8), (-1.0, -0.5)];
    for (got, want) in figures.iter().zip(want) {
        close(got.0, want.0);
        close(got.1, want.1);
    }
    close(figures[5].0, -2.0 / 3.0);
    close(figures[5].1, -1.0 / 3.0);
}

#[test]
fn most_praised_and_criticized_staff_need_two_mentions() {
    let report = default_report();
    let names = |staff: &[StaffSummary]| -> Vec<String> {
        staff.iter().map(|person| person.name.clone()).collect()
    };
    let oak = &report.provider_findings[0];
    assert_eq!(oak.summary.provider_id.as_str(), "oak_clinic");
    // Lee's net sentiment is 0 and Linda has one mention at Oak.
    assert!(oak.praised_staff.is_empty() && oak.criticized_staff.is_empty());
    let st_marys = &report.provider_findings[1];
    // Bea has one mention only.
    assert_eq!(names(&st_marys.praised_staff), ["Amy"]);
    // Linda (-1) before Okafor (-2/3).
    assert_eq!(names(&st_marys.criticized_staff), ["Linda", "Okafor"]);

    let markdown = report.to_markdown();
    assert!(markdown.contains(
        "#### Most praised staff\n\n1. **Amy** (nurse): 3 mentions, 3 positive, 0 negative, \
         net sentiment +1.0000.\n"
    ));
    assert!(markdown.contains(
        "2. **Okafor** (doctor): 3 mentions, 0 positive, 2 negative, net sentiment -0.6667."
    ));
    assert!(
        markdown
            .contains("No member of staff with at least 2 mentions and a negative net sentiment.")
    );
}

#[test]
fn waits_per_provider() {
    let report = default_report();
    let ids: Vec<&str> = report.waits.iter().map(|row| row.provider_id.as_str()).collect();
    assert_eq!(ids, ["oak_clinic", "st_marys", "unknown"]);

    // Oak: 120 (clinic) and 10080 (results), in two mentions.
    let oak = &report.waits[0];
    assert_eq!((oak.n_waits, oak.n_mentions_with_waits, oak.enough_data), (2, 2, false));
    close(oak.median_minutes, 5100.0);
    close(oak.p90_minutes, 120.0 + 0.9 * 9960.0);
    close(oak.share_over_60, 1.0);
    assert_eq!(oak.median_clinic, Some(120.0));
    assert_eq!(oak.median_results, Some(10080.0));
    assert_eq!((oak.median_appointment, oak.median_emergency), (None, None));

    // St Mary's: 30 45 90 180 240 20160 in five mentions (s03 reports two waits; the duplicate
    // s13 is ignored). Median (90 + 180) / 2; p90 at rank 4.5: 240 + 0.5 * (20160 - 240).
    let st_marys = &report.waits[1];
    assert_eq!(st_marys.provider_name, "St Mary's Hospital");
    assert_eq!((st_marys.n_waits, st_marys.n_mentions_with_waits), (6, 5));
    assert!(st_marys.enough_data);
    close(st_marys.median_minutes, 135.0);
    close(st_marys.p90_minutes, 10200.0);
    close(st_marys.share_over_60, 4.0 / 6.0);
    assert_eq!(st_marys.median_clinic, Some(45.0));
    assert_eq!(st_marys.median_appointment, Some(20160.0));
    assert_eq!(st_marys.median_results, None);
    assert_eq!(st_marys.median_emergency, Some(210.0));

    // Unknown: one wait of kind `other`, which has no median column of its own.
    let unknown = &report.waits[2];
    close(unknown.median_minutes, 480.0);
    assert_eq!(unknown.median_clinic, None);

    let markdown = report.to_markdown();
    assert!(markdown.contains("## Wait times"));
    assert!(markdown.contains("| St Mary's Hospital | 6 | 2 h 15 min | 66.7% |"));
    assert!(markdown.contains("Not enough data: Oak Clinic (2 wait reports)."));
}

#[test]
fn new_csv_files_and_mention_columns() {
    let report = default_report();
    let files = report.write_dir(&out_dir("csv")).unwrap();
    let waits = fs::read_to_string(&files.waits_by_provider).unwrap();
    assert_eq!(
        waits.lines().collect::<Vec<_>>(),
        [
            "provider_id,provider_name,n_waits,n_mentions_with_waits,median_minutes,p90_minutes,\
             share_over_60,median_clinic,median_appointment,median_results,median_emergency,\
             enough_data",
            "oak_clinic,Oak Clinic,2,2,5100.0000,9084.0000,1.0000,120.0000,,10080.0000,,false",
            "st_marys,St Mary's Hospital,6,5,135.0000,10200.0000,0.6667,45.0000,20160.0000,,\
             210.0000,true",
            "unknown,Unknown provider,1,1,480.0000,480.0000,1.0000,,,,,false",
        ]
    );
    let staff = fs::read_to_string(&files.staff).unwrap();
    assert_eq!(
        staff.lines().take(2).collect::<Vec<_>>(),
        [
            "provider_id,name,role,n_mentions,n_positive,n_negative,net_sentiment,mean_score",
            "oak_clinic,Lee,doctor,2,1,1,0.0000,0.1000",
        ]
    );
    let target = fs::read_to_string(&files.summary_by_target).unwrap();
    assert!(target.starts_with("provider_id,provider_name,kind,n_mentions,"));
    assert_eq!(target.lines().count(), 4);

    let mut reader = csv::Reader::from_path(&files.mentions_csv).unwrap();
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), MENTION_COLUMNS);
    assert_eq!(MENTION_COLUMNS.last(), Some(&"text"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let field = |idx: usize, name: &str| {
        let column = MENTION_COLUMNS.iter().position(|c| *c == name).unwrap();
        records[idx][column].to_string()
    };
    assert_eq!(field(2, "targets"), "st_marys=-0.4000;oak_clinic=0.6000");
    assert_eq!(field(5, "staff"), "nurse Amy=0.8000;doctor Okafor=-0.4000");
    assert_eq!(field(2, "waits"), "clinic:90;appointment:20160");
    assert_eq!((field(6, "targets"), field(6, "waits")), (String::new(), String::new()));
}

#[test]
fn new_tables_as_dataframes() {
    let report = default_report();
    let frame = report.to_dataframe(Table::ByTarget).unwrap();
    assert_eq!((frame.height(), frame.width()), (3, 3 + bedside_report::STATS_COLUMNS.len()));
    let frame = report.to_dataframe(Table::Staff).unwrap();
    assert_eq!((frame.height(), frame.width()), (6, 8));
    let frame = report.to_dataframe(Table::WaitsByProvider).unwrap();
    assert_eq!((frame.height(), frame.width()), (3, 12));
    let results = frame.column("median_results").unwrap().f64().unwrap();
    assert_eq!((results.get(0), results.get(1)), (Some(10080.0), None));
}
