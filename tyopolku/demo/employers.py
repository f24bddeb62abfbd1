"""The demo's shared employer register: about thirty fictional employers around Imatra and
Lappeenranta with their contact persons and openings, the employers the demo clients' jobs
are at, and ten weeks of the job coaches' employer contacts.

Everything is invented: the business IDs are in the 9xxxxxx range (no company has one yet)
with the check digit python-stdnum accepts, the phone numbers in +358 40 0000 xxx and the
email addresses @example.fi. All of it is written through the register's services, so the
same validation applies (team-wide text never names a client)."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from stdnum.fi import ytunnus

from tyopolku.accounts.models import User
from tyopolku.demo import people
from tyopolku.demo.context import DemoClient, DemoContext
from tyopolku.demo.stories import IPS, Job
from tyopolku.employers.models import (
    ContactKind,
    ContactPurpose,
    Employer,
    EmployerType,
    Opening,
)
from tyopolku.employers.selectors import week_of
from tyopolku.employers.services import (
    contact_person_create,
    employer_contact_create,
    employer_create,
    opening_create,
)
from tyopolku.pathway.models import Phase

COMPANY = EmployerType.COMPANY


@dataclass(frozen=True)
class DemoEmployer:
    name: str
    industry_code: str  # TOL 2008
    municipality_code: str
    street_address: str
    postal_code: str
    post_office: str
    employer_type: str = COMPANY
    notes: str = ""


# Invented names (no stem is a demo client's surname); addresses are ordinary street names
# with the municipality's real postal code.
EMPLOYERS = (
    DemoEmployer(
        "Kuusilammen Lähikauppa Oy", "47111", "405", "Kauppakatu 14", "53100", "Lappeenranta"
    ),
    DemoEmployer(
        "Kotimarket Vuoksenkaari Oy",
        "47111",
        "153",
        "Tainionkoskentie 22",
        "55100",
        "Imatra",
        notes="Myymäläpäällikkö toivoo yhteydenottoja aamupäivisin.",
    ),
    DemoEmployer("Simpeleen Rauta ja Tarvike Oy", "47521", "689", "Asematie 3", "56800", "Simpele"),
    DemoEmployer(
        "Sisustusliike Kaarnakoti Oy", "47591", "405", "Valtakatu 41", "53100", "Lappeenranta"
    ),
    DemoEmployer(
        "Kukka- ja puutarhamyymälä Kielikki Oy",
        "47761",
        "700",
        "Ruokolahdentie 9",
        "56100",
        "Ruokolahti",
    ),
    DemoEmployer(
        "Kahvila Tuohikuppi Oy",
        "56102",
        "153",
        "Koskenparras 5",
        "55120",
        "Imatra",
        notes="Viikonloppuvuoroihin tarvitaan joskus lisäapua.",
    ),
    DemoEmployer("Ravintola Kelopirtti Oy", "56101", "405", "Satamatie 8", "53900", "Lappeenranta"),
    DemoEmployer(
        "Lounasravintola Havumaja Oy", "56290", "405", "Teollisuuskatu 17", "53850", "Lappeenranta"
    ),
    DemoEmployer(
        "Pitopalvelu Kaurakukko osk",
        "56210",
        "739",
        "Kirkkotie 12",
        "52200",
        "Savitaipale",
        EmployerType.COOPERATIVE,
    ),
    DemoEmployer(
        "Siivouspalvelu Kirkasvire Oy", "81210", "153", "Karjalantie 30", "55610", "Imatra"
    ),
    DemoEmployer(
        "Puhtaanapito Välkehelmi Oy", "81210", "405", "Myllymäenkatu 6", "53500", "Lappeenranta"
    ),
    DemoEmployer(
        "Kiinteistöhuolto Routakivi Oy",
        "81101",
        "405",
        "Ratakatu 25",
        "53600",
        "Lappeenranta",
        notes="Kesäkaudelle tarvitaan ulkoalueiden hoitoon lisätyöntekijöitä.",
    ),
    DemoEmployer("Viherrakennus Koivuvarvu Oy", "81300", "416", "Lemintie 44", "54710", "Lemi"),
    DemoEmployer(
        "Varastopalvelut Kivikehä Oy", "52100", "405", "Logistiikkatie 2", "53500", "Lappeenranta"
    ),
    DemoEmployer(
        "Kuljetusliike Kaislanvarsi Oy", "49410", "441", "Taavetintie 15", "54500", "Taavetti"
    ),
    DemoEmployer(
        "Terminaalipalvelu Hiekkasärkkä Oy",
        "52290",
        "153",
        "Vuoksenniskantie 80",
        "55800",
        "Imatra",
    ),
    DemoEmployer("Hoivakoti Kotikanerva Oy", "87300", "153", "Rautionkatu 4", "55100", "Imatra"),
    DemoEmployer(
        "Palvelukotisäätiö Lehtokuja",
        "87200",
        "405",
        "Kimpisenkatu 19",
        "53100",
        "Lappeenranta",
        EmployerType.FOUNDATION,
    ),
    DemoEmployer("Päiväkoti Kotilokero Oy", "88911", "831", "Saimaantie 7", "54920", "Taipalsaari"),
    DemoEmployer(
        "Rakennus ja Remontti Hirsikanto Oy", "43990", "405", "Pajakatu 11", "53600", "Lappeenranta"
    ),
    DemoEmployer("Sähköasennus Kipinäkaari Oy", "43210", "153", "Helokantie 3", "55120", "Imatra"),
    DemoEmployer(
        "Puusepänverstas Höylänlastu Oy", "16230", "580", "Kaupparaitti 6", "59100", "Parikkala"
    ),
    DemoEmployer(
        "Metallirakenne Alasinkangas Oy", "25110", "153", "Teollisuustie 12", "55420", "Imatra"
    ),
    DemoEmployer(
        "Konepaja Rautaviila Oy", "25620", "405", "Hakalantie 21", "53600", "Lappeenranta"
    ),
    DemoEmployer(
        "Kotileipomo Ruiskukka Oy", "10710", "441", "Kivijärventie 2", "54500", "Taavetti"
    ),
    DemoEmployer("Pesula Lumivalko Oy", "96011", "405", "Laserkatu 9", "53850", "Lappeenranta"),
    DemoEmployer(
        "Autokorjaamo Ketunkolo Oy", "45200", "700", "Rasilantie 4", "56100", "Ruokolahti"
    ),
    DemoEmployer("Majatalo Kuikanpesä Oy", "55101", "580", "Rantatie 28", "59100", "Parikkala"),
    DemoEmployer(
        "Karhusaaren seurakunta",
        "94910",
        "153",
        "Kirkkokatu 2",
        "55100",
        "Imatra",
        EmployerType.PUBLIC,
        notes="Hautausmaan kesätyöt haettavissa maaliskuussa.",
    ),
    DemoEmployer(
        "Kierrätyskeskus Uusiotupa ry",
        "47790",
        "405",
        "Pikisaarenkatu 5",
        "53500",
        "Lappeenranta",
        EmployerType.ASSOCIATION,
    ),
)

CONTACT_FIRST_NAMES = (
    "Anu", "Harri", "Katri", "Jukka", "Leena", "Markku", "Päivi", "Raimo", "Sanna", "Tero",
    "Ulla", "Vesa", "Heli", "Kari", "Merja", "Olli",
)  # fmt: skip
CONTACT_LAST_NAMES = (
    "Kaarnakoski", "Tuohiniemi", "Jäkäläpuro", "Sammalkivi", "Havupelto", "Kelovaara",
    "Vuokkoranta", "Käpylaakso", "Lumpeenlahti", "Oravanpolku", "Mesimarjala", "Kataja-aho",
    "Kanervapuro", "Paatsamaa", "Suopursula", "Tuomikoski", "Kiviharju",
)  # fmt: skip
CONTACT_TITLES = (
    "toimitusjohtaja",
    "myymäläpäällikkö",
    "esihenkilö",
    "henkilöstövastaava",
    "työnjohtaja",
    "yrittäjä",
)

# (employer name, title, hours a week, description, status)
OPENINGS = (
    (
        "Kuusilammen Lähikauppa Oy",
        "myymäläapulainen",
        20,
        "Hyllytys ja kassatyö, aamuvuorot.",
        Opening.Status.OPEN,
    ),
    (
        "Kahvila Tuohikuppi Oy",
        "kahvilatyöntekijä",
        25,
        "Asiakaspalvelu, leivonta ja tiskit.",
        Opening.Status.OPEN,
    ),
    (
        "Lounasravintola Havumaja Oy",
        "keittiöapulainen",
        30,
        "Lounaan valmistelu ja astiahuolto arkisin.",
        Opening.Status.OPEN,
    ),
    (
        "Kiinteistöhuolto Routakivi Oy",
        "kiinteistöhuollon työntekijä",
        37.5,
        "Ulkoalueet ja pienet korjaukset.",
        Opening.Status.OPEN,
    ),
    (
        "Varastopalvelut Kivikehä Oy",
        "varastotyöntekijä",
        30,
        "Keräily ja pakkaus, trukkikortti eduksi.",
        Opening.Status.OPEN,
    ),
    (
        "Varastopalvelut Kivikehä Oy",
        "trukinkuljettaja",
        37.5,
        "Kolmivuorotyö.",
        Opening.Status.CLOSED,
    ),
    (
        "Hoivakoti Kotikanerva Oy",
        "laitoshuoltaja",
        25,
        "Siivous ja ruokahuolto hoivakodissa.",
        Opening.Status.OPEN,
    ),
    (
        "Siivouspalvelu Kirkasvire Oy",
        "siivooja",
        20,
        "Toimistosiivous iltaisin.",
        Opening.Status.OPEN,
    ),
    (
        "Viherrakennus Koivuvarvu Oy",
        "puutarhatyöntekijä",
        37.5,
        "Kausityö toukokuusta syyskuuhun.",
        Opening.Status.OPEN,
    ),
    (
        "Metallirakenne Alasinkangas Oy",
        "asentaja",
        37.5,
        "Teräsrakenteiden kokoonpano, perehdytys talon puolesta.",
        Opening.Status.OPEN,
    ),
    (
        "Pesula Lumivalko Oy",
        "pesulatyöntekijä",
        20,
        "Pyykin lajittelu ja viikkaus.",
        Opening.Status.OPEN,
    ),
    (
        "Kierrätyskeskus Uusiotupa ry",
        "myymäläapulainen",
        15,
        "Lahjoitusten vastaanotto ja myymälä.",
        Opening.Status.OPEN,
    ),
    (
        "Kotileipomo Ruiskukka Oy",
        "leipomoapulainen",
        20,
        "Aamuvuorot, alkaen klo 5.",
        Opening.Status.CLOSED,
    ),
)

# The fields (TOL 2008 code prefixes) of the employers a job title is found at.
JOB_FIELDS = {
    "varastotyöntekijä": ("52",),
    "myymäläapulainen": ("47",),
    "keittiöapulainen": ("56", "87"),
    "puutarhatyöntekijä": ("813", "4776"),
    "kuljetusapulainen": ("49", "52"),
    "laitoshuoltaja": ("812", "87", "55"),
    "asentaja": ("43", "25"),
    "siivooja": ("812",),
    "kiinteistöhuollon työntekijä": ("811",),
    "kahvilatyöntekijä": ("561",),
    "pesulatyöntekijä": ("96",),
    "avustava keittiötyöntekijä": ("56", "87", "88"),
}

# Who develops jobs where: the Lappeenranta coach in the west, the Imatra coach in the east,
# the third one (Työvalmennuskeskus) over the whole region.
AREAS = {
    people.COACHES[0]: frozenset({"405", "416", "441", "739", "831"}),
    people.COACHES[1]: frozenset({"153", "580", "689", "700"}),
}

WEEKS = 10
# A job that started lately filled an open opening of its title half of the time (the rest
# were found without one), so that most openings stay open in the demo.
OPENING_FILLED_WITHIN = datetime.timedelta(days=90)
OPENING_FILLED_SHARE = 0.5

OUTCOMES = {
    ContactPurpose.JOB_DEVELOPMENT: (
        "Esittelin tuetun työllistymisen palvelun; kiinnostusta osa-aikaisiin tehtäviin.",
        "Kartoitettiin avustavia tehtäviä, joihin voisi palkata valmennettavan.",
        "Ei rekrytointitarvetta nyt; uusi yhteydenotto sovittu keväälle.",
        "Tutustuttiin työpaikkaan ja sen kiireisiin aikoihin.",
        "Työnantaja lupasi ilmoittaa seuraavasta avoimesta paikasta.",
        "Sovittu työhaastattelu ensi viikolle.",
    ),
    ContactPurpose.RECRUITMENT: (
        "Käyty läpi avoimen paikan työtehtävät ja työajat.",
        "Ehdotettu hakijaa avoimeen paikkaan; haastattelu sovittu.",
    ),
    ContactPurpose.FOLLOW_ALONG: (
        "Työpaikkakäynti: työtehtävät sujuvat, esihenkilö tyytyväinen.",
        "Sovittu perehdytyksen jatkosta ja työvuoroista.",
    ),
    ContactPurpose.EMPLOYER_SUPPORT: (
        "Tuettu työyhteisöä perehdytyksessä; sovittu yhteyshenkilö arjen kysymyksiin.",
        "Käyty läpi palkkatuen hakeminen ja työnantajan kysymykset.",
    ),
}
NOTES = (
    "Paras tavoittaa aamupäivisin.",
    "Esihenkilö vaihtumassa keväällä.",
    "Kiinnostunut myös työkokeilusta.",
)


def demo_business_ids(first: int = 9_204_700) -> Iterator[str]:
    """Business IDs 9xxxxxx-c in order. A number without a valid check digit (the checksum
    leaves remainder 1) is never issued, so it is skipped."""
    for number in range(first, 10_000_000):
        for digit in "0123456789":
            if ytunnus.is_valid(f"{number}{digit}"):
                yield ytunnus.format(f"{number}{digit}")
                break


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("äöå", "aoa"))


def _area_coach(municipality_code: str) -> str:
    return next((c for c, area in AREAS.items() if municipality_code in area), people.COACHES[2])


def build_employers(ctx: DemoContext) -> None:
    """The register: employers added by the coach of their area, one or two contact persons
    each, and the openings."""
    person_number = 0
    for index, (data, business_id) in enumerate(zip(EMPLOYERS, demo_business_ids(), strict=False)):
        user = ctx.users[_area_coach(data.municipality_code)]
        employer = employer_create(
            user=user,
            name=data.name,
            business_id=business_id,
            employer_type=data.employer_type,
            industry_code=data.industry_code,
            municipality_code=data.municipality_code,
            street_address=data.street_address,
            postal_code=data.postal_code,
            post_office=data.post_office,
            notes=data.notes,
        )
        ctx.employers.append(employer)
        persons = []
        for _ in range(2 if index % 3 == 0 else 1):
            # 16 first and 17 last names share no factor: every person gets another name.
            first = CONTACT_FIRST_NAMES[person_number % len(CONTACT_FIRST_NAMES)]
            last = CONTACT_LAST_NAMES[person_number % len(CONTACT_LAST_NAMES)]
            person_number += 1
            persons.append(
                contact_person_create(
                    user=user,
                    employer=employer,
                    name=f"{first} {last}",
                    title=ctx.rng.choice(CONTACT_TITLES),
                    phone=f"+358 40 0000 {100 + person_number}",
                    email=f"{_ascii(first)}.{_ascii(last)}@example.fi",
                )
            )
        ctx.contact_persons[employer.pk] = persons
    by_name = {e.name: e for e in ctx.employers}
    for employer_name, title, hours, description, status in OPENINGS:
        employer = by_name[employer_name]
        open_until = ctx.today + datetime.timedelta(days=ctx.rng.randint(14, 60))
        ctx.openings.append(
            opening_create(
                user=ctx.users[_area_coach(employer.municipality_code)],
                employer=employer,
                title=title,
                description=description,
                hours_per_week=Decimal(str(hours)),
                location=employer.post_office,
                open_until=open_until if status == Opening.Status.OPEN else None,
                status=status,
            )
        )


def employer_for_job(ctx: DemoContext, job: Job) -> tuple[Employer, Opening | None]:
    """Where a demo job is: an open opening of its title if the job started lately (the
    placement fills it), else an employer of the job's field."""
    recent = job.start >= ctx.today - OPENING_FILLED_WITHIN
    if recent and ctx.rng.random() < OPENING_FILLED_SHARE:
        for opening in ctx.openings:
            if opening.title == job.title and opening.status == Opening.Status.OPEN:
                return opening.employer, opening
    fields = JOB_FIELDS[job.title]
    employers = [e for e in ctx.employers if e.industry_code.startswith(fields)]
    return ctx.rng.choice(employers), None


