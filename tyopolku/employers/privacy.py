"""The privacy statement (tietosuojaseloste, GDPR art. 13/14) of the employer register.

The register's data subjects are mostly not users: the contact persons of employers. Each
organisation keeps its own texts (PrivacyStatement, every field optional); an empty field gets
a default built from the organisation's name, so a new organisation has a lawful statement at
once. `privacy_statement_sections` is the one place the statement is assembled: the pages and
the API show what it returns. Defaults and titles go through gettext when the statement is
built, so they come out in the reader's language; a text the organisation typed is shown as
typed."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tyopolku.accounts.models import Organization, User
from tyopolku.accounts.roles import REGISTER_MANAGERS
from tyopolku.audit.models import ChangeAction
from tyopolku.audit.services import change_log_record
from tyopolku.clients.guard import team_text_check
from tyopolku.core.errors import FieldErrors, Forbidden, NotFound
from tyopolku.core.validation import NOTES_MAX, text_clean
from tyopolku.employers.models import PrivacyStatement

# The organisation's own fields with their longest text, in the order of the statement.
FIELD_LENGTHS = {
    "controller": 200,
    "controller_address": NOTES_MAX,
    "contact_person": NOTES_MAX,
    "data_protection_officer": NOTES_MAX,
    "purposes": NOTES_MAX,
    "legal_basis": NOTES_MAX,
    "data_categories": NOTES_MAX,
    "sources": NOTES_MAX,
    "recipients": NOTES_MAX,
    "transfers": NOTES_MAX,
    "retention": NOTES_MAX,
}
FIELDS = tuple(FIELD_LENGTHS)

# The day the default and fixed texts below last changed. A statement is as new as the newest
# of this and the organisation's own last save: change this date with the texts.
TEXTS_UPDATED_ON = datetime.date(2026, 11, 23)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: str


def field_title(field: str) -> str:
    """A field's section title: the model's label, translated."""
    return capfirst(str(PrivacyStatement._meta.get_field(field).verbose_name))


def privacy_statement_defaults(organization: Organization) -> dict[str, str]:
    """What each of the organisation's fields says when it is left empty."""
    names = {"organization": organization.name}
    return {
        "controller": organization.name,
        "controller_address": _(
            "%(organization)s, registry office (kirjaamo). The postal address, email address "
            "and telephone number of the registry office are on the organisation's website."
        )
        % names,
        "contact_person": _(
            "The supervisor of the supported employment services of %(organization)s, "
            "reached through the registry office of %(organization)s."
        )
        % names,
        "data_protection_officer": _(
            "The data protection officer of %(organization)s, reached through the registry "
            "office. The data protection officer's contact details are on the organisation's "
            "website."
        )
        % names,
        "purposes": _(
            "Job development in supported employment (IPS, Individual Placement and Support): "
            "contacting employers, recording the contacts and their outcomes, keeping track of "
            "job openings, arranging placements for the clients of supported employment, and "
            "supporting the employers and work communities who employ them."
        ),
        "legal_basis": _(
            "Performance of a task carried out in the public interest (GDPR art. 6(1)(e)): "
            "the employment-promoting social services and supported employment that the "
            "controller arranges under the Social Welfare Act (1301/2014) and the Act on "
            "Rehabilitative Work Activity (189/2001).\n\n"
            "Legitimate interest (GDPR art. 6(1)(f)) for the contact persons of companies: the "
            "controller's interest is to reach the employers with whom it develops jobs for its "
            "clients. The legal basis of each contact person's data is recorded with the "
            "person in the register."
        ),
        "data_categories": _(
            "Employers: name, business ID, industry, municipality, address, website and notes "
            "on the cooperation.\n\n"
            "Contact persons: name, title, telephone number and email address.\n\n"
            "Contacts with employers: date, kind, purpose, outcome, notes and the worker of "
            "%(organization)s who made the contact."
        )
        % names,
        "sources": _(
            "The employer and its contact persons themselves, public registers such as the "
            "Business Information System (YTJ), and the staff of %(organization)s who are in "
            "contact with the employer."
        )
        % names,
        "recipients": _(
            "The data is not disclosed to anyone regularly. Processors bound by a data "
            "processing agreement, such as the provider of the information system, process it "
            "on behalf of %(organization)s."
        )
        % names,
        "transfers": _(
            "The data is not transferred outside the European Union or the European Economic Area."
        ),
        "retention": _(
            "A contact person's data is removed when it is no longer needed for the "
            "cooperation, for example when the person has left the employer; the need is "
            "reviewed every two years. An employer's data and its contacts are kept while "
            "there is cooperation with the employer and for two years after the last contact."
        ),
    }


