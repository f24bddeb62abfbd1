"""Writes of client data. Each one checks the role, validates, and writes the access log."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, CLIENT_WORKERS, SEES_ALL_CLIENTS, Role
from tyopolku.accounts.selectors import worker_get
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.guard import disclosure_record
from tyopolku.clients.identity import personal_id_clean
from tyopolku.clients.models import Client, ClientWorker, Consent, TargetGroup
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.dates import date_text, today
from tyopolku.core.errors import Conflict, FieldErrors, Forbidden, InvalidInput
from tyopolku.core.validation import email_clean, phone_clean, text_clean
from tyopolku.employers.codes import municipality_code_clean

NOT_SET = object()


def _require_client_role(user: User) -> None:
    if user.role not in CLIENT_RECORD_ROLES:
        raise Forbidden(_("Your role has no access to client records."))


def _clean_contact_fields(data: dict, errors: FieldErrors) -> None:
    for name in ("first_name", "last_name"):
        if name in data:
            data[name] = text_clean(data[name], name, errors, required=True, max_length=100)
    if data.get("municipality_code"):
        code = municipality_code_clean(data["municipality_code"])
        if code is None:
            errors.add(
                "municipality_code",
                _("Not a municipality of Finland: give its code or name, e.g. 153 or Imatra."),
            )
        data["municipality_code"] = code or data["municipality_code"]
    if "phone" in data:
        data["phone"] = phone_clean(data["phone"], "phone", errors)
    if "email" in data:
        data["email"] = email_clean(data["email"], "email", errors)


def _clean_identity(
    personal_id: str | None, birth_date: datetime.date | None, errors: FieldErrors
) -> tuple[str | None, datetime.date | None]:
    personal_id = (personal_id or "").strip() or None
    if personal_id:
        cleaned = errors.check("personal_id", personal_id_clean, personal_id)
        if cleaned is None:
            return None, birth_date
        code, derived = cleaned
        if birth_date is not None and birth_date != derived:
            errors.add(
                "birth_date", _("The date of birth does not match the personal identity code.")
            )
        return code, derived
    if birth_date is None:
        errors.add("birth_date", _("Give a date of birth when there is no personal identity code."))
    # The oldest date a code can carry (century sign "+") is the oldest one to type.
    elif birth_date > today() or birth_date.year < 1800:
        errors.add("birth_date", _("The date of birth is not possible."))
    return None, birth_date


def _target_groups(codes: Iterable[str], errors: FieldErrors) -> list[TargetGroup]:
    codes = list(dict.fromkeys(codes))
    groups = list(TargetGroup.objects.filter(code__in=codes, active=True))
    unknown = set(codes) - {g.code for g in groups}
    if unknown:
        errors.add(
            "target_groups",
            _("Unknown target group: %(codes)s") % {"codes": ", ".join(sorted(unknown))},
        )
    return groups


def _check_unique_personal_id(client: Client, *, user: User) -> None:
    """409 when another client of the organisation has the code. That tells the user the
    person is a client: the answer names the existing client (`existing_client_id`) only to
    a user who may see them, and is logged as a disclosure to anyone else."""
    if not client.personal_id:
        return
    existing = (
        Client.objects.filter(
            organization_id=client.organization_id, personal_id=client.personal_id
        )
        .exclude(pk=client.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is None:
        return
    visible = clients_visible_to(user).filter(pk=existing).exists()
    disclosure_record(user=user, client_ids=[existing], target="duplicate_identity_code")
    message = _("This personal identity code is already registered.")
    raise Conflict(
        message, {"personal_id": message}, {"existing_client_id": existing} if visible else None
    )


def _save(client: Client, *, user: User, **kwargs) -> None:
    """Save, turning a lost race on the unique identity code into the same 409."""
    try:
        with transaction.atomic():
            client.save(**kwargs)
    except IntegrityError:
        _check_unique_personal_id(client, user=user)
        raise


@transaction.atomic
def client_create(
    *,
    user: User,
    first_name: str,
    last_name: str,
    personal_id: str | None = None,
    birth_date: datetime.date | None = None,
    municipality_code: str = "",
    phone: str = "",
    email: str = "",
    target_groups: Iterable[str] = (),
) -> Client:
    _require_client_role(user)
    errors = FieldErrors()
    data = {
        "first_name": first_name,
        "last_name": last_name,
        "municipality_code": (municipality_code or "").strip(),
        "phone": (phone or "").strip(),
        "email": (email or "").strip(),
    }
    _clean_contact_fields(data, errors)
    code, birth = _clean_identity(personal_id, birth_date, errors)
    groups = _target_groups(target_groups, errors)
    errors.raise_if_any()

    client = Client(
        organization_id=user.organization_id, personal_id=code, birth_date=birth, **data
    )
    _check_unique_personal_id(client, user=user)
    _save(client, user=user)
    client.target_groups.set(groups)
    if user.role in CLIENT_WORKERS:
        # The creator works with the client (a job coach as the client's coach); without
        # this they could not open the record.
        kind = {
            Role.JOB_COACH: ClientWorker.Kind.COACH,
            Role.CASE_MANAGER: ClientWorker.Kind.CASE_MANAGER,
        }.get(user.role, ClientWorker.Kind.OTHER)
        client_worker_add(client=client, worker=user, kind=kind, started_by=user)
    access_log_record(
        user=user, client_ids=[client.pk], action=AccessAction.CREATE, target="client"
    )
    return client


@transaction.atomic
def client_update(
    *,
    user: User,
    client: Client,
    first_name=NOT_SET,
    last_name=NOT_SET,
    personal_id=NOT_SET,
    birth_date=NOT_SET,
    municipality_code=NOT_SET,
    phone=NOT_SET,
    email=NOT_SET,
    target_groups=NOT_SET,
) -> Client:
    """Change the given fields only (a PATCH). `client` comes from the client selector."""
    _require_client_role(user)
    given = {
        name: value
        for name, value in {
            "first_name": first_name,
            "last_name": last_name,
            "municipality_code": municipality_code,
            "phone": phone,
            "email": email,
        }.items()
        if value is not NOT_SET
    }
    given = {name: ("" if value is None else value) for name, value in given.items()}
    errors = FieldErrors()
    _clean_contact_fields(given, errors)
    if personal_id is not NOT_SET or birth_date is not NOT_SET:
        new_id = client.personal_id if personal_id is NOT_SET else personal_id
        new_birth = None if birth_date is NOT_SET else birth_date
        if not new_id and new_birth is None:
            new_birth = client.birth_date  # dropping the code keeps the known birth date
        code, birth = _clean_identity(new_id, new_birth, errors)
        given["personal_id"] = code
        given["birth_date"] = birth
    groups = None if target_groups is NOT_SET else _target_groups(target_groups or [], errors)
    errors.raise_if_any()

    for name, value in given.items():
        setattr(client, name, value)
    _check_unique_personal_id(client, user=user)
    _save(client, user=user, update_fields=[*given, "updated_at"])
    if groups is not None:
        client.target_groups.set(groups)
    access_log_record(
        user=user, client_ids=[client.pk], action=AccessAction.UPDATE, target="client"
    )
    return client


@transaction.atomic
def client_consents_set(
    *,
    user: User,
    client: Client,
    thl_evaluation: bool,
    thl_follow_up: bool,
    information_sharing: bool,
    on: datetime.date | None = None,
) -> list[Consent]:
    """Record the client's current consents; a changed answer gets today's date and the user."""
    _require_client_role(user)
    on = on or today()
    answers = {
        Consent.Kind.THL_EVALUATION: thl_evaluation,
        Consent.Kind.THL_FOLLOW_UP: thl_follow_up,
        Consent.Kind.INFORMATION_SHARING: information_sharing,
    }
    existing = {c.kind: c for c in client.consents.all()}
    for kind, given in answers.items():
        consent = existing.get(kind)
        if consent is None:
            Consent.objects.create(
                client=client, kind=kind, given=given, recorded_on=on, recorded_by=user
            )
        elif consent.given != given:
            consent.given, consent.recorded_on, consent.recorded_by = given, on, user
            consent.save(update_fields=["given", "recorded_on", "recorded_by"])
    access_log_record(
        user=user, client_ids=[client.pk], action=AccessAction.UPDATE, target="consents"
    )
    return list(client.consents.select_related("recorded_by").order_by("kind"))


def client_worker_add(
    *,
    client: Client,
    worker: User,
    kind: str = ClientWorker.Kind.OTHER,
    started_by: User,
    on: datetime.date | None = None,
) -> ClientWorker:
    """Bring a worker into the client relationship from `on` (today), or keep the link they
    have (a coach's kind wins over "other"). The building block of the services that checked
    the user's right to do so: `client_worker_assign`, `client_create`, the enrollments."""
    if worker.organization_id != client.organization_id:
        raise InvalidInput.for_field("coach_id", _("The worker belongs to another organisation."))
    link = ClientWorker.objects.filter(client=client, user=worker, end_date__isnull=True).first()
    if link is None:
        try:
            with transaction.atomic():
                return ClientWorker.objects.create(
                    client=client,
                    user=worker,
                    kind=kind,
                    start_date=on or today(),
                    started_by=started_by,
                )
        except IntegrityError:  # a parallel request linked them first
            link = ClientWorker.objects.get(client=client, user=worker, end_date__isnull=True)
    if link.kind == ClientWorker.Kind.OTHER and kind != ClientWorker.Kind.OTHER:
        link.kind = kind
        link.save(update_fields=["kind"])
    return link


def _require_sees_all(user: User, worker: User, field: str) -> None:
    """Only supervisors and administrators bring another worker in or take one out."""
    if worker.pk != user.pk and user.role not in SEES_ALL_CLIENTS:
        message = _("Only supervisors and administrators change another worker's clients.")
        raise Forbidden(message, {field: message})


def _link_date(on: datetime.date | None, field: str, errors: FieldErrors) -> datetime.date:
    on = on or today()
    if on > today():
        errors.add(field, _("The date cannot be in the future."))
    return on


@transaction.atomic
def client_worker_assign(
    *,
    user: User,
    client: Client,
    worker_id: int,
    kind: str = ClientWorker.Kind.OTHER,
    on: datetime.date | None = None,
) -> ClientWorker:
    """Give a worker access to the client (fetched through `client_get`) from `on`."""
    _require_client_role(user)
    errors = FieldErrors()
    worker = errors.check(
        "worker_id", lambda: worker_get(user=user, worker_id=worker_id, field="worker_id")
    )
    if kind not in ClientWorker.Kind.values:
        errors.add(
            "kind",
            _("Unknown kind; one of: %(values)s") % {"values": ", ".join(ClientWorker.Kind.values)},
        )
    on = _link_date(on, "start_date", errors)
    errors.raise_if_any()
    _require_sees_all(user, worker, "worker_id")
    link = client_worker_add(client=client, worker=worker, kind=kind, started_by=user, on=on)
    access_log_record(
        user=user, client_ids=[client.pk], action=AccessAction.UPDATE, target="client_worker"
    )
    return link


@transaction.atomic
def client_worker_end(
    *, user: User, link: ClientWorker, reason: str, on: datetime.date | None = None
) -> ClientWorker:
    """End a worker's link to the client on `on` (today): from that day they no longer see
    the client; the link stays as history. `link` comes from `client_worker_get`."""
    _require_client_role(user)
    _require_sees_all(user, link.user, "link_id")
    if link.end_date is not None:
        raise Conflict(
            _("The link ended on %(date)s already.") % {"date": date_text(link.end_date)}
        )
    errors = FieldErrors()
    reason = text_clean(reason, "reason", errors, required=True, max_length=200)
    on = _link_date(on, "end_date", errors)
    if on < link.start_date:
        errors.add(
            "end_date",
            _("The link started on %(date)s.") % {"date": date_text(link.start_date)},
        )
    errors.raise_if_any()
    # The coach of an open enrollment keeps the link: the enrollment names them.
    if link.client.enrollments.filter(coach=link.user, end_date__isnull=True).exists():
        raise Conflict(
            _("%(name)s coaches an open enrollment of the client: change its coach first.")
            % {"name": link.user},
            {"link_id": _("Change the enrollment's coach first.")},
        )
    link.end_date, link.ended_by, link.end_reason = on, user, reason
    link.save(update_fields=["end_date", "ended_by", "end_reason"])
    access_log_record(
        user=user, client_ids=[link.client_id], action=AccessAction.UPDATE, target="client_worker"
    )
    return link