@dataclass(frozen=True)
class _Planned:
    day: datetime.date
    face_to_face: bool


def _week_plan(ctx: DemoContext, monday: datetime.date) -> list[_Planned]:
    """One coach's contacts in one week: four to eight face to face (the IPS target is six)
    and a few calls and emails, on weekdays. The current week so far gets its share."""
    weekdays = [monday + datetime.timedelta(days=n) for n in range(5)]
    days = [d for d in weekdays if d <= ctx.today]
    share = len(days) / len(weekdays)
    face = round(ctx.rng.randint(4, 8) * share)
    other = round(ctx.rng.randint(1, 3) * share)
    return sorted(
        (_Planned(ctx.rng.choice(days), n < face) for n in range(face + other)),
        key=lambda p: p.day,
    )


def _active_on(demo: DemoClient, day: datetime.date) -> bool:
    story = demo.story
    return story.start <= day and (story.end is None or day <= story.end)


def _kind(ctx: DemoContext, face_to_face: bool) -> str:
    if face_to_face:
        return ctx.rng.choice((ContactKind.VISIT, ContactKind.VISIT, ContactKind.MEETING))
    return ctx.rng.choice((ContactKind.PHONE, ContactKind.PHONE, ContactKind.EMAIL))


class _ContactWriter:
    """Writes one coach's contacts, choosing the employer and purpose from the client the
    contact is for (if any): a client in a job gets follow-along at their workplace."""

    def __init__(self, ctx: DemoContext, coach: str, clients: list[DemoClient]):
        self.ctx = ctx
        self.user: User = ctx.users[coach]
        area = AREAS.get(coach)
        self.employers = [e for e in ctx.employers if area is None or e.municipality_code in area]
        self.clients = clients
        self.contacted: set[int] = set()  # enrollments with a face-to-face contact

    def write(self, day: datetime.date, face_to_face: bool, demo: DemoClient | None) -> None:
        rng = self.ctx.rng
        placement = None
        if demo is not None and demo.story.phase_on(day) == Phase.EMPLOYED:
            placement = next(
                (
                    p
                    for p in demo.placements
                    if p.start_date <= day and (p.end_date is None or day <= p.end_date)
                ),
                None,
            )
        if placement is not None:
            employer = placement.employer
            purpose = rng.choice((ContactPurpose.FOLLOW_ALONG, ContactPurpose.EMPLOYER_SUPPORT))
        else:
            employer = rng.choice(self.employers)
            has_opening = any(o.employer_id == employer.pk for o in self.ctx.openings)
            purpose = (
                ContactPurpose.RECRUITMENT
                if has_opening and rng.random() < 0.5
                else ContactPurpose.JOB_DEVELOPMENT
            )
        persons = self.ctx.contact_persons[employer.pk]
        enrollment_id = demo.enrollment.pk if demo is not None else None
        if enrollment_id is not None and face_to_face:
            self.contacted.add(enrollment_id)
        employer_contact_create(
            user=self.user,
            employer=employer,
            date=day,
            kind=_kind(self.ctx, face_to_face),
            purpose=purpose,
            outcome=rng.choice(OUTCOMES[purpose]),
            notes=rng.choice(NOTES) if rng.random() < 0.1 else "",
            enrollment_id=enrollment_id,
            contact_person_id=rng.choice(persons).pk if rng.random() < 0.8 else None,
        )

    def client_on(self, day: datetime.date) -> DemoClient | None:
        """About two contacts in five are made for a client past intake on that day."""
        candidates = [
            d for d in self.clients if _active_on(d, day) and d.story.phase_on(day) != Phase.INTAKE
        ]
        if not candidates or self.ctx.rng.random() >= 0.4:
            return None
        return self.ctx.rng.choice(candidates)


