#!/usr/bin/env python3
"""Generates the bedside demo dataset (datasets/demo/).

Everything here is invented for this project: providers, people, handles, ids, and every
sentence (written below as templates and fragments). Standard library only, no network,
deterministic: the same files, byte for byte, on every run.

    python3 datasets/demo/generate.py
"""

import csv
import datetime as dt
import io
import json
import os
import random
import statistics

SEED = 20261128
OUT = os.path.dirname(os.path.abspath(__file__))
START = dt.datetime(2026, 5, 1)
END = dt.datetime(2026, 11, 1)  # exclusive
TREND_FROM = dt.datetime(2026, 8, 1)
BURST_FROM = dt.datetime(2026, 9, 14)
BURST_TO = dt.datetime(2026, 9, 21)  # exclusive

rng = random.Random(SEED)

# --------------------------------------------------------------------------------------------
# Providers
# --------------------------------------------------------------------------------------------

TOPICS = [
    "wait_times", "access_scheduling", "staff_attitude", "communication", "clinical_competence",
    "staffing_responsiveness", "billing_cost", "facilities_cleanliness", "food_amenities",
    "parking_access",
]

# profile: topic -> (weight, probability that a sentence on it is favourable)
PROVIDERS = [
    dict(id="st-marys", name="St Mary's Regional Hospital", kind="hospital", sub="hospital",
         aliases=["St Mary's", "Saint Mary's", "St. Mary's Hospital", "SMRH"],
         handles=["@StMarysHosp"], location_ids=["4815162342", "7730219845", "st-marys-regional-hospital-springfield"],
         parent_id="", weight=14,
         nurses=["Nurse Amy", "Nurse Carlos", "Nurse Dolores"], recep=["the triage clerk", "the lady at registration"],
         places=["the ER", "the emergency room", "the ER waiting room", "4 West"],
         profile=dict(clinical_competence=(3.0, .88), wait_times=(4.0, .10), communication=(1.5, .6),
                      staff_attitude=(2.0, .72), parking_access=(2.0, .15), facilities_cleanliness=(1.0, .65),
                      food_amenities=(0.7, .45), billing_cost=(0.8, .35), staffing_responsiveness=(1.0, .45),
                      access_scheduling=(0.5, .4)),
         summary="clinically excellent, terrible ER waits, expensive parking"),
    dict(id="lakeview-general", name="Lakeview General Hospital", kind="hospital", sub="hospital",
         aliases=["Lakeview General", "Lakeview Hospital", "LGH"],
         handles=["@LakeviewGeneral", "@LakeviewCares"], location_ids=["6021948273", "lakeview-general-hospital-springfield"],
         parent_id="", weight=12,
         nurses=["Nurse Beth", "Nurse Jerome"], recep=["the woman at registration", "the receptionist"],
         places=["the ER", "the emergency department", "the surgery center", "the ward"],
         profile=dict(billing_cost=(4.0, .08), clinical_competence=(1.5, .62), staff_attitude=(1.5, .58),
                      communication=(1.2, .4), wait_times=(1.5, .42), facilities_cleanliness=(1.0, .62),
                      parking_access=(0.6, .6), food_amenities=(0.5, .5), access_scheduling=(0.8, .45),
                      staffing_responsiveness=(1.0, .5)),
         summary="billing nightmare (surprise bills); September burst"),
    dict(id="northgate-childrens", name="Northgate Children's Hospital", kind="hospital", sub="hospital",
         aliases=["Northgate Children's", "Northgate Kids", "NCH"],
         handles=["@NorthgateKids"], location_ids=["9182736450"],
         parent_id="", weight=8,
         nurses=["Nurse Jenna", "Nurse Kofi", "Marisol from child life"], recep=["the receptionist"],
         places=["the pediatric ER", "the PICU", "the oncology floor", "the ER"],
         profile=dict(staff_attitude=(4.0, .92), clinical_competence=(2.5, .88), communication=(2.0, .82),
                      food_amenities=(1.5, .72), parking_access=(1.5, .22), wait_times=(1.2, .5),
                      facilities_cleanliness=(1.0, .86), billing_cost=(0.6, .4), staffing_responsiveness=(1.0, .76),
                      access_scheduling=(0.6, .5)),
         summary="beloved staff, kind nurses, parking is the sore spot"),
    dict(id="harbor-community", name="Harbor Community Hospital", kind="hospital", sub="hospital",
         aliases=["Harbor Community", "Harbor Hospital", "HCH"],
         handles=["@HarborCommHosp"], location_ids=["2468013579", "harbor-community-hospital-springfield"],
         parent_id="", weight=8,
         nurses=["Nurse Pat", "Nurse Deshawn"], recep=["the receptionist"],
         places=["the ER", "the third floor", "the ward", "room 312"],
         profile=dict(facilities_cleanliness=(3.5, .12), food_amenities=(2.0, .15), staffing_responsiveness=(3.0, .15),
                      staff_attitude=(1.5, .45), clinical_competence=(1.0, .5), wait_times=(1.2, .35),
                      communication=(1.0, .35), billing_cost=(0.6, .4), parking_access=(0.5, .75),
                      access_scheduling=(0.4, .5)),
         summary="dirty facilities, cold food, unanswered call buttons"),
    dict(id="riverside-urgent-care", name="Riverside Urgent Care", kind="clinic", sub="urgent care",
         aliases=["Riverside UC", "Riverside urgent care", "Riverside Urgent"],
         handles=["@RiversideUC"], location_ids=["5550193847", "riverside-urgent-care-springfield"],
         parent_id="", weight=11,
         nurses=["Nurse Tomas", "Kelsey the MA"], recep=["Linda at the front desk", "the receptionist Linda", "the front desk lady"],
         places=["urgent care", "the waiting room", "the lobby"],
         profile=dict(staff_attitude=(4.0, .12), wait_times=(3.0, .5), clinical_competence=(1.5, .72),
                      access_scheduling=(1.0, .5), billing_cost=(0.8, .4), facilities_cleanliness=(0.6, .55),
                      parking_access=(0.5, .78), communication=(1.0, .45)),
         summary="rude front desk; waits get much worse from August"),
    dict(id="maple-family-practice", name="Maple Street Family Practice", kind="clinic", sub="family practice",
         aliases=["Maple Street Family", "Maple Family Practice", "Maple St Family Medicine"],
         handles=["@MapleFamilyMed"], location_ids=["1357924680", "maple-street-family-practice-springfield"],
         parent_id="st-marys", weight=7,
         nurses=["Kelly the MA", "Nurse Hannah"], recep=["Denise at the front desk", "the receptionist"],
         places=["the office", "the clinic", "the waiting room"],
         profile=dict(access_scheduling=(4.0, .12), communication=(1.5, .45), clinical_competence=(1.5, .82),
                      staff_attitude=(1.5, .55), wait_times=(1.0, .5), billing_cost=(0.6, .5),
                      facilities_cleanliness=(0.4, .78), parking_access=(0.4, .72)),
         summary="impossible to get an appointment, good doctors"),
    dict(id="clearskin-dermatology", name="ClearSkin Dermatology", kind="clinic", sub="dermatology",
         aliases=["ClearSkin", "Clear Skin Dermatology", "ClearSkin Derm"],
         handles=["@ClearSkinDerm"], location_ids=["8642097531", "clearskin-dermatology-springfield"],
         parent_id="", weight=5,
         nurses=["Brooke the MA", "Nurse Ines"], recep=["the receptionist", "Brooke at check-in"],
         places=["the office", "the clinic"],
         profile=dict(billing_cost=(2.5, .2), clinical_competence=(2.0, .76), access_scheduling=(1.5, .35),
                      staff_attitude=(1.0, .7), communication=(1.0, .55), wait_times=(1.0, .5),
                      facilities_cleanliness=(0.8, .88)),
         summary="good dermatology, expensive and upsells, months-long waits for appointments"),
    dict(id="summit-imaging", name="Summit Imaging Center", kind="clinic", sub="imaging center",
         aliases=["Summit Imaging", "Summit MRI", "Summit Radiology"],
         handles=["@SummitImaging"], location_ids=["6677889900", "summit-imaging-center-springfield"],
         parent_id="lakeview-general", weight=4,
         nurses=["Luis the MRI tech", "the tech"], recep=["the receptionist"],
         places=["the imaging center", "the MRI suite", "the waiting area"],
         profile=dict(communication=(3.0, .25), wait_times=(1.5, .72), staff_attitude=(1.5, .82),
                      access_scheduling=(1.2, .7), billing_cost=(1.2, .3), facilities_cleanliness=(1.0, .88),
                      parking_access=(1.0, .86)),
         summary="fast, friendly scans; results never reach anyone"),
    dict(id="dr-anita-patel", name="Dr. Anita Patel", kind="doctor", sub="doctor",
         aliases=["Dr Patel", "Dr. Patel", "Anita Patel", "Dr Anita Patel"],
         handles=[], location_ids=["3141592653"],
         parent_id="maple-family-practice", weight=5, short=["Dr. Patel", "Dr Patel", "Dr. Anita Patel"], pron="she",
         nurses=["Kelly the MA"], recep=["the receptionist"], places=["the office"],
         profile=dict(clinical_competence=(3.0, .93), communication=(3.5, .93), staff_attitude=(2.0, .9),
                      access_scheduling=(1.2, .3), wait_times=(0.8, .5), billing_cost=(0.3, .5)),
         summary="beloved family doctor who listens; hard to get in"),
    dict(id="dr-raj-patel", name="Dr. Raj Patel", kind="doctor", sub="doctor",
         aliases=["Dr Patel", "Dr. Patel", "Raj Patel", "Dr Raj Patel"],
         handles=[], location_ids=["2718281828"],
         parent_id="clearskin-dermatology", weight=3, short=["Dr. Patel", "Dr Patel", "Dr. Raj Patel"], pron="he",
         nurses=["Brooke the MA"], recep=["the receptionist"], places=["the office"],
         profile=dict(communication=(3.0, .25), clinical_competence=(2.0, .45), staff_attitude=(2.0, .3),
                      wait_times=(1.0, .3), billing_cost=(0.8, .3)),
         summary="dismissive, rushed dermatologist (same surname as Dr. Anita Patel)"),
    dict(id="dr-marcus-okafor", name="Dr. Marcus Okafor", kind="doctor", sub="doctor",
         aliases=["Dr Okafor", "Dr. Okafor", "Marcus Okafor"],
         handles=[], location_ids=[],
         parent_id="riverside-urgent-care", weight=3, short=["Dr. Okafor", "Dr Okafor"], pron="he",
         nurses=["Nurse Tomas"], recep=["the receptionist"], places=["urgent care"],
         profile=dict(clinical_competence=(3.0, .88), communication=(2.0, .86), staff_attitude=(2.0, .86),
                      wait_times=(0.8, .35)),
         summary="excellent urgent-care physician inside a badly run clinic"),
    dict(id="dr-helen-brandt", name="Dr. Helen Brandt", kind="doctor", sub="doctor",
         aliases=["Dr Brandt", "Dr. Brandt", "Helen Brandt"],
         handles=[], location_ids=[],
         parent_id="clearskin-dermatology", weight=2.5, short=["Dr. Brandt", "Dr Brandt"], pron="she",
         nurses=["Nurse Ines"], recep=["the receptionist"], places=["the office"],
         profile=dict(clinical_competence=(3.0, .9), communication=(2.0, .8), access_scheduling=(1.0, .35),
                      staff_attitude=(1.0, .86)),
         summary="thorough dermatologist (caught melanomas), booked out for months"),
    dict(id="dr-samuel-reyes", name="Dr. Samuel Reyes", kind="doctor", sub="doctor",
         aliases=["Dr Reyes", "Dr. Reyes", "Samuel Reyes"],
         handles=[], location_ids=[],
         parent_id="st-marys", weight=3, short=["Dr. Reyes", "Dr Reyes"], pron="he",
         nurses=["Nurse Amy"], recep=["the receptionist"], places=["the ortho clinic", "the office"],
         profile=dict(clinical_competence=(2.5, .5), communication=(2.5, .3), staff_attitude=(1.5, .4),
                      wait_times=(1.0, .3)),
         summary="orthopedic surgeon at St Mary's: skilled hands, no bedside manner, some misdiagnosis stories"),
]
BY_ID = {p["id"]: p for p in PROVIDERS}
CHILD_DOCS = {}
for _p in PROVIDERS:
    if _p["kind"] == "doctor":
        CHILD_DOCS.setdefault(_p["parent_id"], []).append(_p)

# --------------------------------------------------------------------------------------------
# People (all invented)
# --------------------------------------------------------------------------------------------

FIRST = ["Maria", "James", "Keisha", "Tom", "Priya", "Derek", "Lena", "Marcus", "Sofia", "Brandon",
         "Aisha", "Kyle", "Rosa", "Evan", "Mei", "Trevor", "Nadia", "Colin", "Tasha", "Victor",
         "Jolene", "Ravi", "Heather", "Omar", "Brittany", "Luis", "Gwen", "Darnell", "Yuki", "Shannon",
         "Pete", "Ingrid", "Malik", "Carla", "Dev", "Fiona", "Hector", "Lorna", "Quinn", "Renee",
         "Stan", "Tamsin", "Ulysses", "Vera", "Wade", "Xiomara", "Yolanda", "Zach", "Abby", "Bo"]
