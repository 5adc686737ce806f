#!/usr/bin/env python3
"""Builds the PHI evaluation set of bedside from its sources.

    python3 datasets/phi/build.py

Reads the hand-written texts in `source/handwritten.txt` and `source/holdout.txt` (inline
markup `[[kind:text]]`) and generates more texts from the templates below with a fixed seed,
then writes `phi_main.jsonl` (hand-written + generated), `phi_holdout.jsonl` (hand-written
after the detector was built; its first figures are the untuned ones) and `phi_holdout2.jsonl`
(hand-written after the detector was tuned on the first held-out part, evaluated once). Byte-identical on every run; Python 3
standard library only.
"""

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"name", "phone", "email", "address", "date", "age", "id", "url", "ip", "plate", "device"}
MARK = re.compile(r"\[\[([a-z]+):(.+?)\]\]")


def parse(line):
    """Turns a marked-up line into (text, spans) with UTF-8 byte offsets."""
    line = line.replace("\\n", "\n")
    text = b""
    spans = []
    at = 0
    for m in MARK.finditer(line):
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise SystemExit(f"unknown kind {kind!r} in {line!r}")
        text += line[at:m.start()].encode()
        start = len(text)
        text += value.encode()
        spans.append({"start": start, "end": len(text), "kind": kind})
        at = m.end()
    text += line[at:].encode()
    if "[[" in text.decode() or "]]" in text.decode():
        raise SystemExit(f"broken markup in {line!r}")
    return text.decode(), spans


def read_source(name):
    items = []
    for line in (HERE / "source" / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        items.append(parse(line))
    return items


# Fillers for the generated texts. A slot is {kind:pool} (a PHI span of that kind) or {pool}
# (plain text).
FIRST = ["Jane", "Marcus", "Aoife", "Kwame", "Priyanka", "Tomasz", "Siobhan", "Mateus", "Zeynep",
         "Oluwaseun", "Hannah", "DeShawn", "Mei", "Rhys", "Ingrid", "Bartholomew", "Yusuf",
         "Carmen", "Niamh", "Dmitri", "Lakshmi", "Beatriz", "Connor", "Fatima", "Gwen", "Ravi",
         "Shauna", "Hamish", "Eleni", "Tobias", "Imani", "Wojciech", "Rosalind", "Kofi", "Annika"]
LAST = ["Doe", "Whitfield", "O'Brien", "Nguyen", "Mensah", "Kowalski", "Fitzgerald", "Okoro",
        "Delgado-Finch", "Abernathy", "McAllister", "Hussain", "Van Der Berg", "Lindqvist",
        "Adeyemi", "Pemberton", "Castellanos", "Yilmaz", "Szabo", "Drummond", "Achebe",
        "Thornbury", "MacLeod", "Sharma", "Oyelaran", "Kealoha", "Brennan", "Ferreira"]
RELATIVE = ["mother", "mum", "mom", "father", "dad", "husband", "wife", "son", "daughter",
            "grandmother", "grandad", "nan", "brother", "sister", "partner", "aunt", "uncle",
            "fiancé", "stepdad", "niece", "nephew", "mother-in-law", "granddaughter", "neighbour",
            "best friend", "little boy", "baby girl", "elderly father", "late husband"]
POSSESSIVE = ["my", "My", "our", "Our", "her", "His", "my poor", "My 8 year old"]
ROLE_STAFF = ["Nurse Amy", "Dr. Okafor", "Dr Reyes", "the receptionist Linda", "our midwife Sarah",
              "Nurse Practitioner Kim", "the physio Jon", "Dr. Helen Brandt", "Sister Mbeki",
              "consultant Mr Shah", "the porter Dave", "Dr Patel", "Linda the receptionist",
              "PA Jordan", "the sonographer Tess", "Matron Evans", "Doctor Aziz"]
PROVIDER = ["St Mary's", "Lakeview General", "Riverside Urgent Care", "Harbor Community",
            "Northgate Children's", "Summit Imaging", "ClearSkin Dermatology",
            "Maple Street Family Practice", "the Royal Infirmary", "Oakwood Dental"]
DURATION = ["3 hours", "45 minutes", "six hours", "2 hrs", "over 90 minutes", "4 and a half hours",
            "two weeks", "3 months", "an hour and 20 minutes", "11 hours"]
PRICE = ["$250", "£4.50", "$1,250.00", "£12", "$89", "$3,400", "£60 a month"]
ROOM = ["room 312", "bed 14", "Ward 7", "bay 3", "4 West", "Ward 4B", "room 1104", "cubicle 9"]
DOSE = ["500mg of paracetamol", "20mg prednisolone", "2 x 400mg ibuprofen", "10ml of Oramorph",
        "75mg aspirin", "5mg of morphine"]
TIME = ["9:30", "2am", "11:45pm", "3pm", "half past 4", "07:15"]
RATING = ["10/10", "5 stars", "1 star", "4/5", "0/10", "five stars", "2/5 at best"]
YEAR = ["2019", "2021", "2024", "2025", "2026"]


def phone_us(r):
    fmt = r.choice(["555-01{0}{1}", "(555) {2}{3}{4}-{5}{6}{7}{8}", "555.{2}{3}{4}.{5}{6}{7}{8}",
                    "+1 555 {2}{3}{4} {5}{6}{7}{8}", "555-{2}{3}{4}-{5}{6}{7}{8}"])
    return fmt.format(*[r.randint(0, 9) for _ in range(9)])


def phone_uk(r):
    fmt = r.choice(["07700 900{0}{1}{2}", "07911 {0}{1}{2}{3}{4}{5}", "0161 496 0{0}{1}{2}",
                    "+44 7700 900{0}{1}{2}", "020 7946 0{0}{1}{2}", "01632 960{0}{1}{2}"])
    return fmt.format(*[r.randint(0, 9) for _ in range(6)])


def email(r):
    first, last = r.choice(FIRST).lower(), r.choice(LAST).lower().replace("'", "").replace(" ", "")
    fmt = r.choice(["{f}.{l}@example.com", "{f}{n}@example.org", "{f}_{l}@mail.example.net",
                    "{l}.{f}{n}@example.co.uk"])
    return fmt.format(f=first, l=last, n=r.randint(1, 99))


MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September",
          "October", "November", "December", "Jan", "Feb", "Sept", "Oct", "Nov", "Dec"]


