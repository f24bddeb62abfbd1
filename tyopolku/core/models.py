"""The organisation key: every table of client or register data has the organisation's id.

The organisation's own records (clients, employers, agreements, …) declare `organization`
themselves. The rows that belong to one of them (a client's consents, an enrollment's
visits, an invoice's lines, …) inherit `OrganisationKeyed`, which copies the key from the
parent named in `organisation_parent` when a row is saved or bulk created. The key is
there for sharding by organisation (Citus distributes the tables by `organization_id`),
not for reading: access is still scoped through the parents, so the column has no index
of its own (one on every child table would only slow down the writes). The exceptions are
declared where they are read: the reports start from an organisation's enrollments and
placements of a period, so those two have an index on (organization, start_date).

Code that writes rows past the ORM (the data generator's COPY, raw SQL) must set it too.
"""

from collections.abc import Iterable, Sequence
from typing import ClassVar

from django.db import models


class OrganisationKeyedQuerySet(models.QuerySet):
    def bulk_create(self, objs: Iterable[models.Model], *args, **kwargs) -> list[models.Model]:
        objs = list(objs)
        organisation_fill(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)


class OrganisationKeyed(models.Model):
    """A row that belongs to a parent record of one organisation and repeats its key."""

    # The foreign key the organisation is copied from; the parent has `organization` itself.
    organisation_parent: ClassVar[str]

    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        # The distribution key, not a way in: reads go through the parent's indexes.
        db_index=False,
    )

    objects = OrganisationKeyedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.organization_id is None:
            organisation_fill(type(self), [self])
        super().save(*args, **kwargs)


def organisation_fill(model: type[OrganisationKeyed], objs: Sequence[OrganisationKeyed]) -> None:
    """Give the rows of `objs` without an organisation their parent's. A parent already in
    memory is used as it is; the others are read in one query for the whole batch."""
    missing = [obj for obj in objs if obj.organization_id is None]
    if not missing:
        return
    parent_field = model._meta.get_field(model.organisation_parent)
    unknown = []
    for obj in missing:
        parent = parent_field.get_cached_value(obj, default=None)
        if parent is not None and "organization_id" not in parent.get_deferred_fields():
            obj.organization_id = parent.organization_id
        if obj.organization_id is None:
            unknown.append(obj)
    parent_ids = {getattr(obj, parent_field.attname) for obj in unknown} - {None}
    if not parent_ids:
        return
    organisations = dict(
        parent_field.related_model._base_manager.filter(pk__in=parent_ids).values_list(
            "pk", "organization_id"
        )
    )
    for obj in unknown:
        obj.organization_id = organisations.get(getattr(obj, parent_field.attname))
