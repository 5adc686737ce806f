//! Vocabulary that is not sentences: names, handles, places, staff roles, typos, titles, sites
//! and bad dates.

pub(crate) const FIRST: &[&str] = &[
    "Maria", "James", "Keisha", "Tom", "Priya", "Derek", "Lena", "Marcus", "Sofia", "Brandon",
    "Aisha", "Kyle", "Rosa", "Evan", "Mei", "Trevor", "Nadia", "Colin", "Tasha", "Victor",
    "Jolene", "Ravi", "Heather", "Omar", "Brittany", "Luis", "Gwen", "Darnell", "Yuki", "Shannon",
    "Pete", "Ingrid", "Malik", "Carla", "Dev", "Fiona", "Hector", "Lorna", "Quinn", "Renee",
    "Stan", "Tamsin", "Ulysses", "Vera", "Wade", "Xiomara", "Yolanda", "Zach", "Abby", "Bo",
];
pub(crate) const LAST: &[&str] = &[
    "Lindqvist",
    "Harrow",
    "Mbeki",
    "Castellano",
    "Fairweather",
    "Okoye",
    "Brannigan",
    "Sato",
    "Velasquez",
    "Pruitt",
    "Kowalczyk",
    "Ashdown",
    "Ferreira",
    "Gallagher",
    "Haddad",
    "Ivers",
    "Jablonski",
    "Kettering",
    "Lutz",
    "Moreau",
    "Nakamura",
    "Oduya",
    "Penhallow",
    "Quintero",
    "Rasmussen",
    "Szabo",
    "Trindade",
    "Underhill",
    "Vance",
    "Whitcombe",
    "Yardley",
    "Zielinski",
    "Amadi",
    "Beaumont",
    "Corrigan",
    "Delacroix",
    "Eastwick",
    "Foxley",
    "Grady",
    "Holloway",
];
pub(crate) const HANDLE_WORDS: &[&str] = &[
    "sunny", "tired", "coffee", "night", "river", "quiet", "mama", "dad", "runner", "garden",
    "pixel", "storm", "lucky", "rusty", "maple", "boho", "grumpy", "happy", "nurse", "teacher",
    "biker", "retro", "salty", "cozy", "gamer", "fishing",
];
pub(crate) const HANDLE_NOUNS: &[&str] = &[
    "bear", "fox", "owl", "mom", "guy", "gal", "life", "vibes", "thoughts", "dude", "cat", "hound",
    "kid", "writer", "lady", "fan", "pilot", "baker",
];
pub(crate) const PLACES_HOSPITAL: &[&str] =
    &["the ER", "the emergency room", "the ER waiting room", "the ward", "triage", "radiology"];
pub(crate) const PLACES_CLINIC: &[&str] =
    &["the waiting room", "the lobby", "the exam room", "the office"];
pub(crate) const RECEPTIONISTS: &[&str] = &[
    "the receptionist",
    "the lady at registration",
    "the triage clerk",
    "the woman at the front desk",
    "the guy at check-in",
];
pub(crate) const DOCTORS_HOSPITAL: &[&str] =
    &["the doctor", "the ER doctor", "the attending", "the surgeon", "the resident"];
pub(crate) const DOCTORS_CLINIC: &[&str] = &["the doctor", "the NP", "my doctor", "the PA"];
pub(crate) const MONTHS: &[&str] =
    &["January", "February", "March", "April", "December", "next spring"];
pub(crate) const STAFF_ROLES: &[(&str, bool)] = &[
    ("Nurse", true),
    ("Nurse", true),
    ("Dr.", false),
    ("Dr", false),
    ("the phlebotomist", true),
    ("the receptionist", true),
    ("Nurse practitioner", true),
    ("the tech", true),
    ("PA", true),
];
pub(crate) const TYPOS: &[(&str, &str)] = &[
    (" receive ", " recieve "),
    (" definitely ", " definately "),
    (" appointment ", " appointmnet "),
    (" doctor ", " docter "),
    (" because ", " becuase "),
    (" waiting ", " wating "),
    (" really ", " realy "),
    (" the ", " teh "),
    (" minutes ", " mintues "),
];
/// First words that may be lower-cased after ", but " (never names).
pub(crate) const LOWER_OK: &[&str] = &[
    "The",
    "They",
    "We",
    "My",
    "Our",
    "It",
    "Everyone",
    "Everything",
    "Nobody",
    "No",
    "Staff",
    "Parking",
    "Food",
    "Front",
    "Got",
    "Had",
    "Pressed",
    "Nurses",
    "Results",
    "Waited",
    "Was",
    "Dinner",
    "Cold",
    "Spotless",
    "Free",
    "Dirty",
    "Saw",
    "Sat",
    "Seen",
    "Only",
    "Still",
    "Called",
    "Paid",
    "Asked",
    "Explained",
    "Booked",
    "Billing",
    "Charged",
    "Gave",
    "Warm",
    "Plenty",
    "Easy",
    "Valet",
    "Kindest",
    "So",
    "Wait",
    "Zero",
    "Knowledgeable",
    "Best",
    "Diagnosed",
    "Stitches",
    "Portal",
    "Three",
    "Couldn't",
    "Can't",
    "Checked",
    "Honestly",
    "In",
    "Triage",
    "Shortest",
];
pub(crate) const SUBREDDITS: &[&str] =
    &["springfield", "HealthInsurance", "medicalbills", "AskDocs", "ERstories", "nursing"];
pub(crate) const FORUMS: &[&str] =
    &["forums.patientvoices.example", "healthboards.example.org", "springfieldparents.example.net"];
pub(crate) const NEWS_SITES: &[&str] =
    &["springfield-ledger.example", "wspf-news.example", "valleytimes.example.com"];
pub(crate) const TITLES: [&[&str]; 3] = [
    &["Good experience at {} for once", "Shoutout to {}", "{} deserves some love"],
    &["Rant: {}", "Avoid {}?", "PSA about {}", "What is going on at {}?", "{} is getting worse"],
    &["Anyone been to {}?", "{} experience", "Question about {}", "Thoughts on {}?"],
];
pub(crate) const NEWS_TITLES: &[&str] = &[
    "{} expands weekend hours",
    "Patients describe long waits at {}",
    "{} opens renovated wing",
    "{} reviews its billing after complaints",
    "Inside the emergency department at {}",
    "{} hiring nurses amid staffing strain",
];
pub(crate) const BAD_DATES: &[&str] =
    &["yesterday", "N/A", "2026-02-30 10:00:00.0", "31/31/2026", "2026-13-01 09:15:00.0"];
pub(crate) const ALPHANUMERIC: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
