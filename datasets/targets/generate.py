#!/usr/bin/env python3
"""Writes targets.jsonl: the aspect / target evaluation set (see README.md).

Every clause below was written by hand for bedside, with its labels decided when it was written
(before the rules in crates/score/src/aspects/ were tuned). Posts are built by joining 2-3
clauses about different providers with a connector, with a fixed seed, so the file is the same
on every run; the hand-written whole posts in SPECIAL are appended as they are.

Run: python3 datasets/targets/generate.py > datasets/targets/targets.jsonl
"""
import json
import random

P, N, O = "positive", "negative", "neutral"

# (text, [(provider, label)], [(name, role, label)], [(minutes, kind)])
CLAUSES = [
    ("Dr. Patel at Maple Street Family Practice was wonderful and really listened",
     [("dr-anita-patel", P), ("maple-family-practice", P)], [("Patel", "doctor", P)], []),
    ("the front desk at Riverside Urgent Care lost my referral twice",
     [("riverside-urgent-care", N)], [], []),
    ("St Mary's ER was filthy and chaotic", [("st-marys", N)], [], []),
    ("Lakeview General has the kindest nurses I have ever met", [("lakeview-general", P)], [], []),
    ("Northgate Children's made my son feel safe and happy", [("northgate-childrens", P)], [], []),
    ("Harbor Community Hospital billed us twice and nobody would help",
     [("harbor-community", N)], [], []),
    ("Riverside Urgent Care was quick and friendly", [("riverside-urgent-care", P)], [], []),
    ("ClearSkin Dermatology was a total waste of money", [("clearskin-dermatology", N)], [], []),
    ("Summit Imaging was efficient and the staff were lovely", [("summit-imaging", P)], [], []),
    ("Dr. Okafor was rude and dismissive", [("dr-marcus-okafor", N)], [("Okafor", "doctor", N)], []),
    ("Dr Brandt was brilliant with my eczema", [("dr-helen-brandt", P)], [("Brandt", "doctor", P)], []),
    ("Dr. Reyes was patient and kind", [("dr-samuel-reyes", P)], [("Reyes", "doctor", P)], []),
    ("Maple Street Family Practice never answers the phone", [("maple-family-practice", N)], [], []),
    ("we waited 5 hours in the ER at St Mary's which was awful",
     [("st-marys", N)], [], [(300, "emergency")]),
    ("Lakeview General kept us waiting 3 hours in the waiting room, terrible",
     [("lakeview-general", N)], [], [(180, "clinic")]),
    ("it took two weeks to get an appointment at ClearSkin, ridiculous",
     [("clearskin-dermatology", N)], [], [(20160, "appointment")]),
    ("Summit Imaging made me wait 10 days for my scan results and I was terrified",
     [("summit-imaging", N)], [], [(14400, "results")]),
    ("Riverside Urgent Care saw me in 20 minutes, great service",
     [("riverside-urgent-care", P)], [], []),
    ("Nurse Amy at Lakeview General was an absolute angel",
     [("lakeview-general", P)], [("Amy", "nurse", P)], []),
    ("the receptionist Linda at Maple Street Family Practice was so rude",
     [("maple-family-practice", N)], [("Linda", "receptionist", N)], []),
    ("our midwife Sarah at St Mary's was amazing",
     [("st-marys", P)], [("Sarah", "midwife", P)], []),
    ("Brooke the MA at ClearSkin was sweet and gentle",
     [("clearskin-dermatology", P)], [("Brooke", "medical assistant", P)], []),
    ("Harbor Hospital has a beautiful new maternity wing", [("harbor-community", P)], [], []),
    ("Northgate Kids lost our test results and nobody apologized",
     [("northgate-childrens", N)], [], []),
    ("Dr Raj Patel at ClearSkin was cold and rushed",
     [("dr-raj-patel", N), ("clearskin-dermatology", N)], [("Raj Patel", "doctor", N)], []),
    ("Dr Anita Patel is the best GP in town", [("dr-anita-patel", P)], [("Anita Patel", "doctor", P)], []),
    ("Riverside UC was dirty and the staff ignored us", [("riverside-urgent-care", N)], [], []),
    ("St. Mary's Hospital saved my dad's life", [("st-marys", P)], [], []),
    ("Lakeview Hospital was a nightmare from start to finish", [("lakeview-general", N)], [], []),
    ("Summit MRI was cramped, loud and the tech was rude",
     [("summit-imaging", N)], [], []),
    ("PA Jordan at Riverside Urgent Care was thorough and kind",
     [("riverside-urgent-care", P)], [("Jordan", "physician assistant", P)], []),
    ("Nurse Practitioner Kim at Maple Family Practice was fantastic",
     [("maple-family-practice", P)], [("Kim", "nurse practitioner", P)], []),
    ("Dr. Okafor at Riverside was calm and reassuring",
     [("dr-marcus-okafor", P), ("riverside-urgent-care", P)], [("Okafor", "doctor", P)], []),
    ("Dr Reyes at St Mary's seemed bored and unhelpful",
     [("dr-reyes-placeholder", N)], [], []),
    ("ClearSkin Derm cured my acne, so grateful", [("clearskin-dermatology", P)], [], []),
    ("Harbor Community is understaffed and it shows", [("harbor-community", N)], [], []),
    ("I sat for 45 minutes in the waiting room at Maple Street Family Practice, so annoying",
     [("maple-family-practice", N)], [], [(45, "clinic")]),
    ("Northgate Children's ER saw us within minutes and was wonderful",
     [("northgate-childrens", P)], [], []),
    ("Lakeview General's billing office is a disaster", [("lakeview-general", N)], [], []),
    ("Dr Brandt was dismissive and unkind", [("dr-helen-brandt", N)], [("Brandt", "doctor", N)], []),
    ("the porter Dave at Harbor Hospital was hilarious and kind",
     [("harbor-community", P)], [("Dave", "porter", P)], []),
    ("Summit Imaging lost my referral and I had to wait 3 weeks for a new appointment, awful",
     [("summit-imaging", N)], [], [(30240, "appointment")]),
    ("Riverside Urgent Care had me on hold for 40 minutes, useless",
     [("riverside-urgent-care", N)], [], [(40, "appointment")]),
    ("St Mary's maternity team were excellent", [("st-marys", P)], [], []),
    ("Maple Family Practice is clean, calm and welcoming", [("maple-family-practice", P)], [], []),
]