LAST = ["Lindqvist", "Harrow", "Mbeki", "Castellano", "Fairweather", "Okoye", "Brannigan", "Sato",
        "Velasquez", "Pruitt", "Kowalczyk", "Ashdown", "Ferreira", "Gallagher", "Haddad", "Ivers",
        "Jablonski", "Kettering", "Lutz", "Moreau", "Nakamura", "Oduya", "Penhallow", "Quintero",
        "Rasmussen", "Szabo", "Trindade", "Underhill", "Vance", "Whitcombe", "Yardley", "Zielinski",
        "Amadi", "Beaumont", "Corrigan", "Delacroix", "Eastwick", "Foxley", "Grady", "Holloway"]
HANDLE_WORDS = ["sunny", "tired", "coffee", "night", "river", "quiet", "mama", "dad", "runner",
                "garden", "pixel", "storm", "lucky", "rusty", "maple", "boho", "grumpy", "happy",
                "nurse", "teacher", "biker", "retro", "salty", "cozy", "gamer", "fishing"]
HANDLE_NOUNS = ["bear", "fox", "owl", "mom", "guy", "gal", "life", "vibes", "thoughts", "dude",
                "cat", "hound", "kid", "writer", "lady", "fan", "pilot", "baker"]


class Person:
    __slots__ = ("first", "last", "handle", "uid", "followers")


def make_person(r=rng):
    p = Person()
    p.first = r.choice(FIRST)
    p.last = r.choice(LAST)
    style = r.random()
    if style < 0.4:
        h = f"{p.first.lower()}_{p.last[0].lower()}{r.randint(1, 99)}"
    elif style < 0.75:
        h = f"{r.choice(HANDLE_WORDS)}{r.choice(HANDLE_NOUNS)}{r.randint(1, 999)}"
    else:
        h = f"{p.first}{p.last}"[:15]
    p.handle = h
    p.uid = str(r.randint(10 ** 8, 10 ** 18))
    p.followers = int(min(250000, r.lognormvariate(5.2, 1.6)))
    return p


PEOPLE = [make_person() for _ in range(900)]

# --------------------------------------------------------------------------------------------
# Sentence banks. "H|" = hospitals only, "C|" = clinics and doctors only.
# Slots: {dur} {place} {nurse} {recep} {doc} {amount} {park} {mins} {month} {weeks} {n}
# --------------------------------------------------------------------------------------------

BANK = {
    "wait_times": {
        "pos": [
            "Only waited {dur} in {place}, which honestly surprised me.",
            "In and out in {dur}.",
            "Got called back after {dur}, super quick.",
            "Seen within {dur} of walking in.",
            "The wait was short, maybe {dur}.",
            "Wait wasn't bad at all, about {dur}.",
            "They had me in a room in {dur}.",
            "H|Triage took {dur} and I was in a bed right after.",
            "Checked in online and barely waited, {dur} tops.",
            "H|Shortest ER wait I've ever had, {dur}.",
            "No waiting around, they took me back in {dur}.",
            "Honestly fast. {dur} from check-in to discharge.",
        ],
        "neg": [
            "Waited {dur} in {place} before anyone even looked at me.",
            "{dur} in the waiting room with a screaming toddler.",
            "Sat in {place} for {dur} with a broken wrist.",
            "We waited {dur} just to be triaged.",
            "{dur} wait and the board said 20 minutes the whole time.",
            "My appointment was at 9:30 and I wasn't seen until after 11.",
            "Waited {dur} past my appointment time.",
            "H|My dad spent {dur} on a hallway stretcher waiting for a bed.",
            "H|{dur} in the ER waiting room with chest pain.",
            "Waited {dur} and then got sent home with Tylenol.",
            "{dur} to be seen for a five minute conversation.",
            "Half the waiting room gave up and left after {dur}.",
            "the wait is ridiculous. {dur}!!",
            "Why does it take {dur} to get seen for strep?",
            "We got there at 6pm and left after midnight.",
            "Waited {dur} with my kid running a 103 fever.",
            "The wait time was {dur}, and nobody apologized.",
        ],
        "neu": [
            "Waited about {dur}, which is about what I expected.",
            "They text you when it's your turn so you can wait in the car.",
            "The online wait tracker said {dur}.",
            "Wait time was {dur} on a Sunday afternoon.",
        ],
    },
    "access_scheduling": {
        "pos": [
            "Got a same-day appointment, no problem.",
            "Booked online in two minutes and they had an opening the next morning.",
            "They squeezed me in the same week.",
            "Scheduling was easy and they even called to remind me.",
            "Their online booking actually works, which is rare.",
            "Walk-in was easy, no appointment needed.",
            "Rescheduling took one phone call.",
            "Got a referral appointment within a week.",
        ],
        "neg": [
            "Tried to book an appointment and the next opening is in {month}.",
            "Called {n} times and got put on hold every single time.",
            "Couldn't get an appointment for weeks.",
            "Their phone line just rings and rings.",
            "The patient portal says no availability until {month}.",
            "They cancelled my appointment the morning of and never rescheduled.",
            "My referral has been 'in process' for six weeks.",
            "I've been on hold for {mins} minutes trying to make an appointment.",
            "New patients? Forget it, they're booked until {month}.",
            "They rescheduled me three times.",
            "The front desk lost my referral twice.",
            "Can't get a follow-up appointment to save my life.",
            "Was told to call back next month when the schedule opens. Then next month again.",
        ],
        "neu": [
            "You have to call to book, there's no online scheduling.",
            "Appointments open up on the first of the month.",
            "They do walk-ins on weekdays until 7.",
        ],
    },
    "staff_attitude": {
        "pos": [
            "{nurse} was so kind to my mom.",
            "The nurses were angels, especially {nurse}.",
            "Everyone from the front desk to the doctor was lovely.",
            "{nurse} held my hand through the whole thing.",
            "Staff were friendly and patient with my kids.",
            "The receptionist was warm and welcoming.",
            "So much compassion from every single person we dealt with.",
            "The nurses were absolute rockstars.",
            "Staff treated my dad with real dignity.",
            "The tech cracked jokes and kept me calm.",
            "{nurse} remembered my name from last time, little things like that matter.",
            "Kindest staff I've met in any hospital or clinic.",
        ],
        "neg": [
            "The receptionist was rude from the moment we walked in.",
            "{recep} rolled her eyes when I asked how much longer.",
            "Front desk staff acted like we were bothering them.",
            "The nurse was condescending and dismissive.",
            "Nobody said hello, nobody smiled, nobody cared.",
            "The lady at check-in snapped at an elderly man in front of me.",
            "I was treated like a drug seeker for asking about pain meds.",
            "Rudest front desk I've ever dealt with.",
            "The security guard was more polite than the staff.",
            "Staff were chatting on their phones while patients waited.",
            "{recep} told me to 'sit down and stop asking'.",
            "Was yelled at by {recep} for being five minutes late.",
            "Zero empathy from the front desk.",
        ],
        "neu": [
            "Staff were fine, nothing special.",
            "Front desk was professional.",
            "The nurse was efficient.",
        ],
    },
    "communication": {
        "pos": [
            "{doc} actually listened and explained everything.",
            "They called me the next day to check in.",
            "Explained my options clearly and never rushed me.",
            "Results were on the portal within a day, with a note from the doctor.",
            "The nurse explained every step before doing it.",
            "For once a doctor who listens.",
            "{doc} took time to answer all my questions.",
            "{doc} drew me a diagram so I'd understand the procedure.",
            "H|They kept us updated every hour while my husband was in surgery.",
        ],
        "neg": [
            "Nobody told us anything for hours.",
            "Still waiting on my results after {weeks} weeks.",
            "{doc} didn't listen and talked over me.",
            "Called three times for my test results, no callback.",
            "H|They discharged him without explaining the new meds.",
            "{doc} spent four minutes with me and typed the whole time.",
            "Portal messages go unanswered.",
            "Got completely different answers from the nurse and the doctor.",
            "Nobody called to say the appointment was cancelled.",
            "{doc} was dismissive and barely looked up from the screen.",
            "My scan results were sent to the wrong doctor. Twice.",
        ],
        "neu": [
            "They send results through the patient portal.",
            "You can message the nurse line during business hours.",
            "Results usually take a few days.",
        ],
    },
    "clinical_competence": {
        "pos": [
            "{doc} figured out what three other doctors missed.",
            "H|They caught my appendicitis early and the surgery went perfectly.",
            "Best care I've ever received.",
            "H|The surgeon was brilliant and I'm healing fast.",
            "Diagnosed correctly on the first visit.",
            "Stitches healed beautifully, barely a scar.",
            "{doc} did a super thorough exam.",
            "H|They saved my husband's life, no exaggeration.",
            "Knowledgeable, careful, and confident.",
            "{doc} got my son's asthma under control after years of struggling.",
        ],
        "neg": [
            "They misdiagnosed my fracture as a sprain.",
            "They sent me home and I was back two days later with pneumonia.",
            "{doc} barely examined me and prescribed antibiotics for a virus.",
            "Gave me the wrong dosage, I caught it myself.",
            "They missed a kidney stone that showed up clearly on the scan.",
            "Three visits and still no diagnosis.",
            "H|The IV was put in wrong twice and my arm is all bruised.",
            "{doc} told me it was anxiety. It was my gallbladder.",
            "Pretty sure {doc} misdiagnosed me, the second opinion said something totally different.",
        ],
        "neu": [
            "Got an x-ray and a prescription.",
            "They ran bloodwork and a urine test.",
            "H|Had a CT scan and they kept me overnight for observation.",
        ],
    },
    "staffing_responsiveness": {
        "pos": [
            "Pressed the call button and someone came right away.",
            "Nurses checked on us every hour through the night.",
            "Plenty of staff on, always someone around.",
            "Pain meds came quickly whenever I asked.",
        ],
        "neg": [
            "Pressed the call button and nobody came for {mins} minutes.",
            "Clearly short staffed, one nurse for the whole floor.",
            "My mom sat in a soiled bed for an hour because nobody answered the call light.",
            "Asked for water four times.",
            "Night shift never checked on him once.",
            "They are so understaffed that the nurses looked exhausted.",
            "Waited {mins} minutes for someone to help me to the bathroom.",
            "Pain meds were an hour late every time.",
            "The call light was on for {mins} min and people just walked past.",
        ],
        "neu": [
            "There's a call button by the bed.",
            "Shift change is at 7.",
        ],
    },
    "billing_cost": {
        "pos": [
            "Billing was straightforward and the price was quoted up front.",
            "They helped me apply for financial assistance and the bill dropped to almost nothing.",
            "The self-pay price was reasonable.",
            "The billing office fixed an error in one phone call.",
            "No surprise bills, everything matched what they quoted.",
        ],
        "neg": [
            "Got a surprise bill for {amount} three months later.",
            "Charged {amount} for a ten minute visit.",
            "They billed my insurance wrong and now it's in collections.",
            "{amount} for an ER visit where I got two Tylenol.",
            "Out-of-network anesthesiologist, surprise bill of {amount}.",
            "The billing department hung up on me twice.",
            "Was told it was covered. It was not.",
            "Facility fee of {amount} on top of the copay??",
            "Still fighting a {amount} bill from my last visit.",
            "The itemized bill had charges for things I never got.",
            "They charged me {amount} for a 'consultation' that lasted five minutes.",
            "C|They pushed $300 of products on me before I could even ask a question.",
        ],
        "neu": [
            "Ask for an itemized bill, they'll send it.",
            "The billing office is on the second floor.",
            "They take most insurance plans.",
        ],
    },
    "facilities_cleanliness": {
        "pos": [
            "Spotless rooms and clean bathrooms.",
            "H|The new wing is gorgeous and very clean.",
            "Everything was clean and modern.",
            "H|Quiet private room and a comfy bed.",
            "The waiting room was bright and clean.",
        ],
        "neg": [
            "The bathroom was disgusting, no soap and no paper towels.",
            "Blood on the floor of the exam room. Not kidding.",
            "Dirty bathrooms and overflowing trash.",
            "The room smelled like urine.",
            "Saw a cockroach in the hallway.",
            "The waiting room chairs are stained and broken.",
            "H|The sheets had hair on them.",
            "H|The elevator has been broken for weeks.",
            "There was old gauze on the floor under the bed.",
        ],
        "neu": [
            "The building is older but fine.",
            "Renovations are going on in the lobby.",
        ],
    },
    "food_amenities": {
        "pos": [
            "H|The cafeteria food was honestly good.",
            "H|Food was better than expected, the soup was great.",
            "Free wifi and a coffee machine in the waiting room.",
            "H|Room service menu for patients, who knew.",
            "Warm blankets and snacks for the kids.",
            "H|The family lounge has a fridge and a microwave, such a help.",
        ],
        "neg": [
            "H|The food was cold and inedible.",
            "H|Dinner came at 4:30 and it was cold.",
            "H|They forgot his meal tray twice.",
            "The vending machine eats your money.",
            "No wifi, no water fountain, nothing to do for hours.",
            "H|The cafeteria closes at 7 so families can't eat.",
            "H|They gave my diabetic father a tray full of sugar.",
            "H|Cold eggs, cold toast, cold coffee. Every morning.",
        ],
        "neu": [
            "H|The cafeteria is on the ground floor.",
            "There's a vending machine by the entrance.",
        ],
    },
    "parking_access": {
        "pos": [
            "Free parking right by the entrance.",
            "Valet parking was a lifesaver.",
            "Plenty of parking.",
            "Easy to find, easy to park.",
        ],
        "neg": [
            "Parking cost {park} and the garage was full anyway.",
            "Paid {park} for parking on top of everything.",
            "Had to circle the lot for 20 minutes to find a spot.",
            "The garage is a maze and the pay machines don't take cards.",
            "No wheelchair-accessible entrance from the parking lot.",
            "H|{park} a day to park while visiting my dying mother. Shameful.",
            "Parking fees are a scam.",
            "Got a parking ticket while I was inside getting stitches.",
        ],
        "neu": [
            "Parking is in the garage on Elm St.",
            "Bring quarters for the meters.",
        ],
    },
}

