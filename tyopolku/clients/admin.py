from django.contrib import admin

from tyopolku.clients.models import TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    """Code list only. Client records are not in the admin: every read there would bypass
    the client relationship and the access log."""

    list_display = ["code", "name_fi", "name_sv", "name_en", "active", "position"]
    list_editable = ["active", "position"]
