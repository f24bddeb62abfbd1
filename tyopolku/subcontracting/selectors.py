"""Reads of group work and invoices, each scoped by the user's organisation; members are
clients, read through the client relationship and logged in the access log."""

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tyopolku.accounts.models import User
from tyopolku.audit.models import AccessAction
from tyopolku.audit.services import access_log_record
from tyopolku.clients.selectors import clients_visible_to
from tyopolku.core.dated import in_force
from tyopolku.core.errors import InvalidInput, NotFound
from tyopolku.subcontracting.access import require_group_work, require_invoicing
from tyopolku.subcontracting.models import (
    GroupMember,
    Invoice,
    InvoiceLine,
    InvoicingSetting,
    Order,
    PayGroupWage,
    VatRate,
    WorkGroup,
    WorkLog,
)


def groups_of(user: User) -> QuerySet[WorkGroup]:
    require_group_work(user)
    return WorkGroup.objects.filter(organization_id=user.organization_id)


def group_list(*, user: User) -> QuerySet[WorkGroup]:
    return groups_of(user).select_related("unit", "work_coach", "peer_instructor")


def group_get(*, user: User, group_id: int) -> WorkGroup:
    group = group_list(user=user).filter(pk=group_id).first()
    if group is None:
        raise NotFound(_("Group not found."))
    return group


def group_for_input(*, user: User, group_id: int, field: str = "group_id") -> WorkGroup:
    group = groups_of(user).filter(pk=group_id).first()
    if group is None:
        raise InvalidInput.for_field(field, _("Unknown group in this organisation."))
    return group


def members_visible_to(user: User) -> QuerySet[GroupMember]:
    """Members of the organisation's groups whose client the user may see."""
    return GroupMember.objects.filter(
        group__organization_id=user.organization_id,
        client__in=clients_visible_to(user),
    )


def _members_logged(
    user: User, members: list[GroupMember], action: AccessAction = AccessAction.READ
) -> None:
    access_log_record(
        user=user, client_ids=[m.client_id for m in members], action=action, target="group_member"
    )


def member_list(*, user: User, group: WorkGroup) -> list[GroupMember]:
    """The group's members the user may see (client data: each read is logged)."""
    members = list(
        members_visible_to(user)
        .filter(group=group)
        .select_related("client")
        .order_by("client__last_name", "client__first_name", "start_date", "pk")
    )
    _members_logged(user, members)
    return members


def in_force_on(day: datetime.date) -> Q:
    """An employment (or agreement) that has begun by `day` and not ended before it."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def employments_in_force(*, user: User, client_id: int, day: datetime.date) -> list[GroupMember]:
    """The client's paid employments in the organisation's groups in force on `day`, with
    their group (one query), for the work activity agreement page; logged."""
    require_group_work(user)
    members = list(
        members_visible_to(user)
        .filter(in_force_on(day), client_id=client_id)
        .select_related("group")
        .order_by("start_date", "pk")
    )
    _members_logged(user, members)
    return members


def member_get(
    *, user: User, group: WorkGroup, member_id: int, action: AccessAction = AccessAction.READ
) -> GroupMember:
    """One member of the group whose client the user may see; NotFound otherwise. Logged as
    `action` (a write request: the write it attempts)."""
    member = (
        members_visible_to(user)
        .filter(pk=member_id, group=group)
        .select_related("client", "group")
        .first()
    )
    if member is None:
        raise NotFound(_("Member not found."))
    _members_logged(user, [member], action)
    return member


def member_for_work_log(*, user: User, order: Order, member_id: int) -> GroupMember:
    member = (
        members_visible_to(user)
        .filter(pk=member_id, group_id=order.group_id)
        .select_related("client")
        .first()
    )
    if member is None:
        raise InvalidInput.for_field("member_id", _("Not a member of the order's group."))
    return member


def orders_of(user: User) -> QuerySet[Order]:
    require_group_work(user)
    return Order.objects.filter(organization_id=user.organization_id)


def order_list(*, user: User) -> QuerySet[Order]:
    return orders_of(user).select_related("customer", "group")


def order_get(*, user: User, order_id: int) -> Order:
    order = order_list(user=user).filter(pk=order_id).first()
    if order is None:
        raise NotFound(_("Order not found."))
    return order


def _work_logs_of(user: User, order: Order) -> QuerySet[WorkLog]:
    visible = members_visible_to(user).filter(pk=OuterRef("member_id"))
    return (
        order.work_logs.filter(Exists(visible))
        .select_related("member__client", "superseded_by")
        .order_by("-date", "-pk")
    )


def _work_logs_logged(user: User, logs: list[WorkLog]) -> list[WorkLog]:
    access_log_record(
        user=user,
        client_ids=[log.member.client_id for log in logs],
        action=AccessAction.READ,
        target="work_log",
    )
    return logs


def work_log_list(*, user: User, order: Order) -> list[WorkLog]:
    """The order's hours of the members the user may see, corrections included (the
    replaced rows point to their corrections). Logged: they name clients."""
    return _work_logs_logged(user, list(_work_logs_of(user, order)))


def work_log_page(
    *, user: User, order: Order, offset: int, limit: int
) -> tuple[int, list[WorkLog]]:
    """(count, one page of the order's hours as work_log_list has them); the page logged."""
    logs = _work_logs_of(user, order)
    return logs.count(), _work_logs_logged(user, list(logs[offset : offset + limit]))


def work_log_get(*, user: User, work_log_id: int) -> WorkLog:
    log = (
        WorkLog.objects.filter(
            pk=work_log_id,
            order__in=orders_of(user),
            member__in=members_visible_to(user),
        )
        .select_related("order", "member__client")
        .first()
    )
    if log is None:
        raise NotFound(_("Work log not found."))
    access_log_record(
        user=user, client_ids=[log.member.client_id], action=AccessAction.READ, target="work_log"
    )
    return log


def invoices_of(user: User) -> QuerySet[Invoice]:
    require_invoicing(user)
    return Invoice.objects.filter(organization_id=user.organization_id)


def invoice_list(*, user: User) -> QuerySet[Invoice]:
    return invoices_of(user).select_related("customer", "credit_note")


def invoice_get(*, user: User, invoice_id: int) -> Invoice:
    invoice = (
        invoices_of(user)
        .filter(pk=invoice_id)
        .select_related("customer", "credited_invoice", "credit_note")
        .prefetch_related(Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")))
        .first()
    )
    if invoice is None:
        raise NotFound(_("Invoice not found."))
    return invoice


# --- Dated settings ----------------------------------------------------------------------


def vat_percent_on(day: datetime.date) -> Decimal | None:
    """The general VAT rate in force on `day`."""
    row = in_force(list(VatRate.objects.order_by("valid_from")), day)
    return row.percent if row else None


def hourly_wage_on(*, organization_id: int, pay_group: str, day: datetime.date) -> Decimal | None:
    rows = list(
        PayGroupWage.objects.filter(organization_id=organization_id, pay_group=pay_group).order_by(
            "valid_from"
        )
    )
    row = in_force(rows, day)
    return row.hourly_wage if row else None


def invoicing_setting_on(*, organization_id: int, day: datetime.date) -> InvoicingSetting | None:
    rows = list(
        InvoicingSetting.objects.filter(organization_id=organization_id).order_by("valid_from")
    )
    return in_force(rows, day)