SARCASM = {
    "wait_times": [
        "Great, another {dur} wait at {P}. Love it.",
        "Wow {P}, {dur} in the waiting room and counting. Stellar service 👏",
        "Nothing like spending my whole Saturday at {P}. {dur}. Fantastic.",
        "Oh good, the board at {P} says 30 min. It's been {dur}. Super accurate.",
    ],
    "billing_cost": [
        "Nothing says 'we care' like a {amount} bill for two Tylenol. Thanks {P}!",
        "Love getting surprise bills from {P}. Best hobby ever.",
        "Wonderful, {P} billed me twice for the same visit. Amazing system.",
    ],
    "parking_access": [
        "Love paying {park} to park at {P} so I can sit in a waiting room. Amazing.",
        "Sure {P}, charge me {park} for parking. I'm made of money.",
    ],
    "staff_attitude": [
        "Shoutout to the front desk at {P} for making me feel like a criminal. Really great.",
        "Thanks {P} for the eye roll at check-in, really made my day.",
    ],
    "food_amenities": [
        "Five stars for the cold mystery meat at {P}. Gourmet.",
    ],
}

TRAPS = [
    # (text, polarity, topics)
    ("Biopsy came back negative, thank god 🙏 {doc} called me herself to tell me.", 1, ["communication"]),
    ("Tested positive for flu but the staff at {P} were great.", 1, ["staff_attitude"]),
    ("Tested positive for strep, but I was in and out of {P} in 30 minutes.", 1, ["wait_times"]),
    ("My scan was clear and {P} had me done in 20 min.", 1, ["wait_times"]),
    ("Cancer-free! Thank you {P} ❤️", 1, ["clinical_competence"]),
    ("The pain was terrible but the nurses at {P} made it bearable.", 1, ["staff_attitude"]),
    ("Results were negative and the tech at {P} was so gentle.", 1, ["staff_attitude"]),
    ("No complaints at all about {P}. None.", 1, []),
    ("Couldn't have asked for better care than {P}.", 1, ["clinical_competence"]),
    ("The front desk at {P} was not rude at all this time, which is a first.", 1, ["staff_attitude"]),
    ("Honestly the wait at {P} wasn't bad.", 1, ["wait_times"]),
    ("COVID test negative, sent home with instructions. {P} was efficient.", 1, []),
    ("Positive pregnancy test!! {P} confirmed it today 😭❤️", 1, []),
    ("Not the worst ER visit I've had. {P} was fine.", 0, ["wait_times"]),
    ("Nothing bad to say about {P}.", 1, []),
    ("Tumor markers negative. {P} team, you are incredible 🙏", 1, ["clinical_competence"]),
    ("Tested positive for COVID and {P} turned me away without a test for my kid.", -1, ["access_scheduling"]),
]

DOC_TRAPS = [
    "Biopsy came back negative, thank god 🙏 {doc} called me {obj}self.",
    "Mole came back benign. {doc} is the best.",
    "Tested positive for strep, but {doc} had me sorted in ten minutes.",
    "Bloodwork all negative. {doc} was patient with every single question.",
]

GENERIC = [
    # no known provider
    ("Why does every ER in this town have a 5 hour wait?", -1, ["wait_times"]),
    ("PSA: always ask for an itemized bill. Always.", 0, ["billing_cost"]),
    ("My insurance denied my MRI again 😡 #healthcare", -1, ["billing_cost"]),
    ("Shoutout to every nurse working nights this weekend ❤️ #nurses", 1, ["staff_attitude"]),
    ("Anyone know a good pediatrician near Springfield that's taking new patients?", 0, ["access_scheduling"]),
    ("Oakwood Dental finally fixed my crown and it didn't hurt at all.", 1, ["clinical_competence"]),
    ("Bake sale at St Mary's parish hall this Sunday after mass! Lemon bars!!", 0, []),
    ("Walked the Riverside trail this morning, gorgeous out.", 1, []),
    ("Healthcare in this country is a joke. $400 for a bag of saline.", -1, ["billing_cost"]),
    ("Flu shots are free at the county health department through October.", 0, []),
    ("Hot take: patient portals are worse than fax machines.", -1, ["communication"]),
    ("Got my booster today, arm is sore but fine.", 0, []),
    ("Does anyone else's doctor's office never answer the phone?", -1, ["access_scheduling"]),
    ("The Pine Hill clinic across town was lovely, no wait at all.", 1, ["wait_times"]),
    ("Reminder that nurses are people too. Be kind to them.", 1, ["staff_attitude"]),
    ("Hospital parking should be free. Nobody is there for fun.", -1, ["parking_access"]),
    ("Three weeks to get a callback about a referral. Three. Weeks.", -1, ["access_scheduling"]),
    ("Just found out my plan doesn't cover urgent care anymore. Cool cool cool.", -1, ["billing_cost"]),
    ("Grateful for the paramedics who showed up in 6 minutes last night 🙏", 1, []),
    ("What's the difference between urgent care and the ER, cost-wise? Asking for a friend.", 0, ["billing_cost"]),
    ("Lakeview Park fireworks were amazing tonight!", 1, []),
    ("Dr Google says I'm dying again lol", 0, []),
    ("Anyone tried the new Eastside Dental? Worth it?", 0, []),
    ("My physical therapist is a saint, that's all.", 1, ["staff_attitude"]),
    ("Surprise bills should be illegal. Oh wait, some of them are.", -1, ["billing_cost"]),
    ("Waiting rooms need better chairs. That's the tweet.", -1, ["facilities_cleanliness"]),
]

CONTEXT_ANY = [
    "I had a bad fall off my bike.", "My son had a fever of 103.", "Needed stitches after a kitchen accident.",
    "I've had a rash for two months.", "It was my first visit.", "I was there for a routine follow-up.",
    "My daughter had an ear infection.", "I thought I had strep.", "I needed a physical for work.",
    "Went in for a sprained ankle.", "My husband cut his hand open at work.", "I've been going here since 2019.",
]
CONTEXT_HOSP = CONTEXT_ANY + [
    "My dad had chest pains.", "My mom was admitted for pneumonia.", "I had my gallbladder out.",
    "We came in by ambulance.", "My wife was in labor.", "My grandmother broke her hip.",
]

OPENERS = {
    "any": [
        "Went to {P} last night.", "{P} review:", "Update on my visit to {P}.", "Just got home from {P}.",
        "Took my son to {P} yesterday.", "Been a patient at {P} for years.", "Second visit to {P} this month.",
        "So, {P}.", "My experience at {P} today:", "Took my mom to {P} this week.",
        "Had to go to {P} over the weekend.", "Quick review of {P}.", "Real talk about {P}.",
        "Was at {P} on Tuesday.", "Brought my daughter to {P}.", "Finally went to {P}.",
    ],
    "doctor": [
        "Saw {P} today.", "Finally got in to see {P}.", "Had my follow-up with {P}.",
        "{D} review.", "First appointment with {P} at {C}.", "Saw {P} at {C} this morning.",
        "Been seeing {P} for three years.", "Switched to {P} last spring.",
    ],
}

CLOSERS = {
    1: ["Highly recommend.", "Thank you!", "10/10.", "Forever grateful.", "Would go back.",
        "Thank you so much to the whole team.", "Can't say enough good things.", "So grateful.",
        "Best in town.", "Keep it up!"],
    -1: ["Never again.", "Do better.", "Avoid.", "So frustrated.", "DO NOT GO HERE.", "Filing a complaint.",
         "Unacceptable.", "Ridiculous.", "I'm done with this place.", "Absolutely ridiculous.",
         "Go somewhere else.", "Someone needs to fix this."],
    0: ["Just FYI.", "Anyone else?", "Mixed feelings.", "It is what it is.", "Make of that what you will."],
}

EMOJI = {1: ["❤️", "🙏", "👍", "😊", "💙", "🙌", "👏"], -1: ["😡", "🙄", "😤", "😩", "👎", "🤬", "😠"], 0: ["🤷", "😐", "🤔"]}
HASHTAGS = {  # topic -> (favourable, unfavourable)
    "wait_times": (["#fast", "#healthcare"], ["#ERwait", "#waiting", "#stillwaiting"]),
    "billing_cost": (["#healthcare"], ["#SurpriseBill", "#medicalbills", "#healthcare"]),
    "staff_attitude": (["#nurses", "#grateful", "#thankful"], ["#customerservice", "#rude"]),
    "communication": (["#patientexperience", "#grateful"], ["#patientexperience", "#fail"]),
    "clinical_competence": (["#grateful", "#healthcare"], ["#misdiagnosed", "#healthcare"]),
    "parking_access": (["#parking"], ["#parking", "#ripoff"]),
    "facilities_cleanliness": (["#clean"], ["#gross"]),
    "food_amenities": (["#hospitalfood"], ["#hospitalfood"]),
    "staffing_responsiveness": (["#nurses"], ["#understaffed", "#nurses"]),
    "access_scheduling": (["#healthcare"], ["#healthcare", "#fail"]),
}
TYPOS = [("receive", "recieve"), ("definitely", "definately"), ("appointment", "appointmnet"),
         ("doctor", "docter"), ("because", "becuase"), ("waiting", "wating"), ("really", "realy"),
         ("hospital", "hospitol"), ("their", "there"), ("nurses", "nureses"), ("until", "untill"),
         ("the", "teh"), ("minutes", "mintues"), ("separate", "seperate")]

# --------------------------------------------------------------------------------------------
# Text composition
# --------------------------------------------------------------------------------------------


def weighted(r, items, weights):
    return r.choices(items, weights=weights, k=1)[0]


def dur_for(p, topic_pol, when, r):
    if topic_pol > 0:
        return r.choice(["10 minutes", "15 min", "20 minutes", "under half an hour", "25 min",
                         "maybe 10 minutes", "about 20 minutes", "15 minutes"])
    if topic_pol == 0:
        return r.choice(["about an hour", "40 minutes", "an hour", "50 min"])
    if p is not None and p["id"] == "riverside-urgent-care":
        if when >= TREND_FROM:
            return r.choice(["3 hours", "4 hours", "almost 5 hours", "3.5 hours", "over 4 hours", "FOUR HOURS", "4+ hours"])
        return r.choice(["an hour", "an hour and a half", "75 minutes", "over an hour"])
    if p is not None and p["kind"] == "hospital":
        return r.choice(["3 hours", "4 hours", "almost 5 hours", "2.5 hrs", "six hours", "over 3 hours",
                         "7 hours", "5 hours", "4 and a half hours"])
    return r.choice(["45 min", "an hour", "an hour and a half", "over an hour", "2 hours", "90 minutes"])


def fill(tpl, p, pol, when, r, doc=None):
    kind = p["kind"] if p else "clinic"
    if doc is None:
        doc = doc_ref(p, r)
    vals = {
        "dur": dur_for(p, pol, when, r),
        "place": r.choice(p["places"]) if p else "the waiting room",
        "nurse": r.choice(p["nurses"]) if p else "the nurse",
        "recep": r.choice(p["recep"]) if p else "the receptionist",
        "doc": doc,
        "amount": r.choice(["$1,840", "$3,200", "$612", "$4,975", "$880", "$2,150", "$1,200", "$9,400", "$740"])
        if kind == "hospital" else r.choice(["$480", "$312", "$650", "$275", "$1,100", "$390"]),
        "park": r.choice(["$18", "$25", "$22", "$30", "$15"]),
        "mins": str(r.choice([20, 25, 30, 40, 45, 50])),
        "month": r.choice(["January", "February", "March", "December", "next spring"]),
        "weeks": str(r.choice([2, 3, 4, 5])),
        "n": str(r.choice([6, 7, 8, 11, 12])),
    }
    out = tpl.format(**vals)
    return out[0].upper() + out[1:] if out[0].islower() and not out.startswith("the wait") else out


def doc_ref(p, r):
    if p is None:
        return "the doctor"
    if p["kind"] == "doctor":
        return r.choice(p["short"] + [p["pron"]])
    kids = CHILD_DOCS.get(p["id"])
    if kids and r.random() < 0.3:
        return r.choice(r.choice(kids)["short"])
    if p["kind"] == "hospital":
        return r.choice(["the doctor", "the ER doctor", "the attending", "the surgeon", "the resident"])
    if p["sub"] == "urgent care":
        return r.choice(["the doctor", "the PA", "the NP"])
    if p["sub"] == "imaging center":
        return r.choice(["the radiologist", "the tech", "the doctor"])
    return r.choice(["the doctor", "the NP", "my doctor"])


def kind_ok(tpl, p):
    if tpl.startswith("H|"):
        return p is not None and p["kind"] == "hospital", tpl[2:]
    if tpl.startswith("C|"):
        return p is not None and p["kind"] != "hospital", tpl[2:]
    return True, tpl


LOG = []  # (provider id, when, topic, polarity) for every topic sentence written


def sentence(topic, pol, p, when, r):
    LOG.append((p["id"] if p else None, when, topic, pol))
    key = {1: "pos", -1: "neg", 0: "neu"}[pol]
    while True:
        ok, tpl = kind_ok(r.choice(BANK[topic][key]), p)
        if ok:
            return fill(tpl, p, pol, when, r)


def topic_profile(p, when):
    prof = dict(p["profile"])
    if p["id"] == "riverside-urgent-care" and when >= TREND_FROM:
        w, _ = prof["wait_times"]
        prof["wait_times"] = (w * 2.5, 0.07)
    return prof