# Dr Reyes works at St Mary's: both get the clause's sentiment.
CLAUSES = [
    (t, [("dr-samuel-reyes", N), ("st-marys", N)] if ts[0][0] == "dr-reyes-placeholder" else ts,
     [("Reyes", "doctor", N)] if ts[0][0] == "dr-reyes-placeholder" else st, w)
    for (t, ts, st, w) in CLAUSES
]

CONNECTORS = [" but ", ". ", "; ", ", although ", ", whereas ", ", however ", ". But ", "! "]


def join(parts, rng):
    text = parts[0][0][0].upper() + parts[0][0][1:]
    for clause in parts[1:]:
        c = rng.choice(CONNECTORS)
        body = clause[0]
        if c.endswith(". ") or c.endswith("! "):
            body = body[0].upper() + body[1:]
        text += c + body
    return text + rng.choice([".", "!", ".", ""])


def providers_of(clause):
    # Providers sharing a parent chain are fine in one post, but a provider may appear once.
    return {p for p, _ in clause[1]}


def main():
    rng = random.Random(4)
    rows = []
    n = 0
    while len(rows) < 270:
        k = 2 if rng.random() < 0.75 else 3
        parts = rng.sample(CLAUSES, k)
        seen = set()
        ok = True
        for part in parts:
            if providers_of(part) & seen:
                ok = False
            seen |= providers_of(part)
        # Two different Dr Patels in one post would make "Dr Patel" ambiguous to a reader too.
        if {"dr-anita-patel", "dr-raj-patel"} <= seen:
            ok = False
        labels = {l for part in parts for _, l in part[1]}
        if not ok or (len(labels) < 2 and rng.random() < 0.8):
            continue
        n += 1
        rows.append({
            "id": f"g{n:03}",
            "text": join(parts, rng),
            "targets": [{"provider": p, "sentiment": l} for part in parts for p, l in part[1]],
            "staff": [{"name": a, "role": r, "sentiment": l} for part in parts for a, r, l in part[2]],
            "waits": [{"minutes": m, "kind": kd} for part in parts for m, kd in part[3]],
        })
    for i, row in enumerate(SPECIAL, 1):
        row = dict(row)
        row["id"] = f"h{i:03}"
        rows.append(row)
    for i, row in enumerate(HOLDOUT, 1):
        row = dict(row)
        row["id"] = f"x{i:03}"
        rows.append(row)
    for row in rows:
        out = {"id": row["id"], "text": row["text"]}
        if row.get("provider_hint"):
            out["provider_hint"] = row["provider_hint"]
        for key in ("targets", "staff", "waits"):
            out[key] = row.get(key, [])
        print(json.dumps(out, ensure_ascii=False))