def date_num(r):
    d, m = r.randint(1, 28), r.randint(1, 12)
    y = r.randint(1925, 2026)
    fmt = r.choice(["{m}/{d}/{y}", "{d:02}/{m:02}/{y}", "{m}/{d}", "{y}-{m:02}-{d:02}",
                    "{d}.{m}.{y}", "{m}/{d}/{yy:02}"])
    return fmt.format(d=d, m=m, y=y, yy=y % 100)


def date_words(r):
    d = r.randint(1, 28)
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
    month = r.choice(MONTHS)
    fmt = r.choice(["{d} {mo}", "{mo} {d}", "{d}{s} {mo}", "{mo} {d}{s}", "{d} {mo} {y}",
                    "{mo} {d}, {y}", "the {d}{s} of {mo}"])
    return fmt.format(d=d, s=suffix, mo=month, y=r.randint(1930, 2026))


def age90(r):
    n = r.randint(90, 104)
    return r.choice([f"{n}-year-old", f"{n} year old", f"{n} years old", f"{n}yo"])


def pool(r, name):
    table = {
        "first": lambda: r.choice(FIRST),
        "full": lambda: f"{r.choice(FIRST)} {r.choice(LAST)}",
        "last": lambda: r.choice(LAST),
        "rel": lambda: r.choice(RELATIVE),
        "poss": lambda: r.choice(POSSESSIVE),
        "staff": lambda: r.choice(ROLE_STAFF),
        "provider": lambda: r.choice(PROVIDER),
        "duration": lambda: r.choice(DURATION),
        "price": lambda: r.choice(PRICE),
        "room": lambda: r.choice(ROOM),
        "dose": lambda: r.choice(DOSE),
        "time": lambda: r.choice(TIME),
        "rating": lambda: r.choice(RATING),
        "year": lambda: r.choice(YEAR),
        "phone_us": lambda: phone_us(r),
        "phone_uk": lambda: phone_uk(r),
        "email": lambda: email(r),
        "date_num": lambda: date_num(r),
        "date_words": lambda: date_words(r),
        "age90": lambda: age90(r),
        "age_young": lambda: f"{r.randint(2, 88)}",
        "mrn": lambda: f"{r.randint(10**6, 10**8):08d}",
        "nhs": lambda: f"{r.randint(400, 999)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
        "acct": lambda: r.choice(["A-", "", "ACC", "#"]).replace("#", "") + str(r.randint(10**4, 10**7)),
        "ssn": lambda: f"{r.randint(100, 899)}-{r.randint(10, 99)}-{r.randint(1000, 9999)}",
        "street_us": lambda: f"{r.randint(1, 9999)} {r.choice(['Elm', 'Oak', 'Maple', 'Cedar', 'Lincoln', 'Washington', 'Sycamore'])} {r.choice(['Street', 'St', 'Avenue', 'Ave', 'Drive', 'Road', 'Lane', 'Court', 'Boulevard'])}",
        "street_uk": lambda: f"{r.randint(1, 240)} {r.choice(['Kings', 'Station', 'Church', 'Mill', 'Victoria', 'High', 'Albert'])} {r.choice(['Road', 'Street', 'Lane', 'Close', 'Crescent', 'Gardens', 'Terrace', 'Way'])}",
        "postcode": lambda: r.choice(["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LS6 2QT", "EH1 2NG", "BS7 8PL"]),
        "zip": lambda: f"{r.choice(['IL', 'NY', 'CA', 'TX', 'OH', 'MA'])} {r.randint(10000, 99999)}",
        "ip": lambda: f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
        "url_id": lambda: r.choice([f"https://portal.example.org/patient/{r.randint(1000, 99999)}",
                                    f"https://www.facebook.com/{r.choice(FIRST).lower()}.{r.choice(LAST).lower().replace(' ', '').replace(chr(39), '')}",
                                    f"https://mychart.example.com/visit?id={r.randint(1000, 9999999)}",
                                    f"https://www.gofundme.com/f/{r.choice(FIRST).lower()}-medical-fund"]),
        "url_plain": lambda: r.choice(["https://www.nhs.uk/conditions/flu/", "www.stmarys.example.org/parking",
                                       "https://lakeview.example.org/visiting-hours", "https://www.cdc.gov/flu"]),
        "plate": lambda: r.choice(["AB12 CDE", "LK19 XRT", "7ABC123", "YX68 PLM", "KJH-4821"]),
        "serial": lambda: r.choice(["PM-44817-B", "SN88213X", "MDT55491021", "A7-99120-K", "GX2231094"]),
        "org_phone": lambda: r.choice(["555-0100", "1-800-555-0199", "0800 123 4567", "(555) 010-0123"]),
    }
    return table[name]()