def pick_topics(p, when, k, r):
    prof = topic_profile(p, when)
    names = list(prof.keys())
    chosen = []
    for _ in range(min(k, len(names))):
        ws = [prof[t][0] if t not in chosen else 0 for t in names]
        chosen.append(weighted(r, names, ws))
    pols = []
    for t in chosen:
        x = r.random()
        if x < 0.07:
            pols.append(0)
        else:
            pols.append(1 if r.random() < prof[t][1] else -1)
    return chosen, pols


def ref_form(p, platform, r):
    if platform in ("twitter",) and p["handles"] and r.random() < 0.55:
        return r.choice(p["handles"])
    if p["kind"] == "doctor":
        return r.choice([p["name"], p["name"]] + p["aliases"])
    forms = [p["name"]] * 2 + p["aliases"]
    f = r.choice(forms)
    if r.random() < 0.06:
        f = f.lower()
    return f


LOWER_OK = {"The", "They", "We", "My", "Our", "It", "Everyone", "Everything", "Nobody", "No", "Staff",
            "Parking", "Food", "Front", "Got", "Had", "Pressed", "Nurses", "Results", "Waited", "Was",
            "Dinner", "Cold", "Spotless", "Free", "Dirty", "Saw", "Sat", "Seen", "Only", "Still", "Called",
            "Paid", "Asked", "Explained", "Booked", "Billing", "Charged", "Gave", "Warm", "Plenty", "Easy",
            "Valet", "Kindest", "So", "Wait", "Zero", "Knowledgeable", "Best", "Diagnosed", "Stitches",
            "Portal", "Three", "Couldn't", "Can't", "Checked", "Honestly", "In", "Triage", "Shortest"}


def join_but(a, b):
    first = b.split(" ", 1)[0]
    if first in LOWER_OK:
        b = b[0].lower() + b[1:]
    a = a.rstrip(".!")
    return f"{a}, but {b}"


def style_social(text, pol, topics, platform, r, p=None):
    """Adds emoji, hashtags, typos, caps, lowercase."""
    if r.random() < 0.08:
        for good, bad in r.sample(TYPOS, 4):
            if f" {good} " in text:
                text = text.replace(f" {good} ", f" {bad} ", 1)
                break
    if pol < 0 and r.random() < 0.06:
        parts = text.split(". ")
        i = r.randrange(len(parts))
        parts[i] = parts[i].upper()
        text = ". ".join(parts)
    if platform in ("twitter", "instagram") and r.random() < 0.12:
        text = text.lower()
    if platform in ("twitter", "instagram", "facebook") and r.random() < 0.45:
        e = r.choice(EMOJI[pol])
        text = text + " " + (e * r.choice([1, 1, 1, 2, 3]))
    if platform in ("twitter", "instagram") and topics and r.random() < (0.7 if platform == "instagram" else 0.3):
        tags = [r.choice(HASHTAGS[t][0 if pol > 0 else 1]) for t in topics if t in HASHTAGS]
        if platform == "instagram":
            tags += r.sample(["#healthcare", "#patientlife", "#springfield", "#hospitallife", "#selfcare"], 2)
        seen = []
        for t in tags:
            if t not in seen:
                seen.append(t)
        text = text + " " + " ".join(seen)
    return text


MAXLEN = {"twitter": 280, "instagram": 400, "facebook": 520, "reddit": 600, "forum": 600, "google": 600,
          "survey": 300, "news": 600}


def compose(p, when, platform, r, ref=None, force_pol=None, name_required=True):
    """Returns (text, polarity score in [-1,1], topics)."""
    if ref is None:
        ref = ref_form(p, platform, r)
    # special forms
    x = r.random()
    if platform == "survey":
        x = 1.0
    if x < 0.035:
        if p["kind"] == "doctor":
            t = r.choice(DOC_TRAPS).format(doc=r.choice(p["short"]), obj="her" if p["pron"] == "she" else "him")
            return t, 1.0, ["clinical_competence"]
        t, pol, tops = r.choice(TRAPS)
        return t.format(P=ref, doc=doc_ref(p, r)), float(pol), tops
    if x < 0.075:
        prof = topic_profile(p, when)
        cands = [t for t in SARCASM if t in prof and prof[t][1] < 0.5]
        if cands:
            t = r.choice(cands)
            s = r.choice(SARCASM[t])
            vals = dict(P=ref, dur=dur_for(p, -1, when, r), amount=fill("{amount}", p, -1, when, r),
                        park=r.choice(["$18", "$25", "$30"]))
            LOG.append((p["id"], when, t, -1))
            return s.format(**vals), -1.0, [t]
    nmax = {"twitter": 3, "instagram": 3, "facebook": 3, "reddit": 4, "forum": 4, "google": 4, "survey": 2}[platform]
    k = weighted(r, [1, 2, 3, 4], [24, 40, 27, 9])
    k = min(k, nmax)
    topics, pols = pick_topics(p, when, k, r)
    if force_pol is not None:
        pols = [force_pol] * len(pols)
    sents = [sentence(t, pol, p, when, r) for t, pol in zip(topics, pols)]
    # mixed posts: join opposite polarities with "but"
    if len(sents) >= 2 and pols[0] * pols[1] < 0 and r.random() < 0.55:
        sents = [join_but(sents[0], sents[1])] + sents[2:]
    score = sum(pols) / len(pols)
    pol = 1 if score > 0.2 else (-1 if score < -0.2 else 0)
    named = False
    parts = []
    o = r.random()
    if platform == "survey":
        o = 1.0
    elif platform == "google":
        o = o * 1.4
    if p["kind"] == "doctor":
        if o < 0.6:
            parts.append(r.choice(OPENERS["doctor"]).format(P=ref, D=ref, C=r.choice([BY_ID[p["parent_id"]]["name"]] + BY_ID[p["parent_id"]]["aliases"])))
            named = True
    elif o < 0.7:
        parts.append(r.choice(OPENERS["any"]).format(P=ref))
        named = True
    if platform != "survey" and r.random() < 0.35:
        parts.append(r.choice(CONTEXT_HOSP if p["kind"] == "hospital" else CONTEXT_ANY))
    parts.extend(sents)
    if r.random() < 0.45:
        parts.append(r.choice(CLOSERS[pol]))
    text = " ".join(parts)
    if name_required and not named and not any(a in text for a in p["aliases"] + [p["name"]]):
        # name the provider somewhere
        if platform == "twitter" and ref.startswith("@"):
            text = r.choice([f"{ref} {text}", f"{text} {ref}", f"Hey {ref}, {text[0].lower() + text[1:]}"])
        elif p["kind"] == "doctor":
            text = r.choice([f"{ref}: {text}", f"{text} ({ref})", f"Re {ref}. {text}"])
        else:
            text = r.choice([f"{ref}: {text}", f"{text} ({ref})", f"About {ref}. {text}", f"{text} - {ref}"])
    elif platform == "twitter" and p["handles"] and r.random() < 0.35 and not text.startswith("@") and "@" not in text:
        text = f"{text} {p['handles'][0]}"
    if platform != "survey":
        text = style_social(text, pol, topics, platform, r, p)
    return text, score, topics


def trim(text, n):
    if len(text) <= n:
        return text
    cut = text[:n]
    i = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if i > 20:
        return cut[: i + 1]
    return cut[: n - 1].rsplit(" ", 1)[0] + "…"


STORY_RELS = ["my mom", "my dad", "my husband", "my wife", "my son", "my daughter", "my grandmother", "my partner"]


def long_story(p, when, r):
    """A long post of 10+ short sentences (Reddit/forum/Google)."""
    rel = r.choice(STORY_RELS)
    ref = p["name"]
    topics, pols = pick_topics(p, when, 5, r)
    s = ["Long post, sorry.", f"Last month {rel} got really sick.", f"We went to {ref} around 9pm."]
    for t, pol in zip(topics, pols):
        s.append(sentence(t, pol, p, when, r))
    s += [r.choice(["Then things got worse.", "It did not end there.", "Then the next day came."]),
          r.choice(["They kept us overnight.", "We finally got sent home at 2am.", "They admitted us to a room."]),
          r.choice(["I called the next morning with questions.", "I asked for the patient advocate.", "I wrote it all down as it happened."])]
    t2, p2 = pick_topics(p, when, 2, r)
    for t, pol in zip(t2, p2):
        if t not in topics:
            s.append(sentence(t, pol, p, when, r))
    allp = pols + p2
    score = sum(allp) / len(allp)
    pol = 1 if score > 0.2 else (-1 if score < -0.2 else 0)
    s.append({1: "Overall I'd go back, and I'm grateful.", -1: "Overall, I would not go back.",
              0: "Overall, a mixed bag."}[pol])
    s.append(r.choice(["Thanks for reading.", "Anyway, that's my story.", "Just wanted to share."]))
    text = " ".join(s[:3]) + "\n\n" + " ".join(s[3:8]) + "\n\n" + " ".join(s[8:])
    return text, score, topics + [t for t in t2 if t not in topics]


# --------------------------------------------------------------------------------------------
# Time helpers
# --------------------------------------------------------------------------------------------

HOUR_W = [2, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 7, 5, 3]
SPAN_DAYS = (END - START).days


def rand_time(r, start=START, end=END):
    days = (end - start).days
    d = start + dt.timedelta(days=r.randrange(days))
    h = weighted(r, list(range(24)), HOUR_W)
    return d.replace(hour=h, minute=r.randrange(60), second=r.randrange(60))


def pick_provider(r, when):
    ws = []
    for p in PROVIDERS:
        w = p["weight"]
        if p["id"] == "riverside-urgent-care" and when >= TREND_FROM:
            w *= 1.3
        ws.append(w)
    return weighted(r, PROVIDERS, ws)


def snowflake(when, r):
    ms = int((when - dt.datetime(1970, 1, 1)).total_seconds() * 1000) + r.randrange(1000)
    return str(((ms - 1288834974657) << 22) | r.getrandbits(22))


def iso_z(when, ms=True):
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if ms else "Z")


def polarity_label(score):
    return 1 if score > 0.2 else (-1 if score < -0.2 else 0)


# --------------------------------------------------------------------------------------------
# Shared state
# --------------------------------------------------------------------------------------------

SEEN = set()
PLANTED = {"own": [], "phi": [], "bad": [], "burst": {}, "dups": 0, "long": 0}


def unique(make, tries=8):
    """Calls make() until it returns a text not produced before."""
    for _ in range(tries):
        mark = len(LOG)
        res = make()
        if res[0] not in SEEN:
            break
        del LOG[mark:]
    SEEN.add(res[0])
    return res


def make_social(when, platform, r, maxlen, generic_p=0.08):
    if r.random() < generic_p:
        t, pol, tops = r.choice(GENERIC)
        if r.random() < 0.5:
            t = style_social(t, pol, tops, platform, r)
        return trim(t, maxlen), float(pol), tops, None
    p = pick_provider(r, when)
    t, score, tops = compose(p, when, platform, r)
    return trim(t, maxlen), score, tops, p


BURST_TEXTS = [
    "Just got a {amount} surprise bill from {P} for an ER visit my insurance already paid. What is going on?? #SurpriseBill",
    "Is anyone else getting surprise bills from {P} this week? Mine is {amount} for a visit in June.",
    "{P} billed me {amount} for a procedure that was pre-authorized. Billing line has a 2 hour hold. 😡",
    "Surprise bill from {P}: {amount}. Apparently the anesthesiologist was out of network. Nobody told me.",
    "My mom got a {amount} bill from {P} after their new billing system went live. On hold forever.",
    "WHY is {P} sending everyone surprise bills this week?? {amount} for a follow-up that was supposed to be free.",
    "Third surprise bill from {P} this month. {amount}. I'm calling the state insurance commissioner.",
    "{P} sent my account to collections over a {amount} bill I never received. Unreal.",
    "Neighborhood group is full of people with surprise bills from {P}. {amount} here. Something is broken.",
    "Paid my bill in full in July and {P} just billed me {amount} again. #SurpriseBill #LakeviewBilling",
    "{P} billing is a nightmare. Double charged {amount}, no one answers the phone.",
    "Got a bill from {P} for {amount} with 'facility fee' on it three times. Surprise!",
    "Anyone know who to complain to about {P}? Surprise bill of {amount} and billing keeps hanging up.",
    "{P}: your billing office told me the {amount} charge is 'a system error' but I still have to pay it by Friday??",
    "Surprise bill #2 from {P}. {amount}. I was in the ER for 3 hours. #medicalbills",
    "Honestly the care at {P} was fine but this {amount} surprise bill is not.",
    "{P} just charged me {amount} for a telehealth call that lasted 6 minutes. Surprise!",
    "So the {P} billing system update means everyone gets random bills now? {amount} for me.",
    "Called {P} billing 9 times about a {amount} surprise bill. Still nothing.",
    "I owe {P} {amount} apparently. For an appointment I cancelled. Love that for me. #SurpriseBill",
]


def burst_text(r, platform):
    p = BY_ID["lakeview-general"]
    ref = r.choice(p["handles"] + [p["name"], "Lakeview General", "Lakeview Hospital"]) if platform == "twitter" \
        else r.choice([p["name"], "Lakeview General", "Lakeview Hospital", "LGH"])
    amount = r.choice(["$1,840", "$3,200", "$2,975", "$880", "$4,410", "$1,215", "$6,730", "$512"])
    while True:
        t = r.choice(BURST_TEXTS).format(P=ref, amount=amount)
        if t not in SEEN:
            SEEN.add(t)
            PLANTED["burst"][platform] = PLANTED["burst"].get(platform, 0) + 1
            return t


