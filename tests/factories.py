"""factory_boy factories for test data. Synthetic identity codes use the temporary range
900–999, which is never a real person's permanent code."""

import datetime

import factory

from tyopolku.clients.identity import synthetic_personal_id
from tyopolku.clients.models import Client, ClientWorker
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
    services (`enrollment_create`) where the test is about the start steps."""

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
                phase=Phase.INTAKE,
                effective_date=self.start_date,
                reason=PhaseChange.Reason.ENROLLED,
                recorded_by=self.created_by,
            )