# Templates: {kind:pool} marks a PHI slot, {pool} a plain one.
TEMPLATES = [
    "{poss} {rel} {name:full} was left on a trolley for {duration} at {provider}.",
    "{poss} {rel} {name:first} has been on {room} since Monday and nobody tells us anything.",
    "{poss} {rel}, {name:full}, was discharged without meds. Call me on {phone:phone_uk}.",
    "@{provider_handle} this is {name:full}, please call me back at {phone:phone_us} about {poss} {rel}'s bill.",
    "Hi {name:first}, we're so sorry. Please call us at {org_phone} so we can help.",
    "Dear {name:first}, thank you for your kind words about {staff}!",
    "Hi {name:first}, our records show you were seen on {date:date_num}. Please DM us.",
    "{poss} {rel} {name:first} (DOB {date:date_num}) waited {duration} for a bed.",
    "DOB {date:date_num}, MRN {id:mrn}. Still no letter. {provider} is a shambles.",
    "{poss} {age:age90} {rel} was sent home at {time} with no transport.",
    "Admitted on {date:date_words}, discharged {duration} later with no follow-up.",
    "{staff} was brilliant. {duration} wait though. {rating}.",
    "Thank you {staff} and everyone at {provider}! {rating}",
    "Paid {price} for parking at {provider}. {rating}.",
    "Waited {duration} in A&E at {provider}, seen at {time}.",
    "Given {dose} at {time} and nothing else for {duration}.",
    "{provider} in {year}: still the same {duration} waits.",
    "{room} at {provider} had no hot water for {duration}.",
    "Email me at {email:email} if you actually care, {provider}.",
    "My {rel}'s carer, {name:full} ({email:email}, {phone:phone_us}), found her on the floor.",
    "My NHS number is {id:nhs} and they still lost my referral.",
    "Account number {id:acct} was billed twice. {provider} billing is a joke.",
    "They printed my SSN {id:ssn} on the bill envelope.",
    "Send the letters to {address:street_us}, not my old place.",
    "I live at {address:street_uk}, {address:postcode}, and the ambulance went to the wrong town.",
    "They have my address as {address:street_us}, {address:zip} which is wrong.",
    "Someone logged into my portal from {ip:ip}. Who??",
    "My recovery updates are at {url:url_id} if anyone wants to follow.",
    "Info on visiting here: {url_plain}",
    "Car got towed from the patient car park, reg {plate:plate}, while I was in {room}.",
    "Device serial {device:serial} on my dad's pump and they said it wasn't theirs.",
    "Mr. {name:last} in the bed opposite died at {time} and they left him for {duration}.",
    "Ms {name:last} next to me said the same about {provider}.",
    "Patient {name:full} was shouting for help for {duration} on {room}.",
    "{poss} {rel} {name:first} is {age:age90} and was left in a chair all night.",
    "{poss} {age_young} year old {rel} waited {duration} with a broken wrist.",
    "Grandma {name:first} turned {age:age90} on the ward. The nurses made her a card.",
    "Our daughter {name:first} was born on {date:date_words} at {provider}. {staff} was amazing.",
    "We're sorry about your visit, {name:first}. Please contact Patient Relations at {org_phone}.",
    "{name:first}'s mum here. {provider} lost his bloods twice.",
    "Never going back to {provider}.\n- {name:first} {initial}.",
    "Absolutely brilliant care from {staff}. Thanks again, {name:first}",
    "The {name:last} family thanks {staff} and the team at {provider}.",
    "My name is {name:full}, I had surgery on {date:date_words} and I'm still waiting for results.",
    "I'm {name:first}, {poss} {rel} was in {room} for {duration}.",
    "{provider}'s switchboard is {org_phone} but good luck getting through.",
    "Call {org_phone} and you get an answering machine. Every time.",
    "{staff} said the clinic is closed on {date_words_plain}.",
    "{provider} will run a flu clinic on {date_words_plain}, no appointment needed.",
    "Rated {rating}. {staff} deserves a raise.",
    "{duration} for an X-ray. {price} for the privilege.",
    "Hi everyone, anyone know if {provider} does walk-ins on Saturdays?",
    "{poss} {rel}'s carer {name:first} found her on the floor of {room}.",
    "Insurance ID {id:acct} and they still denied the claim.",
    "Our {rel} {name:first} was diagnosed at {provider} on {date:date_num}. Cancer. We're devastated.",
    "Visiting {rel} in {room}. Parking {price}. Staff lovely.",
    "Booked for {time}, seen at {time}. Not bad for {provider}.",
    "Aunt {name:first} was {age:age90} and still sharper than the admin team.",
    "@{provider_handle} you sent my results to {name:full} instead of me. Whoever they are.",
    "Please ring my {rel} on {phone:phone_uk}, she can't get through to {room}.",
    "fax: {phone:phone_us} (my GP's fax is {org_phone})",
]

