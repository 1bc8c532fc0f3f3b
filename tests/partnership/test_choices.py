"""Choice lists offer what fits the field, sorted by the name shown, with the empty choice in words; a fieldlab's
partners are a grouped list with a filter box (a script shows it) that works without JavaScript."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from doctorates.forms import DoctoralCandidateForm, DoctoralLeadForm, DoctoralPlacementForm
from fieldlabs.forms import FieldlabForm
from partnership.models import EducationLevel
from tests import factories
from traineeship.forms import TraineeForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    return {
        "uva": factories.EducationOrganisationFactory(
            name="Amsterdamse Universiteit", short_name="UvA", education_level=EducationLevel.WO
        ),
        "eur": factories.EducationOrganisationFactory(
            name="Erasmus Universiteit Rotterdam", short_name="EUR", education_level=EducationLevel.WO
        ),
        "hu": factories.EducationOrganisationFactory(name="Hogeschool Utrecht", short_name="HU"),
        "bzk": factories.GovernmentOrganisationFactory(
            name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", short_name="BZK"
        ),
        # sorted by full name this one would come after BZK
        "acm": factories.GovernmentOrganisationFactory(name="Toezichthouder Consument en Markt", short_name="ACM"),
    }


def _offered(field):
    return [str(label) for value, label in field.choices if value != ""]


def test_a_phd_candidates_university_is_a_wo_institution(organisations):
    assert _offered(DoctoralCandidateForm().fields["university"]) == ["EUR", "UvA"]


def test_hosts_are_government_organisations(organisations):
    for form in (TraineeForm(), DoctoralPlacementForm(), DoctoralLeadForm()):
        assert _offered(form.fields["host"]) == ["ACM", "BZK"], type(form).__name__


def test_a_record_keeps_a_value_that_no_longer_fits(organisations):
    """A candidate registered at a university of applied sciences before the list was narrowed can still be
    edited without choosing again."""
    candidate = factories.DoctoralCandidateFactory(university=organisations["hu"])
    form = DoctoralCandidateForm(instance=candidate)
    assert _offered(form.fields["university"]) == ["EUR", "HU", "UvA"]
    data = {"reference": candidate.reference, "research_topic": "Onderwerp", "theme": candidate.theme_id}
    assert DoctoralCandidateForm({**data, "university": organisations["hu"].pk}, instance=candidate).is_valid()
    refused = DoctoralCandidateForm({**data, "university": organisations["bzk"].pk})
    assert not refused.is_valid() and "university" in refused.errors


def test_the_empty_choice_says_what_to_choose(organisations):
    with translation.override("nl"):
        candidate = DoctoralCandidateForm()
        assert str(candidate.fields["theme"].empty_label) == "Kies een thema"  # required
        assert str(candidate.fields["university"].empty_label) == "Geen universiteit"  # optional
        trainee = TraineeForm()
        assert list(trainee.fields["track"].choices)[0] == ("", "Kies een traject")
        html = str(candidate["theme"]) + str(trainee["host"]) + str(trainee["track"])
    assert "---------" not in html
    assert '<option value="" selected>Kies een thema</option>' in html


def test_a_fieldlabs_partners_are_grouped_by_kind_and_sorted_by_the_name_shown(organisations):
    with translation.override("nl"):
        groups = FieldlabForm().fields["partners"].widget.choices
        assert [(str(group), [label for _pk, label in options]) for group, options in groups] == [
            (
                "Rijksorganisaties",
                [
                    "ACM (Toezichthouder Consument en Markt)",
                    "BZK (Ministerie van Binnenlandse Zaken en Koninkrijksrelaties)",
                ],
            ),
            (
                "Onderwijsinstellingen",
                ["EUR (Erasmus Universiteit Rotterdam)", "HU (Hogeschool Utrecht)", "UvA (Amsterdamse Universiteit)"],
            ),
        ]


def test_the_partner_list_renders_groups_with_a_filter_box_that_waits_for_the_script(organisations):
    lab = factories.FieldlabFactory()
    lab.partners.set([organisations["hu"]])
    form = FieldlabForm(instance=lab)
    with translation.override("nl"):
        html = Template('{% include "includes/form_field.html" with field=form.partners %}').render(
            Context({"form": form})
        )
    assert re.search(r"<legend[^>]*>Partners", html)
    legend = r'<legend class="utrecht-form-fieldset__legend choice-search__legend">([^<]+)</legend>'
    assert re.findall(legend, html) == ["Rijksorganisaties", "Onderwijsinstellingen"]
    assert "data-choice-search-filter hidden" in html  # without the script no box that does nothing
    assert '<label class="utrecht-form-label" for="id_partners_filter">Filter op naam</label>' in html
    checked = re.findall(r'<input type="checkbox" name="partners" value="(\d+)"[^>]*checked', html)
    assert checked == [str(organisations["hu"].pk)]
    assert html.count('type="checkbox" name="partners"') == 5
    labels = re.findall(r'for="(id_partners_\d+_\d+)"', html)
    ids = re.findall(r'<input type="checkbox" name="partners" value="\d+"[^>]*id="(id_partners_\d+_\d+)"', html)
    assert sorted(labels) == sorted(ids) and len(ids) == 5  # every checkbox has its label


def test_the_fieldlab_form_saves_the_partners_chosen(client, coordinator, organisations):
    client.force_login(coordinator)
    theme = factories.ThemeFactory()
    page = client.get(reverse("workspace:fieldlabs_create"))
    assert 'src="/static/js/choice-search.js"' in page.content.decode()
    response = client.post(
        reverse("workspace:fieldlabs_create"),
        {
            "name": "Fieldlab Archief",
            "city": "Den Haag",
            "latitude": "52.08",
            "longitude": "4.31",
            "themes": [theme.pk],
            "partners": [organisations["bzk"].pk, organisations["uva"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from fieldlabs.models import Fieldlab

    lab = Fieldlab.objects.get(name="Fieldlab Archief")
    assert set(lab.partners.values_list("short_name", flat=True)) == {"BZK", "UvA"}
