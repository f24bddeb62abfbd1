"""API of the employer register's privacy statement: the same sections as the page."""

import datetime

from ninja import Router, Schema

from tyopolku.core.api import ERRORS
from tyopolku.employers import privacy

router = Router(tags=["employers"])


class PrivacySectionOut(Schema):
    key: str
    title: str
    text: str


class PrivacyStatementOut(Schema):
    organization: str
    # A date: the newest of the organisation's last save and the last change of the defaults.
    updated_at: datetime.date
    sections: list[PrivacySectionOut]


@router.get("/employers/privacy-statement", response={200: PrivacyStatementOut, **ERRORS})
def privacy_statement_get(request):
    """The token user's organisation's statement (any role: it is public information)."""
    organization = privacy.organization_of(request.auth)
    return {
        "organization": organization.name,
        "updated_at": privacy.privacy_statement_updated_on(organization),
        "sections": privacy.privacy_statement_sections(organization),
    }