# --------------------------------------------------------------------------------------------
# X API v2 (twarc2-flattened JSON Lines)
# --------------------------------------------------------------------------------------------

OWN_ACCOUNTS = {}
for _p in PROVIDERS:
    for _h in _p["handles"]:
        OWN_ACCOUNTS[_h[1:]] = dict(id=str(1000000 + 7919 * (len(OWN_ACCOUNTS) + 1)), username=_h[1:], name=_p["name"])
KNOWN_USER_IDS = {a["username"].lower(): a["id"] for a in OWN_ACCOUNTS.values()}
for _pp in PEOPLE:
    KNOWN_USER_IDS.setdefault(_pp.handle.lower(), _pp.uid)


def x_entities(text):
    ents = {}
    mentions, tags = [], []
    i = 0
    while i < len(text):
        c = text[i]
        if c in "@#" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            j = i + 1
            while j < len(text) and (text[j].isalnum() or text[j] == "_") and text[j].isascii():
                j += 1
            word = text[i + 1:j]
            if word:
                if c == "@":
                    m = {"start": i, "end": j, "username": word}
                    uid = KNOWN_USER_IDS.get(word.lower())
                    if uid:
                        m["id"] = uid
                    mentions.append(m)
                else:
                    tags.append({"start": i, "end": j, "tag": word})
            i = j
        else:
            i += 1
    if mentions:
        ents["mentions"] = mentions
    if tags:
        ents["hashtags"] = tags
    return ents


def tweet(text, when, author, r, ref=None, reply_to=None):
    tid = snowflake(when, r)
    obj = {
        "id": tid,
        "text": text,
        "created_at": iso_z(when),
        "author_id": author["id"],
        "author": {"id": author["id"], "username": author["username"], "name": author["name"]},
        "conversation_id": tid,
        "lang": "en",
        "public_metrics": {"retweet_count": int(r.expovariate(0.6)), "reply_count": int(r.expovariate(1.0)),
                           "like_count": int(r.expovariate(0.15)), "quote_count": 0},
    }
    ents = x_entities(text)
    if ents:
        obj["entities"] = ents
    if reply_to is not None:
        obj["conversation_id"] = reply_to["conversation_id"]
        obj["in_reply_to_user_id"] = reply_to["author_id"]
        obj["referenced_tweets"] = [{"type": "replied_to", "id": reply_to["id"]}]
    return obj


def person_author(pp):
    return {"id": pp.uid, "username": pp.handle, "name": f"{pp.first} {pp.last}"}


X_PLANTED = [
    # (own handle, provider, parent text, parent author first name, parent time, reply text, reply delay h, risky)
    ("StMarysHosp", "st-marys",
     "@StMarysHosp 6 hours in your ER Friday night with chest pain and nobody told me a thing. Unbelievable.",
     "John", dt.datetime(2026, 6, 13, 10, 41, 7),
     "@{u} Hi John, we reviewed your chart from your visit on 6/12 and the delay was because your CT results were read late. Please DM us so we can make this right.",
     27, True),
    ("LakeviewCares", "lakeview-general",
     "@LakeviewCares had surgery Tuesday and I already have a bill I can't make sense of. Who do I even call??",
     "Elena", dt.datetime(2026, 7, 17, 18, 2, 55),
     "@{u} Sorry about your surgery on Tuesday, Ms. Alvarez. We've flagged the bill for your gallbladder removal for review and someone will call you.",
     16, True),
    ("RiversideUC", "riverside-urgent-care",
     "@RiversideUC waited 3 hrs Friday and you still sent the wrong prescription to my pharmacy 😡",
     "Dana", dt.datetime(2026, 8, 22, 9, 15, 40),
     "@{u} Hi Dana, our records show you were seen for a UTI on 8/21 and the antibiotic went to the Elm St pharmacy. Please call us at 555-0147 and we'll fix it.",
     5, True),
    ("StMarysHosp", "st-marys",
     "Huge thank you to Nurse Amy and everyone on 4 West at @StMarysHosp. You were amazing to my dad ❤️",
     "Keisha", dt.datetime(2026, 5, 22, 20, 30, 12),
     "@{u} Thanks for the kind words! We'll pass them on to Nurse Amy and the 4 West team 💙",
     14, False),
    ("NorthgateKids", "northgate-childrens",
     "The nurses at @NorthgateKids made a scary week bearable for our whole family. Thank you 🙏",
     "Omar", dt.datetime(2026, 9, 3, 13, 5, 33),
     "@{u} Thank you so much for sharing this! Our nurses will be thrilled to hear it ❤️",
     4, False),
    ("LakeviewCares", "lakeview-general",
     "@LakeviewCares is anyone actually answering the billing line? 40 minutes on hold for a surprise bill.",
     "Trevor", dt.datetime(2026, 9, 16, 11, 48, 2),
     "@{u} We're sorry to hear this. Please contact Patient Financial Services at 555-0100 so we can review your account.",
     3, False),
    ("HarborCommHosp", "harbor-community",
     "@HarborCommHosp the bathroom on the third floor had no soap for two days. Two days!",
     "Fiona", dt.datetime(2026, 10, 6, 8, 22, 19),
     "@{u} We're sorry about your experience. Please email patientrelations@harborcommunity.example so we can look into it.",
     6, False),
]

X_PHI = [
    ("@LakeviewCares my account is under Marcus Whitfield, DOB 03/14/1979, still waiting on a refund. Email me at m.whitfield@example.com",
     dt.datetime(2026, 8, 4, 15, 12, 9)),
    ("@RiversideUC please call me back at 555-0119, this is Kevin Marsh, I was in Tuesday with my daughter Ellie Marsh and her rash is worse",
     dt.datetime(2026, 9, 9, 17, 44, 51)),
]


def build_x(r, n_organic=1090, n_rt=36, n_burst=18):
    tweets = []
    meta = {}  # id -> dict(kind=..., provider=...)
    for _ in range(n_organic):
        when = rand_time(r)
        text, score, tops, p = unique(lambda: make_social(when, "twitter", r, 280))
        pp = r.choice(PEOPLE)
        tw = tweet(text, when, person_author(pp), r)
        tweets.append(tw)
        meta[tw["id"]] = dict(kind="organic", provider=p["id"] if p else None, score=score)
    for _ in range(n_burst):
        when = rand_time(r, BURST_FROM, BURST_TO)
        text = burst_text(r, "twitter")
        tw = tweet(text, when, person_author(r.choice(PEOPLE)), r)
        tweets.append(tw)
        meta[tw["id"]] = dict(kind="burst", provider="lakeview-general", score=-1)
    for own, pid, ptext, first, ptime, rtext, delay, risky in X_PLANTED:
        pp = make_person(r)
        pp.first = first
        pp.handle = f"{first.lower()}_{pp.last.lower()[:6]}{r.randint(1, 99)}"
        parent = tweet(ptext, ptime, person_author(pp), r)
        tweets.append(parent)
        meta[parent["id"]] = dict(kind="planted-parent", provider=pid, score=0)
        reply = tweet(rtext.format(u=pp.handle), ptime + dt.timedelta(hours=delay, minutes=r.randrange(60)),
                      OWN_ACCOUNTS[own], r, reply_to=parent)
        tweets.append(reply)
        meta[reply["id"]] = dict(kind="own", provider=pid, score=0, risky=risky)
    for text, when in X_PHI:
        tw = tweet(text, when, person_author(r.choice(PEOPLE)), r)
        tweets.append(tw)
        meta[tw["id"]] = dict(kind="phi", provider=None, score=-1)
    # retweets: true duplicates of organic tweets that name a provider
    originals = [t for t in tweets if meta[t["id"]]["kind"] == "organic" and meta[t["id"]]["provider"]]
    originals.sort(key=lambda t: t["id"])
    for orig in r.sample(originals, n_rt):
        otime = dt.datetime.strptime(orig["created_at"], "%Y-%m-%dT%H:%M:%S.000Z")
        when = min(otime + dt.timedelta(minutes=r.randrange(5, 3000)), END - dt.timedelta(seconds=1))
        rt_text = f"RT @{orig['author']['username']}: {orig['text']}"
        tw = tweet(rt_text, when, person_author(r.choice(PEOPLE)), r)
        tw["referenced_tweets"] = [{"type": "retweeted", "id": orig["id"]}]
        tw["public_metrics"] = {"retweet_count": orig["public_metrics"]["retweet_count"], "reply_count": 0,
                                "like_count": 0, "quote_count": 0}
        tweets.append(tw)
        meta[tw["id"]] = dict(kind="retweet", provider=meta[orig["id"]]["provider"], score=0, of=orig["id"])
        meta[orig["id"]]["retweeted"] = True
    tweets.sort(key=lambda t: (t["created_at"], t["id"]))
    return tweets, meta


# --------------------------------------------------------------------------------------------
# Brandwatch
# --------------------------------------------------------------------------------------------

BW_HEADER = ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Language",
             "Country", "Author", "Full Name", "Full Text", "Twitter Followers", "Thread Entry Type"]
BW_QUERY_ID = "2003948571"
BW_QUERY_NAME = "Bedside demo - patient mentions"
PAGE_TYPES = ["twitter", "facebook", "reddit", "forum", "instagram", "news"]
PAGE_W = [34, 24, 15, 10, 12, 5]
SUBREDDITS = ["springfield", "HealthInsurance", "medicalbills", "AskDocs", "ERstories", "Parenting", "nursing"]
FORUMS = ["forums.patientvoices.example", "healthboards.example.org", "springfieldparents.example.net"]
NEWS_SITES = ["springfield-ledger.example", "wspf-news.example", "valleytimes.example.com"]

REDDIT_TITLES = {
    1: ["Good experience at {P} for once", "Shoutout to {P}", "{P} deserves some love", "Positive story about {P}"],
    -1: ["Rant: {P}", "Avoid {P}?", "PSA about {P}", "What is going on at {P}?", "{P} is getting worse"],
    0: ["Anyone been to {P}?", "{P} experience", "Question about {P}", "Thoughts on {P}?"],
}

NEWS = {
    "parking_access": [("{N} to build new parking garage", "{N} will begin construction on a new parking garage this fall, officials said Tuesday. The project is expected to add 600 spaces. Visitors have long complained about the cost and shortage of parking.", -1),
                       ("{N} cuts parking fees for patients' families", "{N} announced it will cap daily parking fees for families of admitted patients at $5 starting next month.", 1)],
    "wait_times": [("ER waits grow at {N}", "Emergency department waits at {N} have grown this year, according to figures the hospital shared with the county board. Median time to see a provider rose above three hours on weekends.", -1),
                   ("{N} adds online check-in", "{N} now lets patients check in online and wait at home. Administrators said the system should shorten time spent in the waiting room.", 0)],
    "billing_cost": [("Patients report billing errors at {N}", "Several patients say billing errors at {N} have left them with unexpected charges. A spokesperson said the organization is reviewing its billing processes.", -1),
                     ("{N} expands financial assistance", "{N} expanded its financial assistance program to households earning up to four times the poverty line, officials said.", 1)],
    "facilities_cleanliness": [("Inspection cites {N} for cleanliness", "A state inspection report cited {N} for cleanliness problems in two patient bathrooms and a storage room. The facility has 30 days to respond.", -1),
                               ("{N} opens renovated wing", "{N} opened a renovated patient wing on Monday with private rooms and new family lounges.", 1)],
    "staffing_responsiveness": [("{N} hiring nurses amid staffing strain", "{N} plans to hire 40 nurses this year after staff described chronic understaffing on night shifts.", -1)],
    "clinical_competence": [("{N} recognized for patient safety", "{N} was recognized this week for patient safety by a regional quality group, one of three facilities in the state to receive the award.", 1)],
    "staff_attitude": [("{N} nurses honored at annual awards", "Four nurses from {N} were honored at the county's annual healthcare heroes awards on Thursday.", 1)],
    "access_scheduling": [("{N} extends weekend hours", "{N} announced extended weekend hours starting next month. The change follows community feedback about how hard it is to get an appointment.", 0)],
    "communication": [("{N} launches new patient portal", "{N} launched a new patient portal this week. Patients can now message their care team and see test results online.", 0)],
    "food_amenities": [("{N} revamps patient menu", "{N} is replacing its patient menu with made-to-order meals after years of complaints about cold food.", 0)],
}


def slug(s):
    out = "".join(c.lower() if c.isalnum() else "-" for c in s)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:60]