def _fixed_sections(organization: Organization) -> dict[str, Section]:
    """The sections that are the same for every organisation (the law decides them)."""
    names = {"organization": organization.name}
    rights = [
        _(
            "Right of access (GDPR art. 15): you may ask whether data on you is processed and "
            "get a copy of it."
        ),
        _(
            "Right to rectification (art. 16): you may have inaccurate or incomplete data on "
            "you corrected."
        ),
        _(
            "Right to erasure (art. 17): you may have data on you erased when it is no longer "
            "needed or is processed unlawfully, unless the law requires it to be kept."
        ),
        _(
            "Right to restriction of processing (art. 18): you may have the processing of "
            "data on you restricted, for example while its accuracy is being checked."
        ),
        _(
            "Right to object (art. 21): you may object, on grounds relating to your particular "
            "situation, to processing based on a public task or a legitimate interest."
        ),
        _(
            "Where your data is processed on your consent, you may withdraw the consent at "
            "any time."
        ),
        _(
            "Send your requests to the contact person of the register. You will get an "
            "answer within a month."
        ),
    ]
    return {
        "register": Section(
            "register",
            _("Name of the register"),
            _("Employer register of job development and supported employment"),
        ),
        "data_subjects": Section(
            "data_subjects",
            _("Whose data is processed"),
            _(
                "The contact persons of employers and other organisations with which "
                "%(organization)s cooperates in job development, private traders whose "
                "business name is their own name, and the workers of %(organization)s who make "
                "the contacts. The register holds no data on the clients of supported "
                "employment: when a contact is made for a client, that link is kept in the "
                "client records, which have a privacy statement of their own."
            )
            % names,
        ),
        "automated_decisions": Section(
            "automated_decisions",
            _("Automated decision-making"),
            _("The data is not used for automated decision-making or profiling."),
        ),
        "rights": Section("rights", _("Rights of the data subject"), "\n\n".join(rights)),
        "complaint": Section(
            "complaint",
            _("Right to lodge a complaint"),
            _(
                "If you consider that the processing of your personal data breaks data "
                "protection law, you have the right to lodge a complaint with the supervisory "
                "authority: the Office of the Data Protection Ombudsman (Tietosuojavaltuutetun "
                "toimisto), P.O. Box 800, 00531 Helsinki, tietosuoja.fi."
            ),
        ),
    }


# Where each section goes: the organisation's fields among the fixed ones.
_ORDER = (
    "register",
    "controller",
    "controller_address",
    "contact_person",
    "data_protection_officer",
    "purposes",
    "legal_basis",
    "data_subjects",
    "data_categories",
    "sources",
    "recipients",
    "transfers",
    "retention",
    "automated_decisions",
    "rights",
    "complaint",
)


def privacy_statement_of(organization: Organization) -> PrivacyStatement | None:
    """The organisation's settings, or None. Django keeps the answer (a missing row too) on
    the organisation, so asking again in the same request costs no query."""
    try:
        return organization.privacy_statement
    except PrivacyStatement.DoesNotExist:
        return None


def privacy_statement_updated_on(organization: Organization) -> datetime.date:
    """The statement's date: its own last save or the last change of the texts here."""
    statement = privacy_statement_of(organization)
    if statement is None:
        return TEXTS_UPDATED_ON
    return max(timezone.localdate(statement.updated_at), TEXTS_UPDATED_ON)


def privacy_statement_sections(organization: Organization) -> list[Section]:
    """The whole statement in order, each of the organisation's fields or its default, and
    the date it was last updated as the last section."""
    statement = privacy_statement_of(organization)
    defaults = privacy_statement_defaults(organization)
    fixed = _fixed_sections(organization)
    sections = []
    for key in _ORDER:
        if key in fixed:
            sections.append(fixed[key])
        else:
            own = getattr(statement, key, "") if statement is not None else ""
            sections.append(Section(key, field_title(key), own or defaults[key]))
    updated_on = privacy_statement_updated_on(organization)
    sections.append(
        Section("updated", _("Last updated"), formats.date_format(updated_on, "SHORT_DATE_FORMAT"))
    )
    return sections


def organization_of(user: User) -> Organization:
    """The user's organisation, whose statement any of its users may read."""
    if user.organization_id is None:
        raise NotFound(_("You belong to no organisation."))
    return user.organization


def organization_for_code(code: str) -> Organization:
    """The organisation of a public statement's address; 404 for an unknown code."""
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise NotFound(_("No such organisation."))
    return organization


def privacy_manage_check(user: User) -> None:
    """Administrators and supervisors keep the statement; others get 403."""
    if user.organization_id is None or user.role not in REGISTER_MANAGERS:
        raise Forbidden(_("Only administrators and supervisors may edit the privacy statement."))


def privacy_statement_clean(*, organization_id: int, **fields: str | None) -> dict[str, str]:
    """The given fields stripped and checked (length, no client data); InvalidInput names
    every wrong field. The admin's form calls this too, so both refuse the same texts."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not fields of the privacy statement: {', '.join(sorted(unknown))}")
    errors = FieldErrors()
    data = {
        field: text_clean(value, field, errors, max_length=FIELD_LENGTHS[field])
        for field, value in fields.items()
    }
    # The statement is public: a client's name or identity code must never get into it.
    team_text_check(organization_id=organization_id, errors=errors, **data)
    errors.raise_if_any()
    return data


@transaction.atomic
def privacy_statement_update(*, user: User, **fields: str | None) -> PrivacyStatement:
    """Save the user's organisation's texts (an empty one brings back its default)."""
    privacy_manage_check(user)
    data = privacy_statement_clean(organization_id=user.organization_id, **fields)
    # get_or_create survives two managers saving the first statement at once.
    statement, created = PrivacyStatement.objects.select_for_update().get_or_create(
        organization_id=user.organization_id
    )
    changed = [field for field, value in data.items() if getattr(statement, field) != value]
    if not (created or changed):
        return statement
    for field in changed:
        setattr(statement, field, data[field])
    statement.updated_by = user
    statement.save()
    change_log_record(
        user=user,
        object_type="privacy_statement",
        object_id=statement.pk,
        action=ChangeAction.CREATE if created else ChangeAction.UPDATE,
        fields=changed,
    )
    return statement
