"""Data exchange keeps one table of its own: the uploaded files of imports, while they are checked and committed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Checked")
    IMPORTING = "importing", _("Being imported")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused")
    # stopped by something other than the file (the database or the worker went away): tried again without uploading
    INTERRUPTED = "interrupted", _("Interrupted")
    # stopped by the file itself (over the time limit, or unreadable in a way no check foresaw)
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One uploaded file of one kind: its content until the import is done, the preview and the outcome."""

    kind = models.CharField(_("kind"), max_length=30)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life of the check or import (queued, started, progress): a busy job silent for longer than
    # the time limit and a margin lost its worker and is marked interrupted (``jobs.mark_stale``).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Each start and retry counts up; a task of an earlier attempt that runs late finds it changed and does nothing.
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    interrupted_during = models.CharField(
        _("interrupted during"),
        max_length=20,
        blank=True,
        choices=[
            (ImportStatus.CHECKING, ImportStatus.CHECKING.label),
            (ImportStatus.IMPORTING, ImportStatus.IMPORTING.label),
        ],
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ImportStatus.values), name="import_status_valid"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.file_name}"

    @property
    def busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.processed_rows / self.total_rows)) if self.total_rows else 0