def T(*pairs):
    return [{"provider": p, "sentiment": l} for p, l in pairs]


def S(*triples):
    return [{"name": a, "role": r, "sentiment": l} for a, r, l in triples]


def W(*pairs):
    return [{"minutes": m, "kind": k} for m, k in pairs]


SPECIAL = [
    # Metadata provider: clauses naming no provider go to the hinted one.
    dict(text="Dr. Patel was wonderful but the front desk lost my referral twice.",
         provider_hint="maple-family-practice",
         targets=T(("dr-anita-patel", P), ("maple-family-practice", N)),
         staff=S(("Patel", "doctor", P))),
    dict(text="Dr Patel was great. The receptionist was rude and unhelpful.",
         provider_hint="clearskin-dermatology",
         targets=T(("dr-raj-patel", P), ("clearskin-dermatology", N)), staff=S(("Patel", "doctor", P))),
    dict(text="Waited 3 hours to be seen, but Dr Okafor was lovely when we finally saw him.",
         provider_hint="riverside-urgent-care",
         targets=T(("riverside-urgent-care", N), ("dr-marcus-okafor", P)),
         staff=S(("Okafor", "doctor", P)), waits=W((180, "clinic"))),
    dict(text="The surgery took 3 hours and Dr Reyes did a fantastic job.",
         targets=T(("dr-samuel-reyes", P)), staff=S(("Reyes", "doctor", P))),
    dict(text="I've been a patient at Maple Street Family Practice for 10 years and they are still great.",
         targets=T(("maple-family-practice", P))),
    dict(text="3 hours after the surgery at St Mary's I could walk, amazing care.",
         targets=T(("st-marys", P))),
    dict(text="Arrived at Lakeview General at 2:15, seen at 5. Terrible.",
         targets=T(("lakeview-general", N)), waits=W((165, "clinic"))),
    dict(text="Sat in the Harbor Hospital ER since 9am... finally seen at 1pm. Unacceptable.",
         targets=T(("harbor-community", N)), waits=W((240, "emergency"))),
    dict(text="Waited half an hour at Riverside Urgent Care, not bad at all, and the nurse was kind.",
         targets=T(("riverside-urgent-care", P)), waits=W((30, "clinic"))),
    dict(text="Waited 1.5 hours at Summit Imaging for a 10 minute scan, poor.",
         targets=T(("summit-imaging", N)), waits=W((90, "clinic"))),
    dict(text="90 mins in the waiting room at ClearSkin and Dr Brandt was still rude.",
         targets=T(("clearskin-dermatology", N), ("dr-helen-brandt", N)),
         staff=S(("Brandt", "doctor", N)), waits=W((90, "clinic"))),
    dict(text="Waited 3hrs in A&E at St Mary's, but the nurses were lovely.",
         targets=T(("st-marys", P)), waits=W((180, "emergency"))),
    dict(text="Waited 2 1/2 hours in the ER at Lakeview General. Dreadful.",
         targets=T(("lakeview-general", N)), waits=W((150, "emergency"))),
    dict(text="Over an hour waiting at Maple Family Practice, every single time. Frustrating.",
         targets=T(("maple-family-practice", N)), waits=W((60, "clinic"))),
    dict(text="A couple of weeks for results from Summit Imaging is too slow.",
         targets=T(("summit-imaging", N)), waits=W((20160, "results"))),
    dict(text="Waited 4 weeks for biopsy results from ClearSkin. Awful communication.",
         targets=T(("clearskin-dermatology", N)), waits=W((40320, "results"))),
    dict(text="Three months to get an appointment with Dr Brandt, which is ridiculous, but she was worth it.",
         targets=T(("dr-helen-brandt", P)), staff=S(("Brandt", "doctor", P)), waits=W((129600, "appointment"))),
    dict(text="The nurse was kind and the doctor was thorough at Northgate Children's.",
         targets=T(("northgate-childrens", P))),
    dict(text="Nurse Amy was amazing; Dr. Okafor was condescending.",
         provider_hint="riverside-urgent-care",
         targets=T(("riverside-urgent-care", P), ("dr-marcus-okafor", N)),
         staff=S(("Amy", "nurse", P), ("Okafor", "doctor", N))),
    dict(text="Linda the receptionist at Lakeview General was wonderful, but Dr. Lee was arrogant.",
         targets=T(("lakeview-general", P)),
         staff=S(("Linda", "receptionist", P), ("Lee", "doctor", N))),
    dict(text="My surgeon, Dr. Lee, was excellent and Harbor Community looked after me well.",
         targets=T(("harbor-community", P)), staff=S(("Lee", "surgeon", P))),
    dict(text="Doctor Okafor is a gem. Riverside Urgent Care is lucky to have him.",
         targets=T(("dr-marcus-okafor", P), ("riverside-urgent-care", P)),
         staff=S(("Okafor", "doctor", P))),
    dict(text="The ER at St Mary's was a zoo, but Dr Reyes kept everyone calm.",
         targets=T(("st-marys", N), ("dr-samuel-reyes", P)), staff=S(("Reyes", "doctor", P))),
    dict(text="Northgate Children's is great, Harbor Community is not.",
         targets=T(("northgate-childrens", P), ("harbor-community", N))),
    dict(text="Love ClearSkin! Hate the parking at Summit Imaging.",
         targets=T(("clearskin-dermatology", P), ("summit-imaging", N))),
    dict(text="@RiversideUC you were fast and friendly today, whereas @LakeviewGeneral made us wait 6 hours in the ER.",
         targets=T(("riverside-urgent-care", P), ("lakeview-general", N)), waits=W((360, "emergency"))),
    dict(text="Nurse Beth at Harbor Hospital was patient with my mum, although the food was inedible.",
         targets=T(("harbor-community", P)), staff=S(("Beth", "nurse", P))),
    dict(text="Our midwife Sarah was incredible. St Mary's maternity ward was filthy though.",
         targets=T(("st-marys", N)), staff=S(("Sarah", "midwife", P))),
    dict(text="The physio Tom at Lakeview was great.",
         targets=T(("lakeview-general", P)), staff=S(("Tom", "physio", P))),
    dict(text="Called Maple Street Family Practice and was on hold for 45 minutes, then they hung up.",
         targets=T(("maple-family-practice", N)), waits=W((45, "appointment"))),
    dict(text="Waited 20 mins for Summit Imaging to find my referral, fine otherwise.",
         targets=T(("summit-imaging", P)), waits=W((20, "appointment"))),
    dict(text="Seen at Riverside UC in 15 minutes. Excellent.",
         targets=T(("riverside-urgent-care", P))),
    dict(text="My daughter spent 6 hours in the emergency department at Northgate Children's, and nobody told us anything.",
         targets=T(("northgate-childrens", N)), waits=W((360, "emergency"))),
    dict(text="Dr Anita Patel referred me to Summit Imaging; the scan was quick but the results took 3 weeks.",
         targets=T(("dr-anita-patel", O), ("summit-imaging", N)),
         staff=S(("Anita Patel", "doctor", O)), waits=W((30240, "results"))),
    dict(text="Harbor Community Hospital is a 20 minute drive from home and worth it.",
         targets=T(("harbor-community", P))),
    dict(text="Pharmacist Raj at Lakeview General sorted my meds quickly and kindly.",
         targets=T(("lakeview-general", P)), staff=S(("Raj", "pharmacist", P))),
    dict(text="Went to St Mary's for a scan. Clean, fast, friendly.",
         targets=T(("st-marys", P))),
    dict(text="ClearSkin Dermatology and Dr Brandt both deserve five stars.",
         targets=T(("clearskin-dermatology", P), ("dr-helen-brandt", P)), staff=S(("Brandt", "doctor", P))),
    dict(text="Riverside Urgent Care: dirty floors, broken chairs, rude staff.",
         targets=T(("riverside-urgent-care", N))),
    dict(text="Lakeview General's ER was slow but Summit Imaging was a breeze.",
         targets=T(("lakeview-general", N), ("summit-imaging", P))),
    dict(text="I waited 2 hours and 15 minutes in the waiting room at Northgate Kids. Awful.",
         targets=T(("northgate-childrens", N)), waits=W((135, "clinic"))),
    dict(text="The tech at Summit Imaging was gentle, the radiologist Dr. Chen explained everything clearly.",
         targets=T(("summit-imaging", P)), staff=S(("Chen", "radiologist", P))),
    dict(text="An hour and a half in the ER at Harbor Community. Not great.",
         targets=T(("harbor-community", N)), waits=W((90, "emergency"))),
    dict(text="I've been going to Dr Reyes for 5 years and he is brilliant.",
         targets=T(("dr-samuel-reyes", P)), staff=S(("Reyes", "doctor", P))),
    dict(text="Dr Okafor's nurse, Nurse Joy, was lovely but Riverside Urgent's billing is a mess.",
         targets=T(("dr-marcus-okafor", P), ("riverside-urgent-care", N)),
         staff=S(("Okafor", "doctor", P), ("Joy", "nurse", P))),
]


