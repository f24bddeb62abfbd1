"""factory_boy factories for test data. Synthetic identity codes use the temporary range
900–999, which is never a real person's permanent code."""

import datetime

import factory
from stdnum.fi import ytunnus

from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.clients.models import Client, ClientWorker
from tyopolku.employers.models import (
    ContactKind,
    ContactPerson,
    ContactPurpose,
    Employer,
    EmployerContact,
    Opening,
)
from tyopolku.pathway.models import Enrollment, Phase, PhaseChange, ServiceModel


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Etu{n}")
    last_name = factory.Sequence(lambda n: f"Suku{n}")
    birth_date = factory.Sequence(lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=n))
    personal_id = factory.LazyAttributeSequence(
        lambda o, n: synthetic_personal_id(o.birth_date, 900 + n % 100)
    )

    @factory.post_generation
    def worker(self, create, extracted, **kwargs):
        """`ClientFactory(worker=coach)` puts the coach in the client relationship."""
        if create and extracted is not None:
            ClientWorker.objects.create(client=self, user=extracted, kind=ClientWorker.Kind.COACH)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An enrollment in intake (with its first phase change), no start steps. Use the
    services (`enrollment_create`) where the test is about the start steps.
    `phase=Phase.JOB_SEARCH` starts it in that phase instead."""

    class Meta:
        model = Enrollment
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    service_model = ServiceModel.IPS
    start_date = datetime.date(2026, 1, 5)

    @factory.post_generation
    def phase(self, create, extracted, **kwargs):
        if create:
            PhaseChange.objects.create(
                enrollment=self,
                phase=extracted or Phase.INTAKE,
                effective_date=self.start_date,
                reason=PhaseChange.Reason.ENROLLED,
                recorded_by=self.created_by,
            )


def valid_business_id(n: int) -> str:
    """The n-th valid Y-tunnus of a series no real-looking fixture uses (2000000-…): an even
    stem with its check digit, or the odd one after it when the even stem has none."""
    for stem in (2_000_000 + 2 * n, 2_000_001 + 2 * n):
        for digit in "0123456789":
            if ytunnus.is_valid(f"{stem}-{digit}"):
                return f"{stem}-{digit}"
    raise AssertionError("two stems in a row without a check digit")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    organization = None  # pass the organisation: the register is per organisation
    name = factory.Sequence(lambda n: f"Yritys {n} Oy")
    business_id = factory.Sequence(valid_business_id)
    industry_code = "47"
    municipality_code = "405"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"Matti Yhteyshenkilö{n}")
    title = "Myymäläpäällikkö"


class EmployerContactFactory(factory.django.DjangoModelFactory):
    """A contact made on 2.2.2026 (a Monday in the past); pass `made_by`."""

    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    date = datetime.date(2026, 2, 2)
    kind = ContactKind.VISIT
    purpose = ContactPurpose.JOB_DEVELOPMENT


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Myyjä {n}")
