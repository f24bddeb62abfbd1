"""Template filters asking the role sets, so templates never name roles."""

from django import template

from tyopolku.accounts.roles import ACCESS_LOG_READERS, CLIENT_RECORD_ROLES, SEES_ALL_CLIENTS

register = template.Library()


@register.filter
def opens_client_records(user) -> bool:
    return getattr(user, "role", None) in CLIENT_RECORD_ROLES


@register.filter
def sees_all_clients(user) -> bool:
    return getattr(user, "role", None) in SEES_ALL_CLIENTS


@register.filter
def reads_access_log(user) -> bool:
    return getattr(user, "role", None) in ACCESS_LOG_READERS