# Held out: written and labeled after the rules were tuned on the rows above, then run once
# and not tuned on (ids x001...). Their figures are reported separately.
HOLDOUT = [
    dict(text="Took my son to Northgate Kids with a broken arm. The triage nurse was brilliant, however the doctor never came back to explain the x-ray.",
         targets=T(("northgate-childrens", N))),
    dict(text="Honestly Summit Radiology is the only place I trust for scans; Lakeview General lost my CT twice.",
         targets=T(("summit-imaging", P), ("lakeview-general", N))),
    dict(text="Nurse Kelly on ward 4 at Harbor Community deserves a raise. The ward itself was freezing and dirty.",
         provider_hint="harbor-community",
         targets=T(("harbor-community", N)), staff=S(("Kelly", "nurse", P))),
    dict(text="Dr. Brandt removed a mole in ten minutes and it healed perfectly, but ClearSkin charged me $300 for it.",
         targets=T(("dr-helen-brandt", P), ("clearskin-dermatology", N)), staff=S(("Brandt", "doctor", P))),
    dict(text="We were stuck in the A&E at St Mary's for seven hours with a screaming toddler.",
         targets=T(("st-marys", N)), waits=W((420, "emergency"))),
    dict(text="Maple Street Family Practice: booked online, seen on time, lovely GP. Can't fault them.",
         targets=T(("maple-family-practice", P))),
    dict(text="Riverside Urgent Care turned us away at 7pm even though the sign says open till 8. Went to Harbor Hospital instead and they were fantastic.",
         targets=T(("riverside-urgent-care", N), ("harbor-community", P))),
    dict(text="It has been 6 weeks and I'm still waiting for my biopsy results from ClearSkin Dermatology.",
         targets=T(("clearskin-dermatology", N)), waits=W((60480, "results"))),
    dict(text="Dr Reyes is thorough and funny. Parking at St Mary's is a joke though.",
         targets=T(("dr-samuel-reyes", P), ("st-marys", N)), staff=S(("Reyes", "doctor", P))),
    dict(text="The receptionist Maria at Summit Imaging rebooked me in two minutes and was so helpful.",
         targets=T(("summit-imaging", P)), staff=S(("Maria", "receptionist", P))),
    dict(text="Lakeview General's maternity unit was calm and the midwife Joanne was a star, but the food was grim.",
         targets=T(("lakeview-general", P)), staff=S(("Joanne", "midwife", P))),
    dict(text="@HarborCommHosp your ER wait is insane, 9 hours last night.",
         targets=T(("harbor-community", N)), waits=W((540, "emergency"))),
    dict(text="Dr Okafor listened, Dr Okafor explained, Dr Okafor followed up. Best doctor at Riverside.",
         targets=T(("dr-marcus-okafor", P), ("riverside-urgent-care", P)), staff=S(("Okafor", "doctor", P))),
    dict(text="Northgate Children's oncology team are heroes. Harbor Community misdiagnosed her for months.",
         targets=T(("northgate-childrens", P), ("harbor-community", N))),
    dict(text="Called ClearSkin five times to get an appointment and nobody ever called back.",
         targets=T(("clearskin-dermatology", N))),
    dict(text="The surgeon at St Mary's, Dr. Reyes, fixed my knee and I'm running again.",
         targets=T(("st-marys", P), ("dr-samuel-reyes", P)), staff=S(("Reyes", "doctor", P))),
    dict(text="Phlebotomist Ana at Lakeview found my vein first try, while the last place stabbed me four times.",
         targets=T(("lakeview-general", P)), staff=S(("Ana", "phlebotomist", P))),
    dict(text="Summit Imaging had my MRI report to my GP within 2 days, impressive.",
         targets=T(("summit-imaging", P))),
    dict(text="I had to wait three weeks for a referral from Maple Family Practice and the receptionist was snippy about it.",
         targets=T(("maple-family-practice", N)), waits=W((30240, "appointment"))),
    dict(text="Riverside UC is fine for a quick strep test. Don't expect bedside manner.",
         targets=T(("riverside-urgent-care", P))),
    dict(text="St Mary's Regional Hospital treated my grandmother with dignity in her last days. Thank you.",
         targets=T(("st-marys", P))),
    dict(text="Lakeview Hospital's car park charges are robbery, but the cardiology ward was excellent.",
         targets=T(("lakeview-general", P))),
    dict(text="Dr Anita Patel has been our family doctor for 12 years and she has never once rushed us.",
         targets=T(("dr-anita-patel", P)), staff=S(("Anita Patel", "doctor", P))),
    dict(text="Waited 50 minutes past my appointment time at ClearSkin Derm, then Dr. Brandt spent 3 minutes with me.",
         targets=T(("clearskin-dermatology", N), ("dr-helen-brandt", N)),
         staff=S(("Brandt", "doctor", N)), waits=W((50, "appointment"))),
    dict(text="The paramedics were amazing but Harbor Community's emergency department left us in a corridor for 4 hours.",
         targets=T(("harbor-community", N)), waits=W((240, "emergency"))),
    dict(text="Northgate Kids has a playroom, friendly nurses and short waits. Highly recommend.",
         targets=T(("northgate-childrens", P))),
    dict(text="Maple Street Family Practice cancelled my appointment again. Third time this month.",
         targets=T(("maple-family-practice", N))),
    dict(text="Dr Raj Patel at ClearSkin Dermatology sorted out my psoriasis after years of misery.",
         targets=T(("dr-raj-patel", P), ("clearskin-dermatology", P)), staff=S(("Raj Patel", "doctor", P))),
    dict(text="Lakeview General vs St Mary's: Lakeview was cleaner, St Mary's was faster.",
         targets=T(("lakeview-general", P), ("st-marys", P))),
    dict(text="The tech Marcus at Summit MRI talked me through my claustrophobia, such a kind man.",
         targets=T(("summit-imaging", P)), staff=S(("Marcus", "tech", P))),
    dict(text="Riverside Urgent Care misread my x-ray and sent me home with a broken wrist.",
         targets=T(("riverside-urgent-care", N))),
    dict(text="Spent 2 hours on hold trying to reach St Mary's billing department. Appalling.",
         targets=T(("st-marys", N)), waits=W((120, "appointment"))),
    dict(text="Our midwife Priya made the birth feel safe, although Harbor Hospital's postnatal ward was understaffed and chaotic.",
         targets=T(("harbor-community", N)), staff=S(("Priya", "midwife", P))),
    dict(text="Dr Brandt and her nurse were both lovely at ClearSkin.",
         targets=T(("dr-helen-brandt", P), ("clearskin-dermatology", P)), staff=S(("Brandt", "doctor", P))),
    dict(text="Got to Lakeview General ER at 10pm and wasn't seen until 3am.",
         targets=T(("lakeview-general", N)), waits=W((300, "emergency"))),
    dict(text="Summit Imaging is spotless and modern, but the results took 10 days to reach Dr Patel at Maple Street Family Practice.",
         targets=T(("summit-imaging", P), ("dr-anita-patel", O), ("maple-family-practice", O)),
         staff=S(("Patel", "doctor", O)), waits=W((14400, "results"))),
    dict(text="Northgate Children's saved my daughter's life. I can never thank them enough.",
         targets=T(("northgate-childrens", P))),
    dict(text="Receptionist at Riverside rolled her eyes at me. Dr Okafor was kind though.",
         targets=T(("riverside-urgent-care", N), ("dr-marcus-okafor", P)), staff=S(("Okafor", "doctor", P))),
    dict(text="Harbor Community Hospital's physio team got me walking again after my hip replacement.",
         targets=T(("harbor-community", P))),
    dict(text="ClearSkin upsold me creams I didn't need. Never again.",
         targets=T(("clearskin-dermatology", N))),
    dict(text="Dr. Reyes at St Mary's was arrogant and wouldn't answer questions; Nurse Tom on the same ward was an angel.",
         targets=T(("dr-samuel-reyes", N), ("st-marys", N)),
         staff=S(("Reyes", "doctor", N), ("Tom", "nurse", P))),
    dict(text="Queued for 25 minutes at Maple Family Practice just to hand in a form. Ridiculous system.",
         targets=T(("maple-family-practice", N)), waits=W((25, "clinic"))),
    dict(text="Lakeview General discharged my dad too early and he was back within a week.",
         targets=T(("lakeview-general", N))),
    dict(text="Super efficient blood test at Summit Imaging, in and out in 15 minutes.",
         targets=T(("summit-imaging", P))),
    dict(text="Riverside Urgent gave great care, Northgate Children's gave even better care.",
         targets=T(("riverside-urgent-care", P), ("northgate-childrens", P))),
    dict(text="PA Chris at Riverside Urgent Care was dismissive and wrong about my diagnosis.",
         targets=T(("riverside-urgent-care", N)), staff=S(("Chris", "physician assistant", N))),
    dict(text="My GP Dr Patel at Maple Family Practice is wonderful; the practice manager is another story.",
         targets=T(("dr-anita-patel", P), ("maple-family-practice", N)), staff=S(("Patel", "doctor", P))),
    dict(text="St Mary's lost my mum's hearing aids and glasses during her stay. Nobody took responsibility.",
         targets=T(("st-marys", N))),
    dict(text="Four months for a dermatology appointment at ClearSkin is unacceptable.",
         targets=T(("clearskin-dermatology", N)), waits=W((172800, "appointment"))),
    dict(text="Harbor Community's new ER is fast and the nurses are kind. Massive improvement.",
         targets=T(("harbor-community", P))),
]

if __name__ == "__main__":
    main()