def _waits(demos: list[DemoClient]) -> DemoClient | None:
    """The coach's client who waits for a first employer contact: the one latest out of
    intake into job search (the others got theirs)."""
    searching = [d for d in demos if d.story.end is None and d.story.kind == "job_search"]
    return max(searching, key=lambda d: d.story.active_from, default=None)


def build_employer_contacts(ctx: DemoContext) -> None:
    """Ten weeks of each job coach's employer contacts, some for their own IPS clients. One
    client per coach, and those still in intake, wait for their first contact."""
    this_monday, _sunday = week_of(ctx.today)
    for coach in people.COACHES:
        own = [d for d in ctx.clients if d.story.coach == coach and d.story.service_model == IPS]
        waiting = _waits(own)
        writer = _ContactWriter(ctx, coach, [d for d in own if d is not waiting])
        for week in reversed(range(WEEKS)):
            for planned in _week_plan(ctx, this_monday - datetime.timedelta(weeks=week)):
                demo = writer.client_on(planned.day)
                writer.write(planned.day, planned.face_to_face, demo)
        # Every open client past intake except the waiting one has met an employer with the
        # coach by now: a visit on a day of the last ten weeks they were in job search or work.
        first_day = this_monday - datetime.timedelta(weeks=WEEKS - 1)
        for demo in writer.clients:
            if demo.story.end is not None or demo.enrollment.pk in writer.contacted:
                continue
            days = [
                first_day + datetime.timedelta(days=n)
                for n in range((ctx.today - first_day).days + 1)
            ]
            days = [d for d in days if d.weekday() < 5 and demo.story.phase_on(d) != Phase.INTAKE]
            if days:
                writer.write(ctx.rng.choice(days), True, demo)
