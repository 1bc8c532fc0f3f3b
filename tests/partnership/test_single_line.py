"""Single-line fields are single lines, and a typed value never gets a line of its own in a mail; the invisible-
character filter keeps the joiners where writing needs them (emoji sequences, Persian, Indic scripts)."""

import pytest
from django import forms
from django.core import mail

from assignments import notifications
from assignments.forms import RequestForm
from assignments.models import AssignmentState, AssignmentTransition
from partnership import inputs
from tests import factories

PHISHING = "Uw account is geblokkeerd: log in op https://phish.example"


class Form(inputs.VisibleTextMixin, forms.Form):
    title = forms.CharField()
    description = forms.CharField(widget=forms.Textarea)


@pytest.mark.parametrize("breaks", ["\r\n", "\n", "\r", "\u2028", "\u2029", "\x85", "\v", "\f"])
def test_a_single_line_field_loses_its_line_breaks_a_text_area_keeps_them(breaks):
    form = Form({"title": f"Titel{breaks}{PHISHING}", "description": f"Eerste{breaks}tweede"})
    assert form.is_valid()
    assert form.cleaned_data["title"] == f"Titel {PHISHING}"
    assert form.cleaned_data["description"] == f"Eerste{breaks}tweede"


def test_the_request_forms_title_is_single_line():
    assert inputs.is_single_line(RequestForm.base_fields["title"])
    assert not inputs.is_single_line(RequestForm.base_fields["description"])


@pytest.mark.django_db
def test_a_title_with_line_breaks_gets_no_line_of_its_own_in_the_mail(government_organisation):
    """Whatever is stored (an old row, a write past the forms), the mail keeps it on the line it belongs to."""
    factories.ContactPersonFactory(organisation=government_organisation, is_primary=True, email="p@ienw.example.nl")
    assignment = factories.AssignmentFactory(
        title=f"Titel\r\n\r\n{PHISHING}",
        government_organisation=government_organisation,
        state=AssignmentState.SUBMITTED,
    )
    submitted = AssignmentTransition.objects.get(assignment=assignment, to_state=AssignmentState.SUBMITTED)
    assert notifications.state_changed(submitted.pk) >= 1
    for message in mail.outbox:
        assert "\n" not in message.subject
        assert not any(line.strip().startswith(PHISHING) for line in message.body.splitlines()), message.body
        assert f"Titel {PHISHING}" in message.body


def test_quoted_notes_stay_inside_the_quote():
    from partnership.templatetags.mail_text import oneline, quoted

    assert oneline("a\r\nb\u2028c") == "a b c"
    assert quoted(f"Regel een\r\n\r\n{PHISHING}") == f"Regel een\n    {PHISHING}"


@pytest.mark.parametrize(
    "text",
    [
        "👩\u200d💻 hackathon",  # woman technologist
        "🏳\ufe0f\u200d🌈 community",  # rainbow flag: VS16 before the joiner
        "👍🏽\u200d🔥",  # a skin tone before the joiner
        "می\u200cخواهم",  # Persian: ZWNJ between letters
        "क्\u200dष",  # Devanagari: ZWJ in a conjunct
        "ക്\u200dല",  # Malayalam chillu
    ],
)
def test_joiners_stay_where_writing_needs_them(text):
    assert inputs.visible_text(text) == text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Data\u200d & AI", "Data & AI"),
        ("Da\u200cta", "Data"),
        ("\u200d👩", "👩"),
        ("👩\u200d", "👩"),
        ("👩\u200d\u200d💻", "👩💻"),  # a doubled joiner joins nothing
        ("\u202eexe.txt\u200b", "exe.txt"),
        ("می\u202eخواهم", "میخواهم"),
    ],
)
def test_stray_joiners_and_bidi_overrides_still_go(text, kept):
    assert inputs.visible_text(text) == kept


def test_clean_text_is_the_one_function():
    assert inputs.clean_text("a\u202e\nb", single_line_field=True) == "a b"
    assert inputs.clean_text("a\u202e\nb") == "a\nb"
