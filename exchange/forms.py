from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .imports.bounds import limits, too_big
from .imports.kinds import KINDS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file hold?"),
        choices=[(slug, kind.title) for slug, kind in KINDS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the file holds.")},
    )
    file = forms.FileField(
        label=_("File"),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "CSV (UTF-8, separated by ; or ,) or Excel (.xlsx), at most %(max)s MB, with the template's columns."
        ) % {"max": limits().max_mb}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = limits()
        if upload.size > limit.max_bytes:
            raise forms.ValidationError(str(too_big(limit)))
        return upload
