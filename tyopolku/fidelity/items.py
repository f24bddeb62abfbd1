"""The 25 items of the IPS fidelity scale as shipped data: code, section, number, the title
and what full fidelity (a 5) means in Finnish, Swedish and English, in our own words.

A score's meaning: for an item measured from the records (`thresholds`), the band of the
measured value; for the others, how far the item's goal is met (the five `LEVELS`).
The texts are data, not UI strings, so every language is kept here side by side.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

LANGUAGES = ("fi", "sv", "en")
SECTIONS = {
    "staffing": {"fi": "Henkilöstö", "sv": "Personal", "en": "Staffing"},
    "organization": {"fi": "Organisaatio", "sv": "Organisation", "en": "Organisation"},
    "services": {"fi": "Palvelut", "sv": "Tjänster", "en": "Services"},
}
# How far the goal of an item without a measure is met, from 1 to 5.
LEVELS = {
    1: {"fi": "Ei toteudu", "sv": "Uppfylls inte", "en": "Not in place"},
    2: {"fi": "Toteutuu harvoin", "sv": "Uppfylls sällan", "en": "Rarely in place"},
    3: {"fi": "Toteutuu osittain", "sv": "Uppfylls delvis", "en": "Partly in place"},
    4: {"fi": "Toteutuu enimmäkseen", "sv": "Uppfylls till största delen", "en": "Mostly in place"},
    5: {"fi": "Toteutuu täysin", "sv": "Uppfylls helt", "en": "Fully in place"},
}


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs of a measured value for the scores 5, 4, 3 and 2 (anything else is 1).
    `higher_is_better` says which way they run; `unit` names the value in each language."""

    cuts: tuple[Decimal, Decimal, Decimal, Decimal]
    higher_is_better: bool
    unit: dict[str, str]

    def score(self, value: Decimal) -> int:
        for score, cut in zip((5, 4, 3, 2), self.cuts, strict=True):
            if (value >= cut) if self.higher_is_better else (value <= cut):
                return score
        return 1

    def meanings(self, language: str) -> dict[int, str]:
        unit = self.unit[language]
        sign = "≥" if self.higher_is_better else "≤"
        below = "<" if self.higher_is_better else ">"
        scores = zip((5, 4, 3, 2), self.cuts, strict=True)
        texts = {score: f"{sign} {_num(cut)} {unit}" for score, cut in scores}
        texts[1] = f"{below} {_num(self.cuts[-1])} {unit}"
        return texts


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class Item:
    code: str
    section: str
    number: int
    title: dict[str, str]
    goal: dict[str, str]
    thresholds: Thresholds | None = None

    @property
    def measured(self) -> bool:
        return self.thresholds is not None

    def title_in(self, language: str | None = None) -> str:
        return self.title[language_of(language)]

    def goal_in(self, language: str | None = None) -> str:
        return self.goal[language_of(language)]

    def meanings(self, language: str | None = None) -> dict[int, str]:
        """What each score 1–5 means for this item."""
        lang = language_of(language)
        if self.thresholds is not None:
            return {s: t for s, t in sorted(self.thresholds.meanings(lang).items())}
        return {s: LEVELS[s][lang] for s in range(1, 6)}


def language_of(language: str | None) -> str:
    lang = (language or translation.get_language() or "fi")[:2]
    return lang if lang in LANGUAGES else "fi"


