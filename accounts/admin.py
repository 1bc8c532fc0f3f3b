from django.contrib import admin

from accounts.models import AccountEvent, Invitation
from partnership.admin import ReadOnlyMixin


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "role", "invited_by", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", "organisation")
    search_fields = ("email",)
    list_select_related = ("organisation", "invited_by")
    readonly_fields = ("token_hash", "invited_by", "created_at", "accepted_at", "user")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # invitations are made on the site, so that the email with the link goes out


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "kind", "by", "user", "organisation")
    list_filter = ("kind",)
    list_select_related = ("by", "user", "organisation")
    date_hierarchy = "at"
