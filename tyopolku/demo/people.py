"""Who is in the demo: the organisation, its units and staff, and the names the fictional
clients are made of. Everything here is invented; the units are the ones the seeds name."""

from dataclasses import dataclass

from tyopolku.accounts.roles import Role

ORGANIZATION_CODE = "demo"
ORGANIZATION_NAME = "Etelä-Karjalan hyvinvointialue (demo)"

# Shown on the console and in the README: demo data only, never a real installation's.
DEMO_PASSWORD = "tyopolku-demo"  # noqa: S105

IMATRAN_PAJAT = "imatran-pajat"
KAHVILA_KAISLA = "kahvila-kaisla"
LAPPEENRANNAN_TOIMINTAKESKUS = "lappeenrannan-toimintakeskus"
TYOVALMENNUSKESKUS = "tyovalmennuskeskus"

UNITS = {
    IMATRAN_PAJAT: "Imatran pajat",
    KAHVILA_KAISLA: "Kahvila Kaisla",
    LAPPEENRANNAN_TOIMINTAKESKUS: "Lappeenrannan toimintakeskus",
    TYOVALMENNUSKESKUS: "Työvalmennuskeskus",
}


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: Role
    first_name: str
    last_name: str
    unit: str | None


ADMIN = "admin"
SUPERVISOR = "esihenkilo"
COACHES = ("valmentaja1", "valmentaja2", "valmentaja3")
TYP_OFFICER = "typ"
WORK_COACH = "tyovalmentaja"
CASE_MANAGER = "asiakasvastaava"

STAFF = (
    StaffMember(ADMIN, Role.ADMIN, "Paavo", "Pääkkönen", TYOVALMENNUSKESKUS),
    StaffMember(SUPERVISOR, Role.SUPERVISOR, "Eija", "Esiniemi", TYOVALMENNUSKESKUS),
    StaffMember(COACHES[0], Role.JOB_COACH, "Anni", "Katajisto", LAPPEENRANNAN_TOIMINTAKESKUS),
    StaffMember(COACHES[1], Role.JOB_COACH, "Mikael", "Honkavaara", IMATRAN_PAJAT),
    StaffMember(COACHES[2], Role.JOB_COACH, "Sirpa", "Lehtolampi", TYOVALMENNUSKESKUS),
    StaffMember(TYP_OFFICER, Role.TYP_OFFICER, "Tarja", "Yrjänkoski", None),
    StaffMember(WORK_COACH, Role.WORK_COACH, "Jussi", "Pajukangas", KAHVILA_KAISLA),
    StaffMember(CASE_MANAGER, Role.CASE_MANAGER, "Kaisa", "Vastamäki", TYOVALMENNUSKESKUS),
    StaffMember("arvioija", Role.EVALUATOR, "Tiina", "Arvelainen", None),
    StaffMember("vertainen", Role.PEER_INSTRUCTOR, "Ossi", "Vertamo", KAHVILA_KAISLA),
    StaffMember("kokemus", Role.EXPERT_BY_EXPERIENCE, "Kaija", "Kokemäkinen", IMATRAN_PAJAT),
)

CLIENT_FIRST_NAMES = (
    "Aino", "Eino", "Helmi", "Väinö", "Lilja", "Onni", "Venla", "Eetu", "Iida", "Joonas",
    "Kerttu", "Lauri", "Minna", "Pasi", "Sari", "Timo", "Tiina", "Jari", "Riikka", "Mikko",
    "Hanna", "Ville", "Elina", "Antti", "Noora", "Juha", "Satu", "Teemu", "Katja", "Marko",
    "Petri", "Outi", "Kalle", "Jenni", "Toni", "Emmi", "Aleksi", "Pauliina", "Heikki", "Sanni",
)  # fmt: skip

# Invented nature compounds: Finnish-sounding, but not the common real surnames.
CLIENT_LAST_NAMES = (
    "Tuulenkorpi", "Kanervalaakso", "Sammalpelto", "Routasalo", "Kivikuusi", "Pilvijärvi",
    "Mustikkamaa", "Kuurakangas", "Lumikorpi", "Puolukkala", "Hallavaara", "Myrskylahti",
    "Kaislaranta", "Karpalosuo", "Jäkälämäki", "Tähkäpää", "Ruskolaakso", "Usvaniemi",
    "Hirvikallio", "Kuikkalampi", "Sorsapuro", "Kurkiaho", "Pihlajaranta", "Tervaskorpi",
    "Näreniemi", "Vanamolahti", "Koivikkola", "Lehtosaari", "Peuramaa", "Haapakumpu",
    "Ketunpesä", "Sinivuokko", "Ahomansikka", "Kuusamaniemi", "Mäntykangas", "Saniaisto",
    "Kielolahti", "Leppälampi", "Kallioruusu", "Kanervikko",
)  # fmt: skip

# South Karelian municipalities; Lappeenranta and Imatra twice as often as the rest.
MUNICIPALITIES = ("405", "405", "153", "153", "416", "441", "580", "689", "700", "739", "831")