def _d(*values: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    return tuple(Decimal(v) for v in values)  # type: ignore[return-value]


PERCENT = {"fi": "%", "sv": "%", "en": "%"}

ITEMS: tuple[Item, ...] = (
    Item("caseload_size", "staffing", 1,
         {"fi": "Asiakasmäärä", "sv": "Antal klienter", "en": "Caseload size"},
         {"fi": "Enintään 20 asiakasta työhönvalmentajaa kohden.",
          "sv": "Högst 20 klienter per arbetscoach.",
          "en": "At most 20 clients per employment specialist."},
         Thresholds(_d("20", "30", "40", "50"), False,
                    {"fi": "asiakasta / valmentaja", "sv": "klienter / coach",
                     "en": "clients per coach"})),
    Item("employment_services_staff", "staffing", 2,
         {"fi": "Työllistymispalvelujen henkilöstö", "sv": "Personal för sysselsättningstjänster",
          "en": "Employment services staff"},
         {"fi": "Valmentajat käyttävät lähes kaiken työaikansa (96 %) työllistymisen tukeen.",
          "sv": "Coacherna ägnar nästan all arbetstid (96 %) åt stöd till arbete.",
          "en": "Specialists spend nearly all their time (96 %) on employment services."}),
    Item("vocational_generalists", "staffing", 3,
         {"fi": "Valmentaja vastaa koko polusta", "sv": "Coachen ansvarar för hela vägen",
          "en": "Vocational generalists"},
         {"fi": "Sama valmentaja tukee asiakasta tulovaiheesta työssä tukemiseen.",
          "sv": "Samma coach stöder klienten från start till stöd i arbetet.",
          "en": "Each specialist carries every phase, from intake to support in the job."}),
    Item("team_assignment", "organization", 4,
         {"fi": "Integraatio tiimiin kuulumalla", "sv": "Integration genom teamtillhörighet",
          "en": "Integration through team assignment"},
         {"fi": "Valmentaja kuuluu 1–2 hoito- tai palvelutiimiin, joista tulee 90 % asiakkaista.",
          "sv": "Coachen hör till 1–2 vård- eller serviceteam som ger 90 % av klienterna.",
          "en": "Specialists belong to one or two service teams that refer 90 % of clients."}),
    Item("team_contact", "organization", 5,
         {"fi": "Integraatio tiiviillä yhteydenpidolla", "sv": "Integration genom tät kontakt",
          "en": "Integration through frequent team contact"},
         {"fi": "Viikoittaiset tiimikokoukset, yhteiset päätökset ja kirjaukset.",
          "sv": "Teammöten varje vecka, gemensamma beslut och journaler.",
          "en": "Weekly team meetings, shared decisions and shared records."}),
    Item("vr_collaboration", "organization", 6,
         {"fi": "Yhteistyö TE-palvelujen ja kuntoutuksen kanssa",
          "sv": "Samarbete med arbets- och näringstjänster och rehabilitering",
          "en": "Collaboration with employment and rehabilitation services"},
         {"fi": "Säännölliset, vähintään kuukausittaiset tapaamiset ja yhteiset asiakkaat.",
          "sv": "Regelbundna möten minst en gång i månaden och gemensamma klienter.",
          "en": "Regular meetings, at least monthly, and shared clients."}),
    Item("vocational_unit", "organization", 7,
         {"fi": "Valmennusyksikkö", "sv": "Coachningsenhet", "en": "Vocational unit"},
         {"fi": "Vähintään kaksi valmentajaa ja esihenkilö, viikoittainen asiakastyön ohjaus.",
          "sv": "Minst två coacher och en chef, handledning varje vecka.",
          "en": "Two or more specialists and a leader, with weekly client-based supervision."}),
    Item("supervisor_role", "organization", 8,
         {"fi": "Esihenkilön rooli", "sv": "Chefens roll", "en": "Role of the supervisor"},
         {"fi": "Esihenkilö ohjaa enintään 10 valmentajaa ja seuraa tuloksia heidän kanssaan.",
          "sv": "Chefen leder högst tio coacher och följer resultaten med dem.",
          "en": "The supervisor leads at most ten specialists and reviews outcomes with them."}),
    Item("zero_exclusion", "organization", 9,
         {"fi": "Ei poissulkemista", "sv": "Ingen utestängning", "en": "Zero exclusion"},
         {"fi": "Ketään töihin haluavaa ei karsita pois.",
          "sv": "Ingen som vill arbeta sållas bort.",
          "en": "No one who wants to work is screened out."}),
    Item("agency_focus", "organization", 10,
         {"fi": "Organisaation painopiste avoimissa töissä",
          "sv": "Organisationens fokus på den öppna arbetsmarknaden",
          "en": "Agency focus on competitive employment"},
         {"fi": "Organisaatio edistää ja seuraa avoimille työmarkkinoille työllistymistä.",
          "sv": "Organisationen främjar och följer upp arbete på den öppna marknaden.",
          "en": "The organisation promotes and measures competitive work."}),
    Item("executive_support", "organization", 11,
         {"fi": "Johdon tuki", "sv": "Ledningens stöd", "en": "Executive team support"},
         {"fi": "Johto tukee mallia ja seuraa laatua ja tuloksia.",
          "sv": "Ledningen stöder modellen och följer kvalitet och resultat.",
          "en": "Leadership backs the model and reviews quality and outcomes."}),
    Item("benefits_planning", "services", 12,
         {"fi": "Etuusneuvonta", "sv": "Förmånsrådgivning", "en": "Work incentives planning"},
         {"fi": "Henkilökohtainen etuusneuvonta ennen työn alkua.",
          "sv": "Personlig förmånsrådgivning innan arbetet börjar.",
          "en": "Personal benefits counselling before a job starts."}),
    Item("disclosure", "services", 13,
         {"fi": "Tietojen kertominen työnantajalle", "sv": "Att berätta för arbetsgivaren",
          "en": "Disclosure"},
         {"fi": "Asiakas päättää tietoon perustuen, mitä työnantajalle kerrotaan.",
          "sv": "Klienten väljer informerat vad arbetsgivaren får veta.",
          "en": "The client makes an informed choice of what the employer is told."}),
    Item("work_based_assessment", "services", 14,
         {"fi": "Jatkuva työssä tapahtuva arviointi", "sv": "Fortlöpande bedömning i arbete",
          "en": "Ongoing, work-based assessment"},
         {"fi": "Arviointi jatkuu oikeiden työkokemusten kautta.",
          "sv": "Bedömningen fortsätter genom verkliga arbetserfarenheter.",
          "en": "Assessment goes on through real work experiences."}),
    Item("rapid_job_search", "services", 15,
         {"fi": "Nopea työnhaku", "sv": "Snabb arbetssökning", "en": "Rapid job search"},
         {"fi": "Ensimmäinen työnantajatapaaminen keskimäärin 30 päivän kuluessa alusta.",
          "sv": "Första mötet med en arbetsgivare i snitt inom 30 dagar från start.",
          "en": "First face-to-face employer contact within 30 days of the start on average."},
         Thresholds(_d("30", "60", "90", "270"), False,
                    {"fi": "päivää", "sv": "dagar", "en": "days"})),
    Item("individualized_job_search", "services", 16,
         {"fi": "Yksilöllinen työnhaku", "sv": "Individuell arbetssökning",
          "en": "Individualised job search"},
         {"fi": "Työnantajakontaktit perustuvat asiakkaan toiveisiin.",
          "sv": "Arbetsgivarkontakterna följer klientens önskemål.",
          "en": "Employer contacts follow the client's preferences."}),
    Item("job_development_frequency", "services", 17,
         {"fi": "Työpaikkojen kehittäminen – määrä", "sv": "Arbetsgivarkontakter – antal",
          "en": "Job development – frequency"},
         {"fi": "Vähintään kuusi työnantajatapaamista valmentajaa kohden viikossa.",
          "sv": "Minst sex möten med arbetsgivare per coach och vecka.",
          "en": "Six or more face-to-face employer contacts per specialist per week."},
         Thresholds(_d("6", "4", "2", "1"), True,
                    {"fi": "tapaamista / valmentaja / viikko", "sv": "möten / coach / vecka",
                     "en": "contacts per coach per week"})),
    Item("job_development_quality", "services", 18,
         {"fi": "Työpaikkojen kehittäminen – laatu", "sv": "Arbetsgivarkontakter – kvalitet",
          "en": "Job development – quality"},
         {"fi": "Toistuvat tapaamiset rakentavat suhdetta työnantajiin.",
          "sv": "Återkommande möten bygger relationer med arbetsgivare.",
          "en": "Repeated visits build relationships with employers."}),
    Item("job_type_diversity", "services", 19,
         {"fi": "Työtehtävien moninaisuus", "sv": "Variation i arbetsuppgifter",
          "en": "Diversity of job types"},
         {"fi": "Useimmat työt poikkeavat toisistaan.",
          "sv": "De flesta jobb skiljer sig från varandra.",
          "en": "Most jobs differ from each other."},
         Thresholds(_d("90", "75", "50", "25"), True, PERCENT)),
    Item("employer_diversity", "services", 20,
         {"fi": "Työnantajien moninaisuus", "sv": "Variation i arbetsgivare",
          "en": "Diversity of employers"},
         {"fi": "Useimmat työt ovat eri työnantajilla.",
          "sv": "De flesta jobb är hos olika arbetsgivare.",
          "en": "Most jobs are with different employers."},
         Thresholds(_d("90", "75", "50", "25"), True, PERCENT)),
    Item("competitive_jobs", "services", 21,
         {"fi": "Avoimet työt", "sv": "Jobb på den öppna marknaden", "en": "Competitive jobs"},
         {"fi": "Vähintään 95 % töistä on avoimilla työmarkkinoilla.",
          "sv": "Minst 95 % av jobben finns på den öppna marknaden.",
          "en": "95 % or more of the jobs are competitive."},
         Thresholds(_d("95", "85", "75", "65"), True, PERCENT)),
    Item("individualized_follow_along", "services", 22,
         {"fi": "Yksilöllinen tuki työssä", "sv": "Individuellt stöd i arbetet",
          "en": "Individualised follow-along supports"},
         {"fi": "Tuki räätälöidään kullekin työntekijälle ja työnantajalle.",
          "sv": "Stödet anpassas till varje arbetstagare och arbetsgivare.",
          "en": "Support is tailored to each worker and employer."}),
    Item("time_unlimited_follow_along", "services", 23,
         {"fi": "Ajallisesti rajaamaton tuki työssä", "sv": "Tidsobegränsat stöd i arbetet",
          "en": "Time-unlimited follow-along supports"},
         {"fi": "Yhteys ennen alkua ja pian sen jälkeen, ensimmäisen kuukauden ajan viikoittain.",
          "sv": "Kontakt före och strax efter start, varje vecka den första månaden.",
          "en": "Contact before and soon after the start, weekly in the first month."},
         Thresholds(_d("4", "3", "2", "1"), True,
                    {"fi": "käyntiä ensimmäisen 30 päivän aikana",
                     "sv": "besök under de första 30 dagarna",
                     "en": "visits in the first 30 days"})),
    Item("community_based_services", "services", 24,
         {"fi": "Palvelut yhteisössä", "sv": "Tjänster ute i samhället",
          "en": "Community-based services"},
         {"fi": "Vähintään 65 % valmentajien työajasta kuluu toimiston ulkopuolella.",
          "sv": "Minst 65 % av coachernas arbetstid sker utanför kontoret.",
          "en": "65 % or more of the specialists' time is spent in the community."},
         Thresholds(_d("65", "50", "35", "20"), True, PERCENT)),
    Item("assertive_outreach", "services", 25,
         {"fi": "Aktiivinen yhteydenpito", "sv": "Aktiv uppsökande kontakt",
          "en": "Assertive engagement and outreach"},
         {"fi": "Ensitapaaminen viikon kuluessa ohjauksesta; yhteyttä haetaan, jos se katkeaa.",
          "sv": "Första mötet inom en vecka; kontakt söks om den bryts.",
          "en": "First meeting within a week of referral; outreach when contact is lost."}),
)

ITEMS_BY_CODE = {item.code: item for item in ITEMS}
CODES = tuple(ITEMS_BY_CODE)
MIN_TOTAL, MAX_TOTAL = len(ITEMS), 5 * len(ITEMS)


def band_for(total: int) -> str:
    """The band of a complete review's total (25–125): the one rule for API, pages and PDF."""
    if not MIN_TOTAL <= total <= MAX_TOTAL:
        raise ValueError(f"A total of {len(ITEMS)} items is {MIN_TOTAL}–{MAX_TOTAL}: {total}")
    if total >= 115:
        return "exemplary"
    if total >= 100:
        return "good"
    if total >= 74:
        return "fair"
    return "not_ips"
