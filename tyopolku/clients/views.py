"""Client pages: the list with live search, the client form, the client page and consents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tyopolku.accounts.models import User
from tyopolku.accounts.roles import CLIENT_RECORD_ROLES, SEES_ALL_CLIENTS
from tyopolku.audit.models import AccessAction
from tyopolku.clients import selectors, services
from tyopolku.clients.forms import (
    ClientForm,
    ClientSearchForm,
    ClientWorkerEndForm,
    ClientWorkerForm,
    ConsentsForm,
)
from tyopolku.clients.models import Client, Consent
from tyopolku.core.errors import Forbidden
from tyopolku.core.views import (
    domain_errors_to_http,
    form_submit,
    is_htmx_fragment,
    make_page,
    page_offset,
)
from tyopolku.pathway.selectors import client_enrollments, client_timeline, client_visits

PAGE_SIZE = 25


def _require_client_records(user: User) -> None:
    if user.role not in CLIENT_RECORD_ROLES:
        raise Forbidden(_("Your role has no access to client records."))


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def client_list(request: HttpRequest) -> HttpResponse:
    """The list, and the search sent by POST: what was searched for (an identity code, a
    name) is never in the address, so neither in the browser's history nor in the server's
    access log. A search's pages post the search again with their offset."""
    _require_client_records(request.user)
    if "search" in request.GET:
        # An old link or a hand-typed address: answer with the address without it, so that
        # it stays in neither the history nor the links of the page (language form's `next`).
        return redirect("client_list")
    form = ClientSearchForm(request.POST if request.method == "POST" else None)
    search = form.cleaned_data["search"] if form.is_bound and form.is_valid() else ""
    offset = page_offset(request)
    count, clients = selectors.client_list(
        user=request.user, search=search, limit=PAGE_SIZE, offset=offset
    )
    context = {
        "form": form,
        "search": search,
        "clients": clients,
        "page": make_page(request, offset=offset, limit=PAGE_SIZE, count=count),
    }
    if is_htmx_fragment(request):
        return render(request, "clients/_client_results.html", context)
    return render(request, "clients/client_list.html", context)


