from django import forms

from tyopolku.core.errors import DomainError


def apply_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a domain error next to the fields it names, or at the top of the form. Its
    details (e.g. `existing_client_id`) are left on the form for the template."""
    form.error_details = error.details
    placed = False
    for name, message in error.fields.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class FinnishDateInput(forms.DateInput):
    """A native date picker: phones show their own calendar; the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
