"""Template filters of the employer register: the role sets (so templates never name roles)
and the names of the official codes in the language of the page."""

from django import template

from tyopolku.accounts.roles import EMPLOYER_REGISTER_ROLES, REGISTER_MANAGERS
from tyopolku.employers import codes

register = template.Library()


@register.filter
def uses_employer_register(user) -> bool:
    return getattr(user, "role", None) in EMPLOYER_REGISTER_ROLES


@register.filter
def manages_employer_register(user) -> bool:
    return getattr(user, "role", None) in REGISTER_MANAGERS


@register.filter
def industry_label(code: str) -> str:
    """ "47111 Vähittäiskauppa…": the code and the name of its division ("" for none)."""
    return f"{code} {codes.industry_name(code)}".strip() if code else ""


@register.filter
def municipality_label(code: str) -> str:
    return codes.municipality_name(code) or code if code else ""