def _client_form_page(request, form: ClientForm, client: Client | None, status=200):
    return render(
        request, "clients/client_form.html", {"form": form, "client": client}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def client_create(request: HttpRequest) -> HttpResponse:
    _require_client_records(request.user)
    if request.method == "GET":
        return _client_form_page(request, ClientForm(), None)
    form = ClientForm(request.POST)
    ok, client = form_submit(
        form, lambda data: services.client_create(user=request.user, **form.service_kwargs(data))
    )
    if not ok:
        return _client_form_page(request, form, None, status=422)
    messages.success(request, _("Client %(name)s added.") % {"name": client.full_name})
    return redirect("client_detail", client_id=client.pk)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors_to_http
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    # A save is logged as the update it attempts, refused or not (never as a read).
    action = AccessAction.UPDATE if request.method == "POST" else AccessAction.READ
    client = selectors.client_get(user=request.user, client_id=client_id, action=action)
    if request.method == "GET":
        return _client_form_page(request, ClientForm.for_client(client), client)
    form = ClientForm.for_client(client, data=request.POST)
    ok, _result = form_submit(
        form,
        lambda data: services.client_update(
            user=request.user, client=client, **form.service_kwargs(data)
        ),
    )
    if not ok:
        return _client_form_page(request, form, client, status=422)
    messages.success(request, _("Client details saved."))
    return redirect("client_detail", client_id=client.pk)


def _consent_rows(form: ConsentsForm, consents) -> list[tuple]:
    """Each consent's checkbox with its recorded answer (date and recorder), if any."""
    by_kind = {c.kind: c for c in consents}
    return [(form[kind], by_kind.get(kind)) for kind in Consent.Kind.values]


@login_required
@require_http_methods(["GET"])
@domain_errors_to_http
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    return _client_page(request, selectors.client_detail(user=request.user, client_id=client_id))


def _client_page(request, client: Client, status=200, **worker_forms) -> HttpResponse:
    """The client page for a client read through `client_detail`/`client_refresh`."""
    enrollments = client_enrollments(user=request.user, client_id=client.pk)
    visits = list(client_visits(user=request.user, client_id=client.pk))
    consents = client.consents.all()
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "enrollments": enrollments,
            "timeline": client_timeline(enrollments=[e for e, _s in enrollments], visits=visits),
            "consent_rows": _consent_rows(ConsentsForm.for_consents(consents), consents),
            **_worker_context(request.user, client, **worker_forms),
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def client_consents(request: HttpRequest, client_id: int) -> HttpResponse:
    client = selectors.client_get(
        user=request.user, client_id=client_id, target="consents", action=AccessAction.UPDATE
    )
    form = ConsentsForm(request.POST)
    form.is_valid()  # three checkboxes: always valid
    consents = services.client_consents_set(user=request.user, client=client, **form.cleaned_data)
    if not is_htmx_fragment(request):
        messages.success(request, _("Consents saved."))
        return redirect("client_detail", client_id=client.pk)
    return render(
        request,
        "clients/_consents.html",
        {
            "client": client,
            "consent_rows": _consent_rows(ConsentsForm.for_consents(consents), consents),
            "saved": True,
        },
    )


def _worker_context(
    user: User,
    client: Client,
    *,
    worker_form: ClientWorkerForm | None = None,
    end_form: ClientWorkerEndForm | None = None,
    end_link_id: int | None = None,
) -> dict:
    """The workers section: every link with its period (the prefetched history) and, for
    supervisors and admins, an "end" form on each open link and the form adding a worker."""
    manages = user.role in SEES_ALL_CLIENTS
    rows = []
    for link in client.client_workers.all():
        form = None
        if manages and link.end_date is None:
            form = end_form if link.pk == end_link_id else ClientWorkerEndForm.for_link(link.pk)
        rows.append((link, form))
    return {
        "worker_rows": rows,
        "worker_form": (worker_form or ClientWorkerForm(user=user)) if manages else None,
    }


def _workers_answer(request, client: Client, ok: bool, message: str, **forms) -> HttpResponse:
    """After adding or ending a link: the page again (or, for htmx, the workers section)."""
    if ok and not is_htmx_fragment(request):
        messages.success(request, message)
        return redirect("client_detail", client_id=client.pk)
    client = selectors.client_refresh(client)  # the links as they are now
    if not is_htmx_fragment(request):
        return _client_page(request, client, status=422, **forms)
    context = {
        "client": client,
        "saved": message if ok else "",
        **_worker_context(request.user, client, **({} if ok else forms)),
    }
    return render(request, "clients/_workers.html", context, status=200 if ok else 422)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def client_worker_add(request: HttpRequest, client_id: int) -> HttpResponse:
    client = selectors.client_get(user=request.user, client_id=client_id, target="client_workers")
    form = ClientWorkerForm(request.POST, user=request.user)
    ok, _link = form_submit(
        form,
        lambda data: services.client_worker_assign(user=request.user, client=client, **data),
    )
    return _workers_answer(request, client, ok, _("Worker added."), worker_form=form)


@login_required
@require_http_methods(["POST"])
@domain_errors_to_http
def client_worker_end(request: HttpRequest, client_id: int, link_id: int) -> HttpResponse:
    client = selectors.client_get(user=request.user, client_id=client_id, target="client_workers")
    link = selectors.client_worker_get(client=client, link_id=link_id)
    form = ClientWorkerEndForm.for_link(link.pk, request.POST)
    ok, _link = form_submit(
        form,
        lambda data: services.client_worker_end(
            user=request.user, link=link, reason=data["reason"]
        ),
    )
    return _workers_answer(
        request, client, ok, _("The worker's link ended."), end_form=form, end_link_id=link.pk
    )