def rand_code(r, n, alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"):
    return "".join(r.choice(alphabet) for _ in range(n))


def bw_sentiment(score, r):
    if r.random() < 0.25:
        return "neutral"
    lab = polarity_label(score)
    return {1: "positive", -1: "negative", 0: "neutral"}[lab]


def html_escape_some(text):
    return text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;")


def mojibake(text):
    return text.replace("'", "\u2019").encode("utf-8").decode("cp1252")


def bw_row(when, ptype, text, title, score, author_pp, r, provider=None, url=None, entry="post"):
    date = when.strftime("%Y-%m-%d %H:%M:%S") + ".0"
    followers = ""
    full_name = ""
    author = ""
    if ptype == "twitter":
        author = author_pp.handle
        full_name = f"{author_pp.first} {author_pp.last}"
        followers = str(author_pp.followers)
        url = url or f"https://twitter.com/{author_pp.handle}/status/{snowflake(when, r)}"
        domain = "twitter.com"
    elif ptype == "facebook":
        author = f"{author_pp.first} {author_pp.last}"
        full_name = author
        if provider is not None and provider["handles"] and r.random() < 0.5:
            url = f"https://www.facebook.com/{provider['handles'][0][1:]}/posts/{r.randint(10 ** 15, 10 ** 16)}"
        else:
            url = f"https://www.facebook.com/permalink.php?story_fbid={r.randint(10 ** 15, 10 ** 16)}&id={r.randint(10 ** 9, 10 ** 10)}"
        domain = "facebook.com"
    elif ptype == "reddit":
        author = author_pp.handle
        sub = r.choice(SUBREDDITS)
        url = f"https://www.reddit.com/r/{sub}/comments/{rand_code(r, 6, 'abcdefghijklmnopqrstuvwxyz0123456789')}/{slug(title or text[:40])}/"
        domain = "reddit.com"
    elif ptype == "forum":
        author = author_pp.handle
        site = r.choice(FORUMS)
        url = f"https://{site}/t/{slug(title or text[:40])}/{r.randint(1000, 99999)}"
        domain = site
    elif ptype == "instagram":
        author = author_pp.handle
        full_name = f"{author_pp.first} {author_pp.last}"
        url = f"https://www.instagram.com/p/{rand_code(r, 11)}/"
        domain = "instagram.com"
    else:  # news
        site = r.choice(NEWS_SITES)
        author = f"{author_pp.first} {author_pp.last}"
        full_name = author
        url = f"https://www.{site}/news/{when:%Y/%m}/{slug(title)}"
        domain = site
    return [BW_QUERY_ID, BW_QUERY_NAME, date, title, url, domain, bw_sentiment(score, r), ptype, "en",
            "United States", author, full_name, text, followers, entry]


BW_PHI = [
    ("facebook", "My mother Jane Doe has been on 4 West at St Mary's since Monday and nobody will tell us anything about her meds. If anyone from St Mary's reads this, call me at 555-0134.",
     dt.datetime(2026, 7, 8, 21, 14, 3)),
    ("forum", "Harbor Community lost my husband's discharge papers. His name is Curtis Vandermeer, DOB 11/02/1958. If someone from patient relations sees this, email me at lorna.vandermeer@example.org",
     dt.datetime(2026, 8, 27, 7, 55, 30)),
    ("reddit", "My wife Rosa Delgado-Finch was misdiagnosed at Harbor Community twice, MRN 00482213 if anyone from there reads this sub. It was sepsis, not the flu.",
     dt.datetime(2026, 10, 2, 23, 10, 44)),
]


def build_brandwatch(r, x_tweets, x_meta, n_organic=1430, n_cross=30, n_burst=16):
    rows = []  # (when, row, info)
    for _ in range(n_organic):
        when = rand_time(r)
        ptype = weighted(r, PAGE_TYPES, PAGE_W)
        pp = r.choice(PEOPLE)
        if ptype == "news":
            p = weighted(r, PROVIDERS[:8], [x["weight"] for x in PROVIDERS[:8]])
            prof = topic_profile(p, when)
            cands = [t for t in NEWS if t in prof]
            t = weighted(r, cands, [prof[c][0] for c in cands])
            title, body, pol = r.choice(NEWS[t])
            name = r.choice([p["name"]] + p["aliases"][:1])
            title, body = title.format(N=p["name"]), body.format(N=name)
            if body in SEEN:
                body = body + r.choice([" The organization did not respond to a request for comment.",
                                        " A spokesperson declined to comment.", " More details are expected next week.",
                                        f" The change was announced on {when:%B} {when.day}."])
            SEEN.add(body)
            rows.append((when, bw_row(when, ptype, body, title, float(pol), pp, r, provider=p), dict(provider=p["id"])))
            continue
        maxlen = MAXLEN[ptype]
        if ptype in ("reddit", "forum") and r.random() < 0.03:
            p = pick_provider(r, when)
            if p["kind"] != "doctor":
                text, score, tops = long_story(p, when, r)
                SEEN.add(text)
                PLANTED["long"] += 1
                title = r.choice(REDDIT_TITLES[polarity_label(score)]).format(P=r.choice(p["aliases"]))
                rows.append((when, bw_row(when, ptype, text, title, score, pp, r, provider=p), dict(provider=p["id"], long=True)))
                continue
        text, score, tops, p = unique(lambda: make_social(when, ptype, r, maxlen))
        title = ""
        entry = "post"
        if ptype in ("reddit", "forum"):
            if r.random() < 0.55:
                ref = r.choice(p["aliases"]) if p else "this"
                title = r.choice(REDDIT_TITLES[polarity_label(score)]).format(P=ref) if p else r.choice(
                    ["Healthcare rant", "Random question", "Is this normal?", "Local stuff"])
            else:
                entry = "reply"
        elif ptype == "twitter" and r.random() < 0.2:
            entry = "reply"
        elif ptype == "facebook" and r.random() < 0.3:
            entry = "reply"
            if r.random() < 0.5:
                text = text.replace(". ", ".\n", 1)
        if r.random() < 0.05:
            text = html_escape_some(text)
        rows.append((when, bw_row(when, ptype, text, title, score, pp, r, provider=p, entry=entry),
                     dict(provider=p["id"] if p else None)))
    # mojibake: a handful of rows with apostrophes and otherwise plain ASCII text
    cands = [i for i, (_, row, info) in enumerate(rows)
             if "'" in row[12] and row[12].isascii() and "&#39;" not in row[12] and not info.get("long")]
    for i in sorted(r.sample(cands, 8)):
        rows[i][1][12] = mojibake(rows[i][1][12])
        rows[i][2]["mojibake"] = True
    # cross-file duplicates: the same tweets, as Brandwatch captured them
    organic = sorted([t for t in x_tweets if x_meta[t["id"]]["kind"] == "organic"], key=lambda t: t["id"])
    for tw in r.sample(organic, n_cross):
        when = dt.datetime.strptime(tw["created_at"], "%Y-%m-%dT%H:%M:%S.000Z")
        pp = Person()
        pp.first, pp.last = tw["author"]["name"].split(" ", 1)
        pp.handle = tw["author"]["username"]
        pp.followers = r.randint(20, 3000)
        url = f"https://twitter.com/{pp.handle}/status/{tw['id']}"
        rows.append((when, bw_row(when, "twitter", tw["text"], "", x_meta[tw["id"]]["score"], pp, r, url=url),
                     dict(provider=x_meta[tw["id"]]["provider"], cross=tw["id"])))
        PLANTED["dups"] += 1
        x_meta[tw["id"]]["cross"] = True
    # burst
    for i in range(n_burst):
        when = rand_time(r, BURST_FROM, BURST_TO)
        pp = r.choice(PEOPLE)
        if i == 0:
            title = "Patients report surprise bills after Lakeview General billing system change"
            text = ("Dozens of patients say they received unexpected bills from Lakeview General Hospital this week, "
                    "some for visits their insurers had already paid. The hospital switched billing systems on Sept. 1. "
                    "A spokesperson said affected patients should not pay disputed bills until they are reviewed.")
            when = dt.datetime(2026, 9, 18, 16, 5, 0)
            rows.append((when, bw_row(when, "news", text, title, -1.0, pp, r, provider=BY_ID["lakeview-general"]),
                         dict(provider="lakeview-general", burst=True)))
            continue
        ptype = "twitter" if i % 2 else "facebook"
        text = burst_text(r, ptype)
        rows.append((when, bw_row(when, ptype, text, "", -1.0, pp, r, provider=BY_ID["lakeview-general"]),
                     dict(provider="lakeview-general", burst=True)))
    for ptype, text, when in BW_PHI:
        pp = r.choice(PEOPLE)
        title = "Harbor Community nightmare" if ptype == "reddit" else ""
        rows.append((when, bw_row(when, ptype, text, title, -1.0, pp, r), dict(provider=None, phi=True)))
    rows.sort(key=lambda x: (x[0], x[1][4]))
    return rows


# --------------------------------------------------------------------------------------------
# Google Business Profile reviews
# --------------------------------------------------------------------------------------------

STARS = ["ONE", "TWO", "THREE", "FOUR", "FIVE"]
GOOGLE_ACCOUNT = "1093"


def stars_for(score, r):
    if r.random() < 0.03:
        return r.randint(1, 5)
    if score >= 0.6:
        return weighted(r, [5, 4], [85, 15])
    if score > 0.2:
        return weighted(r, [4, 5, 3], [60, 25, 15])
    if score >= -0.2:
        return weighted(r, [3, 2, 4], [50, 25, 25])
    if score > -0.6:
        return weighted(r, [2, 1, 3], [55, 30, 15])
    return weighted(r, [1, 2], [85, 15])


REPLY_POS = ["Thank you for your kind review, {f}! We'll share your feedback with the team.",
             "Thanks for taking the time to leave a review, {f}. We're glad you had a good experience.",
             "We appreciate the kind words! Our staff will love hearing this.",
             "Thank you, {f}! It was a pleasure caring for you."]
REPLY_NEG = ["We're sorry to hear about your experience. Please contact our Patient Experience team at 555-0100 so we can learn more.",
             "Thank you for your feedback, {f}. We're working hard to reduce wait times and we'd like to hear more.",
             "We apologize that your visit did not meet expectations. Please reach out to patient relations at 555-0100.",
             "We're sorry, {f}. This is not the experience we want for anyone. Please call us so we can help."]

G_RISKY = [
    # (provider id, reviewer, stars, comment, reply, when)
    ("lakeview-general", "Daniel Okonkwo", 1,
     "Billed twice for the same procedure and nobody in billing can explain why. Three months of phone calls.",
     "Dear Mr. Okonkwo, we reviewed your account and your colonoscopy on 7/9 was billed under the wrong code. We've corrected it and refunded the duplicate charge.",
     dt.datetime(2026, 7, 30, 14, 22, 10)),
    ("clearskin-dermatology", "Megan Tollefson", 2,
     "Took almost three weeks to get biopsy results and I had to call four times. The doctor was nice, the office is not.",
     "Hi Megan, we're sorry your biopsy results from 8/4 took so long. Dr. Brandt has reviewed them and will call you about scheduling the melanoma excision.",
     dt.datetime(2026, 8, 25, 9, 41, 2)),
    ("harbor-community", "Gwen Penhallow", 1,
     "My mother pressed the call button for forty minutes and nobody came. The bathroom in her room was filthy.",
     "We apologize for your mother's stay in room 312 after her hip surgery. Our records show the call light issue on 9/2 was escalated to the nurse manager.",
     dt.datetime(2026, 9, 5, 19, 3, 47)),
]

G_PHI = ("harbor-community", "Lorna Ashdown", 1,
         "My father Harold Benning (room 218) waited 40 minutes for help getting to the bathroom. Twice. Call me at 555-0188 if you actually want to fix this.",
         dt.datetime(2026, 6, 19, 11, 30, 0))


def google_location(p, r):
    nums = [x for x in p["location_ids"] if x.isdigit()]
    if p["id"] == "st-marys":
        return weighted(r, nums, [60, 40])
    return nums[0]


def review_id(r):
    return "AbFvOq" + rand_code(r, 34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def display_name(r, pp):
    x = r.random()
    if x < 0.5:
        return f"{pp.first} {pp.last}"
    if x < 0.9:
        return f"{pp.first} {pp.last[0]}."
    return pp.first.lower() + str(r.randint(1, 999))


def g_review(loc, who, stars, comment, when, r, reply=None, anonymous=False, update=None):
    rid = review_id(r)
    rv = {
        "name": f"accounts/{GOOGLE_ACCOUNT}/locations/{loc}/reviews/{rid}",
        "reviewId": rid,
        "reviewer": {"displayName": "A Google User", "isAnonymous": True} if anonymous else {"displayName": who},
        "starRating": STARS[stars - 1] if isinstance(stars, int) else stars,
        "createTime": iso_z(when, ms=False),
        "updateTime": iso_z(update or when, ms=False),
    }
    if comment is not None:
        rv["comment"] = comment
    if reply is not None:
        rv["reviewReply"] = {"comment": reply[0], "updateTime": iso_z(reply[1], ms=False)}
    return rv


def build_google(r, n=660, n_burst=6, n_rating_only=10, n_replies=30):
    gprov = [p for p in PROVIDERS if any(x.isdigit() for x in p["location_ids"])]
    reviews = []  # (when, review, info)
    for i in range(n):
        when = rand_time(r)
        ws = [p["weight"] * (1.3 if p["id"] == "riverside-urgent-care" and when >= TREND_FROM else 1) for p in gprov]
        p = weighted(r, gprov, ws)
        pp = r.choice(PEOPLE)
        if r.random() < 0.008:
            text, score, tops = long_story(p, when, r) if p["kind"] != "doctor" else compose(p, when, "google", r)
            text = text.replace("\n\n", " ")
            PLANTED["long"] += p["kind"] != "doctor"
        else:
            text, score, tops = unique(lambda: compose(p, when, "google", r, name_required=False))
            text = trim(text, 600)
        stars = stars_for(score, r)
        anon = r.random() < 0.04
        upd = when + dt.timedelta(days=r.randint(1, 20)) if r.random() < 0.1 else None
        reviews.append((when, g_review(google_location(p, r), display_name(r, pp), stars, text, when, r,
                                       anonymous=anon, update=upd), dict(provider=p["id"], score=score, stars=stars, first=pp.first)))
    for i in range(n_rating_only):
        when = rand_time(r)
        p = weighted(r, gprov, [x["weight"] for x in gprov])
        pp = r.choice(PEOPLE)
        reviews.append((when, g_review(google_location(p, r), display_name(r, pp), r.choice([5, 5, 4, 1]), None, when, r),
                        dict(provider=p["id"], rating_only=True)))
    for i in range(n_burst):
        when = rand_time(r, BURST_FROM, BURST_TO)
        pp = r.choice(PEOPLE)
        reviews.append((when, g_review("6021948273", display_name(r, pp), 1, burst_text(r, "google"), when, r),
                        dict(provider="lakeview-general", burst=True)))
    # ordinary replies from the providers
    idx = sorted(r.sample([i for i, x in enumerate(reviews) if "score" in x[2]], n_replies))
    for i in idx:
        when, rv, info = reviews[i]
        bank = REPLY_POS if info["stars"] >= 4 else REPLY_NEG
        rt = when + dt.timedelta(hours=r.randint(3, 96))
        rv["reviewReply"] = {"comment": r.choice(bank).format(f=info["first"]), "updateTime": iso_z(rt, ms=False)}
        info["reply"] = True
    for pid, who, stars, comment, reply, when in G_RISKY:
        loc = google_location(BY_ID[pid], r)
        reviews.append((when, g_review(loc, who, stars, comment, when, r, reply=(reply, when + dt.timedelta(hours=20))),
                        dict(provider=pid, risky=True)))
    pid, who, stars, comment, when = G_PHI
    reviews.append((when, g_review(google_location(BY_ID[pid], r), who, stars, comment, when, r), dict(provider=pid, phi=True)))
    reviews.sort(key=lambda x: (x[0], x[1]["reviewId"]))
    return reviews


# --------------------------------------------------------------------------------------------
# NHS-FFT-style survey
# --------------------------------------------------------------------------------------------

Q_GOOD = "What was good about your visit?"
Q_IMPROVE = "Is there anything we could improve?"
GOOD_SHORT = ["Everything", "The staff", "Quick and friendly", "Lovely staff", "The nurses", "Clean and efficient",
              "Being seen quickly", "Everyone was very kind", "Friendly reception", "Very professional",
              "The doctor explained everything", "All of it", "Felt listened to"]
GOOD_BAD = ["Nothing", "Not much", "Nothing really", "The nurse was nice at least", "Nothing, it was awful",
            "Parking was easy, that's about it", "Hard to say"]
IMPROVE_NONE = ["Nothing, it was perfect", "Nothing", "All good", "N/A", "No", "Nothing to improve",
                "Keep doing what you're doing", "no", "n/a", "Nothing at all", "Not really", "None"]
IMPROVE_SHORT = ["Waiting times", "Parking", "More staff", "Better communication", "Cheaper parking",
                 "Car park is too small", "The phone system", "Shorter waits", "Answer the phone",
                 "Cleaner toilets", "Hot food"]
SURVEY_PHI = ("maple-family-practice", Q_IMPROVE, 4,
              "Please ring me on 555-0162 about my son Tyler Greaves' follow-up, nobody has called in three weeks.",
              dt.datetime(2026, 9, 24, 10, 0, 0))


def overall_pos(p, when):
    prof = topic_profile(p, when)
    return sum(w * q for w, q in prof.values()) / sum(w for w, _ in prof.values())


def survey_row(p, when, r):
    happy = r.random() < overall_pos(p, when) + 0.12
    q = Q_GOOD if r.random() < 0.5 else Q_IMPROVE
    if happy:
        score = weighted(r, [1, 2, 3], [62, 32, 6])
    else:
        score = weighted(r, [3, 4, 5], [20, 40, 40])
    x = r.random()
    if q == Q_GOOD:
        if happy:
            if x < 0.35:
                return q, score, r.choice(GOOD_SHORT)
            topics, _ = pick_topics(p, when, weighted(r, [1, 2], [70, 30]), r)
            return q, score, " ".join(sentence(t, 1, p, when, r) for t in topics)
        if x < 0.5:
            return q, score, r.choice(GOOD_BAD)
        topics, _ = pick_topics(p, when, 1, r)
        return q, score, sentence(topics[0], 1, p, when, r) + " " + sentence(
            pick_topics(p, when, 1, r)[0][0], -1, p, when, r)
    if happy:
        if x < 0.6:
            return q, score, r.choice(IMPROVE_NONE)
        if x < 0.8:
            return q, score, r.choice(IMPROVE_SHORT)
        topics, _ = pick_topics(p, when, 1, r)
        return q, score, sentence(topics[0], -1, p, when, r)
    if x < 0.2:
        return q, score, r.choice(IMPROVE_SHORT)
    topics, _ = pick_topics(p, when, weighted(r, [1, 2, 3], [55, 35, 10]), r)
    return q, score, " ".join(sentence(t, -1, p, when, r) for t in topics)


def build_survey(r, n=398):
    sites = [p for p in PROVIDERS if p["kind"] != "doctor"]
    rows = []
    for i in range(n):
        when = rand_time(r)
        ws = [p["weight"] * (1.3 if p["id"] == "riverside-urgent-care" and when >= TREND_FROM else 1) for p in sites]
        p = weighted(r, sites, ws)
        q, score, comment = survey_row(p, when, r)
        rows.append((when, [None, when.strftime("%d/%m/%Y"), p["id"], q, str(score), comment], dict(provider=p["id"])))
    pid, q, score, comment, when = SURVEY_PHI
    rows.append((when, [None, when.strftime("%d/%m/%Y"), pid, q, str(score), comment], dict(provider=pid, phi=True)))
    rows.sort(key=lambda x: (x[0], x[1][2], x[1][5]))
    for i, (_, row, _) in enumerate(rows):
        row[0] = f"FFT-{i + 1:05d}"
    return rows


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def pick_safe(items, start, ok):
    i = start
    while not ok(items[i]):
        i += 1
    return i


def csv_line(fields):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()


def write_text(name, text):
    # The exports go to exports/ so that `bedside analyze datasets/demo/exports/*` takes them all;
    # the provider directory and the README stay beside this script.
    folder = OUT if name in ("providers.csv", "README.md") else os.path.join(OUT, "exports")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_providers():
    # own_handles: the accounts each provider posts from (here the same as the handles patients
    # address), so the replies of section 3 of the README are the organization talking.
    cols = ["id", "name", "kind", "aliases", "handles", "location_ids", "parent_id", "own_handles"]
    out = [csv_line(cols)]
    for p in PROVIDERS:
        out.append(csv_line([p["id"], p["name"], p["kind"], "|".join(p["aliases"]), "|".join(p["handles"]),
                             "|".join(p["location_ids"]), p["parent_id"], "|".join(p["handles"])]))
    write_text("providers.csv", "".join(out))


def write_brandwatch(rows):
    pre = [["Report:", "Patient mentions"], ["Brand:", "Bedside demo health system"],
           ["Author:", "insights@bedside-demo.example"],
           ["Date Range:", "2026-05-01 00:00 - 2026-10-31 23:59"], [""], ["Query:", BW_QUERY_NAME]]
    out = [csv_line(x) for x in pre] + [csv_line(BW_HEADER)]
    line = 8
    bad = {}
    # bad rows, chosen at fixed positions among the sorted rows
    n = len(rows)
    def plain(x):
        return len(x[2]) == 1 and x[1][7] in ("twitter", "facebook")  # provider only: nothing planted
    empty_i, date_i, short_i = pick_safe(rows, n // 5, plain), pick_safe(rows, n // 2, plain), pick_safe(rows, (4 * n) // 5, plain)
    for i, (when, row, info) in enumerate(rows):
        if i == empty_i:
            row[12] = ""
            bad["empty"] = (line, row[4])
        elif i == date_i:
            row[2] = "yesterday"
            bad["date"] = (line, row[4])
        elif i == short_i:
            row = row[:9]  # truncated record: 9 of 15 fields, no text
            for f in row:
                assert "," not in f and '"' not in f
            bad["short"] = (line, row[4])
        s = csv_line(row)
        out.append(s)
        info["line"] = line
        line += s.count("\n")
    write_text("brandwatch_mentions.csv", "".join(out))
    PLANTED["bad"] += [
        ("brandwatch_mentions.csv", f"line {bad['empty'][0]}", f"empty `Full Text` (Url {bad['empty'][1]})"),
        ("brandwatch_mentions.csv", f"line {bad['date'][0]}", f"unparseable Date `yesterday` (Url {bad['date'][1]})"),
        ("brandwatch_mentions.csv", f"line {bad['short'][0]}", f"truncated record: 9 fields instead of 15, no text (Url {bad['short'][1]})"),
    ]
    return len(rows)


def write_x(tweets, meta):
    lines = []
    n = len(tweets)
    def organic(t):  # never damage planted tweets, retweeted originals or cross-file duplicates
        m = meta[t["id"]]
        return m["kind"] == "organic" and not m.get("retweeted") and not m.get("cross")

    trunc_i = pick_safe(tweets, n // 3, organic)
    date_i = pick_safe(tweets, (3 * n) // 5, organic)
    empty_i = pick_safe(tweets, (5 * n) // 6, organic)
    for i, tw in enumerate(tweets):
        s = json.dumps(tw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if i == trunc_i:
            s = s[: len(s) * 3 // 5]
            PLANTED["bad"].append(("x_api_v2.jsonl", f"line {i + 1}", f"truncated JSON (tweet id {tw['id']} cut mid-object)"))
        elif i == date_i:
            tw["created_at"] = "31/31/2026"
            s = json.dumps(tw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            PLANTED["bad"].append(("x_api_v2.jsonl", f"line {i + 1}", f"unparseable created_at `31/31/2026` (tweet id {tw['id']})"))
        elif i == empty_i:
            tw["text"] = ""
            tw.pop("entities", None)
            s = json.dumps(tw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            PLANTED["bad"].append(("x_api_v2.jsonl", f"line {i + 1}", f"empty text (tweet id {tw['id']})"))
        lines.append(s + "\n")
        meta[tw["id"]]["line"] = i + 1
    write_text("x_api_v2.jsonl", "".join(lines))


def write_google(reviews):
    n = len(reviews)
    six_i = pick_safe(reviews, n // 4, lambda x: "score" in x[2] and "reviewReply" not in x[1])
    date_i = pick_safe(reviews, (2 * n) // 3, lambda x: "score" in x[2] and "reviewReply" not in x[1])
    reviews[six_i][1]["starRating"] = "SIX"
    reviews[date_i][1]["createTime"] = "2026-06-31T08:15:00Z"
    reviews[date_i][1]["updateTime"] = "2026-06-31T08:15:00Z"
    PLANTED["bad"] += [
        ("google_reviews.json", f"review #{six_i + 1}", f"starRating `SIX` ({reviews[six_i][1]['name']})"),
        ("google_reviews.json", f"review #{date_i + 1}", f"unparseable createTime/updateTime `2026-06-31T08:15:00Z` ({reviews[date_i][1]['name']})"),
    ]
    rated = [STARS.index(x[1]["starRating"]) + 1 for x in reviews if x[1]["starRating"] in STARS]
    doc = {"reviews": [x[1] for x in reviews], "averageRating": round(sum(rated) / len(rated), 1),
           "totalReviewCount": len(reviews)}
    write_text("google_reviews.json", json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n")


def write_survey(rows):
    cols = ["Response ID", "Date", "Site code", "FFT question", "FFT score", "Comment"]
    out = [csv_line(cols)]
    n = len(rows)
    date_i = pick_safe(rows, n // 4, lambda x: not x[2].get("phi"))
    empty_i = pick_safe(rows, n // 2, lambda x: not x[2].get("phi"))
    broken_i = pick_safe(rows, (3 * n) // 4, lambda x: x[1][2] == "riverside-urgent-care" and not x[2].get("phi"))
    line = 2
    for i, (when, row, info) in enumerate(rows):
        if i == date_i:
            row[1] = "31/31/2026"
            PLANTED["bad"].append(("survey_fft.csv", f"line {line}", f"unparseable Date `31/31/2026` ({row[0]})"))
        elif i == empty_i:
            row[5] = ""
            PLANTED["bad"].append(("survey_fft.csv", f"line {line}", f"empty Comment ({row[0]})"))
        if i == broken_i:
            row[3], row[4] = Q_IMPROVE, "5"
            s = ",".join(row[:3]) + f",{Q_IMPROVE},5,Front desk was rude, and the wait was over three hours\n"
            PLANTED["bad"].append(("survey_fft.csv", f"line {line}", f"7 fields instead of 6: unquoted comma in Comment ({row[0]})"))
        else:
            s = csv_line(row)
        out.append(s)
        info["line"] = line
        line += s.count("\n")
    write_text("survey_fft.csv", "".join(out))


# --------------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------------


def text_of_all(x_tweets, bw_rows, g_reviews, s_rows):
    out = [t["text"] for t in x_tweets]
    out += [row[12] for _, row, _ in bw_rows if len(row) > 12]
    out += [rv.get("comment", "") for _, rv, _ in g_reviews]
    out += [row[5] for _, row, _ in s_rows]
    return [t for t in out if t]


def write_readme(x_tweets, x_meta, bw_rows, g_reviews, s_rows):
    texts = text_of_all(x_tweets, bw_rows, g_reviews, s_rows)
    lens = sorted(len(t) for t in texts)
    n_x, n_bw, n_g, n_s = len(x_tweets), len(bw_rows), len(g_reviews), len(s_rows)
    total = n_x + n_bw + n_g + n_s
    kinds = {}
    for m in x_meta.values():
        kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    ptypes = {}
    for _, row, _ in bw_rows:
        ptypes[row[7]] = ptypes.get(row[7], 0) + 1
    per_provider = {p["id"]: 0 for p in PROVIDERS}
    per_provider[None] = 0
    for m in x_meta.values():
        per_provider[m["provider"]] += 1
    for _, _, info in bw_rows + g_reviews + s_rows:
        per_provider[info.get("provider")] += 1
    L = []
    w = L.append
    w("# bedside demo dataset")
    w("")
    w("A synthetic but realistic six months (2026-05-01 .. 2026-10-31) of patient feedback about an invented")
    w("health system in an invented Springfield: social mentions, reviews and survey answers about")
    w(f"{len(PROVIDERS)} providers (hospitals, clinics, doctors), in four export formats.")
    w("")
    w("**Everything here was written for this project.** Providers, people, handles, ids, phone numbers")
    w("(555-01xx), e-mail addresses (example.com/.org) and every sentence come from the templates and")
    w("fragments in `generate.py`; no third-party text was used. Any resemblance to real people or")
    w("organizations is coincidental.")
    w("")
    w("This README is written by the generator too; regenerate everything (byte-identical) with")
    w("")
    w("    python3 datasets/demo/generate.py")
    w("")
    w("(Python 3 standard library only, no network, seed `random.Random(%d)`)." % SEED)
    w("")
    w("## Files")
    w("")
    w("| file | format | records |")
    w("|---|---|---|")
    w(f"| `providers.csv` | provider directory: `id,name,kind,aliases,handles,location_ids,parent_id,own_handles` (lists `|`-separated) | {len(PROVIDERS)} providers |")
    w(f"| `brandwatch_mentions.csv` | Brandwatch mentions export: 6 preamble lines, header on line 7, data from line 8 | {n_bw} rows |")
    w(f"| `x_api_v2.jsonl` | X API v2 tweets, one per line (twarc2-flattened: `author` object inlined) | {n_x} lines |")
    w(f"| `google_reviews.json` | Google Business Profile `reviews.list` shape: `{{\"reviews\":[...]}}` | {n_g} reviews |")
    w(f"| `survey_fft.csv` | NHS Friends-and-Family-Test-style survey export | {n_s} rows |")
    w(f"| **total** | | **{total} mentions** (incl. the bad rows below) |")
    w("")
    w(f"Brandwatch page types: " + ", ".join(f"{k} {ptypes[k]}" for k in PAGE_TYPES) + ".")
    w(f"X lines: {kinds.get('organic', 0)} organic tweets, {kinds.get('retweet', 0)} retweets, "
      f"{kinds.get('burst', 0)} burst tweets, {kinds.get('planted-parent', 0)} planted patient tweets + "
      f"{kinds.get('own', 0)} replies by own accounts, {kinds.get('phi', 0)} PHI tweets.")
    w(f"Google: {sum(1 for _, _, i in g_reviews if i.get('rating_only'))} rating-only reviews (no `comment` key, as the API does), "
      f"{sum(1 for _, rv, _ in g_reviews if 'reviewReply' in rv)} reviews with a `reviewReply`, "
      f"{sum(1 for _, rv, _ in g_reviews if rv['reviewer'].get('isAnonymous'))} anonymous reviewers.")
    w(f"Survey: questions `{Q_GOOD}` / `{Q_IMPROVE}`; `FFT score` 1 = very good .. 5 = very poor; "
      "`Date` is `DD/MM/YYYY`; `Site code` is a provider id.")
    w("")
    w(f"Text lengths (non-empty texts, all files): min {lens[0]}, median {statistics.median(lens):.0f}, "
      f"90th percentile {lens[int(len(lens) * 0.9)]}, max {lens[-1]} characters; "
      f"{sum(1 for n in lens if n > 600)} texts over 600 characters; {PLANTED['long']} long stories of 10+ sentences (Reddit/forum/Google).")
    w("")
    w("Format details: Brandwatch `Date` is `YYYY-MM-DD HH:MM:SS.0`, `Sentiment` is the vendor's own noisy")
    w("label (a quarter of rows are `neutral` whatever the text says), `Twitter Followers` only on twitter rows.")
    w("X `created_at` is `YYYY-MM-DDTHH:MM:SS.000Z`, ids are snowflakes consistent with the time, `entities.mentions`")
    w("and `entities.hashtags` carry character offsets. Google times are `YYYY-MM-DDTHH:MM:SSZ`; review `name` is")
    w(f"`accounts/{GOOGLE_ACCOUNT}/locations/<location_id>/reviews/<reviewId>` where `<location_id>` is one of the numeric")
    w("ids in `providers.csv`. All files are UTF-8 with `\\n` newlines; JSON keys are sorted. The four exports are in `exports/`;")
    w("`providers.csv` and this README sit beside `generate.py`.")
    w("")
    w("## Providers")
    w("")
    w("| id | kind | parent | handles | location ids | mentions | profile (what the data should show) |")
    w("|---|---|---|---|---|---|---|")
    for p in PROVIDERS:
        w(f"| `{p['id']}` | {p['kind']} ({p['sub']}) | {p['parent_id'] or '-'} | {' '.join(p['handles']) or '-'} | "
          f"{' '.join(p['location_ids']) or '-'} | {per_provider[p['id']]} | {p['summary']} |")
    w(f"| (none) | | | | | {per_provider[None]} | generic health talk, other providers, traps |")
    w("")
    w("Mention counts are by the provider the generator wrote about (a retweet counts for its original's")
    w("provider); texts about a clinic sometimes also praise or blame one of its doctors by name.")
    w("")
    w("Provider-matching traps:")
    w("")
    w("- **Two Dr. Patels.** `dr-anita-patel` (family doctor, Maple Street, loved) and `dr-raj-patel` (dermatologist,")
    w("  ClearSkin, dismissive) share the aliases `Dr Patel` / `Dr. Patel`; many texts say only \"Dr. Patel\",")
    w("  sometimes with the clinic named, sometimes not.")
    w("- St Mary's has two Google locations (`4815162342` main campus, `7730219845` emergency department);")
    w("  Lakeview General has two own handles (`@LakeviewGeneral`, `@LakeviewCares`).")
    w("- Look-alike names that are *not* providers: \"St Mary's parish hall\" (bake sale), \"the Riverside trail\",")
    w("  \"Lakeview Park fireworks\"; other invented providers not in the directory (Oakwood Dental, Pine Hill clinic,")
    w("  Eastside Dental).")
    w("- Aliases appear lower-cased now and then (\"riverside urgent care\"), and as @handles in tweets.")
    w("")
    w("## Planted facts")
    w("")
    # trend
    w("### 1. Trend: Riverside Urgent Care waits get worse from August")
    w("")
    w("From 2026-08-01 `riverside-urgent-care` is written about more often (x1.3), wait times become its")
    w("dominant topic (weight x2.5) and almost always negative (7% favourable instead of 50%), with longer")
    w("durations (\"4 hours\", \"almost 5 hours\" instead of \"an hour\"). Wait-time sentences about Riverside,")
    w("all files:")
    w("")
    w("| month | wait_times sentences | negative | share negative |")
    w("|---|---|---|---|")
    for m in range(5, 11):
        rows = [x for x in LOG if x[0] == "riverside-urgent-care" and x[2] == "wait_times" and x[1].month == m]
        neg = sum(1 for x in rows if x[3] < 0)
        w(f"| 2026-{m:02d} | {len(rows)} | {neg} | {100 * neg / max(1, len(rows)):.0f}% |")
    w("")
    w("### 2. Burst: Lakeview General surprise bills, 2026-09-14 .. 2026-09-20")
    w("")
    bx = kinds.get("burst", 0)
    bb = sum(1 for _, _, i in bw_rows if i.get("burst"))
    bg = sum(1 for _, _, i in g_reviews if i.get("burst"))
    nb = bx + bb + bg
    w(f"{nb} extra negative `billing_cost` mentions of `lakeview-general` (\"surprise bill\") inside that one week,")
    w(f"on top of its usual billing complaints: {bx} tweets in `x_api_v2.jsonl` plus "
      f"{bb} Brandwatch rows (twitter/facebook, and one news article on")
    w(f"2026-09-18 about the billing system change) plus {bg} one-star Google reviews on location `6021948273`.")
    w("Baseline negative billing sentences about Lakeview per week, for comparison:")
    w("")
    weeks = {}
    for x in LOG:
        if x[0] == "lakeview-general" and x[2] == "billing_cost" and x[3] < 0:
            k = (x[1] - START).days // 7
            weeks[k] = weeks.get(k, 0) + 1
    vals = [weeks.get(k, 0) for k in range(SPAN_DAYS // 7 + 1)]
    w(f"median {statistics.median(vals):.0f}, max {max(vals)} per week (weeks starting on Fridays from 2026-05-01).")
    w("")
    w("### 3. Replies by the organizations' own accounts")
    w("")
    w("Posts authored by a handle listed in `providers.csv` (the organization talking, not a patient). Those marked")
    w("**PHI** disclose patient information in public (a HIPAA risk an engine should flag):")
    w("")
    w("| file | where | author | PHI | text |")
    w("|---|---|---|---|---|")
    for tw in x_tweets:
        m = x_meta[tw["id"]]
        if m["kind"] == "own":
            w(f"| x_api_v2.jsonl | line {m['line']} (id {tw['id']}) | @{tw['author']['username']} | "
              f"{'**PHI**' if m['risky'] else 'no'} | {tw['text']} |")
    for i, (_, rv, info) in enumerate(g_reviews):
        if info.get("risky"):
            loc = rv["name"].split("/")[3]
            w(f"| google_reviews.json | review #{i + 1}, `reviewReply` (location {loc}) | {info['provider']} | **PHI** | "
              f"{rv['reviewReply']['comment']} |")
    n_ord = sum(1 for _, rv, i in g_reviews if "reviewReply" in rv and not i.get("risky"))
    w("")
    w(f"The other {n_ord} Google `reviewReply`s are ordinary templated thank-yous and apologies (no patient details).")
    w("Each X reply answers a planted patient tweet (`referenced_tweets` type `replied_to`, `in_reply_to_user_id`).")
    w("")
    w("### 4. Fake PHI in patient posts (for redaction)")
    w("")
    w("| file | where | contains |")
    w("|---|---|---|")
    for tw in x_tweets:
        if x_meta[tw["id"]]["kind"] == "phi":
            w(f"| x_api_v2.jsonl | line {x_meta[tw['id']]['line']} | {tw['text']} |")
    for _, row, info in bw_rows:
        if info.get("phi"):
            w(f"| brandwatch_mentions.csv | line {info['line']} | {row[12]} |")
    for i, (_, rv, info) in enumerate(g_reviews):
        if info.get("phi"):
            w(f"| google_reviews.json | review #{i + 1} | {rv['comment']} |")
    for _, row, info in s_rows:
        if info.get("phi"):
            w(f"| survey_fft.csv | line {info['line']} ({row[0]}) | {row[5]} |")
    w("")
    w("Plus the PHI in the own-account replies above (names, visit dates, diagnoses, a room number).")
    w("")
    w("### 5. Duplicates")
    w("")
    w(f"- {kinds.get('retweet', 0)} retweets in `x_api_v2.jsonl`: text `RT @<original author>: <original text>`,")
    w("  `referenced_tweets` type `retweeted` pointing at an original in the same file (true duplicates).")
    w(f"- {PLANTED['dups']} tweets appear in both `x_api_v2.jsonl` and `brandwatch_mentions.csv` (same text, author")
    w("  and status URL `https://twitter.com/<user>/status/<tweet id>`).")
    w("")
    w("### 6. Text noise")
    w("")
    moj = [i["line"] for _, _, i in bw_rows if i.get("mojibake")]
    ent = sum(1 for _, row, _ in bw_rows if len(row) > 12 and ("&#39;" in row[12] or "&amp;" in row[12] or "&quot;" in row[12]))
    w(f"- Mojibake (`donâ€™t`, UTF-8 read as Windows-1252) in `brandwatch_mentions.csv` lines {', '.join(map(str, moj))}.")
    w(f"- HTML entities (`&amp;`, `&#39;`, `&quot;`) in {ent} Brandwatch texts.")
    w("- Typos, ALL CAPS sentences, all-lowercase tweets, emoji, hashtags, @handles, line breaks inside quoted")
    w("  CSV fields (Facebook replies, long stories), sarcasm (\"Great, another 4 hours wait at ... Love it.\"),")
    w("  mixed posts (\"..., but ...\"), named staff (Nurse Amy, the receptionist Linda), wait durations, and")
    w("  clinical-polarity traps (\"Biopsy came back negative, thank god\", \"Tested positive for flu but the staff")
    w("  ... were great\").")
    w("- Survey answers such as `Nothing`, `N/A`, `Nothing, it was perfect` to the *improve* question are praise.")
    w("")
    w("## Bad rows (on purpose)")
    w("")
    w("Line numbers are 1-based physical lines; Google reviews are numbered by position in `reviews` (1-based).")
    w("Everything else in each file is well-formed.")
    w("")
    w("| file | where | problem |")
    w("|---|---|---|")
    for f, where, what in PLANTED["bad"]:
        w(f"| {f} | {where} | {what} |")
    w("")
    write_text("README.md", "\n".join(L))


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main():
    r = rng
    x_tweets, x_meta = build_x(r)
    bw_rows = build_brandwatch(r, x_tweets, x_meta)
    g_reviews = build_google(r)
    s_rows = build_survey(r)

    write_providers()
    write_x(x_tweets, x_meta)
    write_brandwatch(bw_rows)
    write_google(g_reviews)
    write_survey(s_rows)
    write_readme(x_tweets, x_meta, bw_rows, g_reviews, s_rows)


if __name__ == "__main__":
    main()