HANDLES = ["StMarysHosp", "LakeviewCares", "RiversideUC", "HarborCommHosp", "NorthgateKids"]
SLOT = re.compile(r"\{(?:([a-z]+):)?([a-z_0-9]+)\}")


def generate(r, template):
    out = []
    at = 0
    for m in SLOT.finditer(template):
        out.append(template[at:m.start()])
        kind, name = m.group(1), m.group(2)
        if name == "provider_handle":
            value = r.choice(HANDLES)
        elif name == "initial":
            value = r.choice("ABCDEFGHJKLMNPRSTW")
        elif name == "date_words_plain":
            value = date_words(r)
        else:
            value = pool(r, name)
        out.append(f"[[{kind}:{value}]]" if kind else value)
        at = m.end()
    out.append(template[at:])
    return "".join(out)


def main():
    r = random.Random(20260610)
    main_items = [(t, s, "handwritten") for t, s in read_source("handwritten.txt")]
    seen = {t for t, _, _ in main_items}
    n_generated = 0
    n_tries = 0
    while n_generated < 360:
        template = TEMPLATES[n_tries % len(TEMPLATES)]
        n_tries += 1
        text, spans = parse(generate(r, template).replace("\n", "\\n"))
        if text in seen:
            continue
        seen.add(text)
        main_items.append((text, spans, "generated"))
        n_generated += 1
    holdout = [(t, s, "handwritten") for t, s in read_source("holdout.txt")]
    holdout2 = [(t, s, "handwritten") for t, s in read_source("holdout2.txt")]
    outputs = [("phi_main.jsonl", main_items, "m"), ("phi_holdout.jsonl", holdout, "h"),
               ("phi_holdout2.jsonl", holdout2, "g")]
    for name, items, prefix in outputs:
        with open(HERE / name, "w", encoding="utf-8", newline="\n") as f:
            for i, (text, spans, origin) in enumerate(items, 1):
                record = {"id": f"{prefix}{i:04d}", "origin": origin, "spans": spans, "text": text}
                f.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{name}: {len(items)} texts, {sum(len(s) for _, s, _ in items)} spans")


if __name__ == "__main__":
    main()
