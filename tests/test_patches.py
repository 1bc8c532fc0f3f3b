"""portal/patches.py: the replaced library functions give what the originals give, with fewer round trips."""

import inspect

import django_tables2.utils
import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext

from partnership.models import Organisation
from portal import patches
from tests import factories


class Owner:
    def render_title(self, value, record):
        return value

    def render_any(self, **kwargs):
        return kwargs

    @classmethod
    def render_class(cls, value):
        return value


def plain(value, *args, column=None):
    return value


@pytest.mark.parametrize(
    "function",
    [Owner().render_title, Owner().render_any, Owner.render_class, plain, lambda record: record],
    ids=["method", "catch-all", "classmethod", "function", "lambda"],
)
def test_the_cached_signature_is_the_libraries(function):
    assert django_tables2.utils.signature is patches.cached_signature  # installed
    assert patches.cached_signature(function) == patches._signature(function)
    assert patches.cached_signature(function) == patches.cached_signature(function)


def test_two_instances_share_one_signature_and_get_the_right_one():
    first, second = Owner(), Owner()
    assert patches.cached_signature(first.render_title) == (("value", "record"), None)
    assert patches.cached_signature(second.render_title) is patches.cached_signature(first.render_title)
    assert "self" not in inspect.signature(second.render_title).parameters


@pytest.mark.django_db
def test_model_choices_come_from_one_plain_query():
    factories.GovernmentOrganisationFactory(name="Ministerie van Financiën", short_name="FIN")
    factories.GovernmentOrganisationFactory(name="Belastingdienst", short_name="BD")
    field = forms.ModelChoiceField(Organisation.objects.order_by("name"), empty_label="Alle")
    with CaptureQueriesContext(connection) as queries:
        choices = [(str(value), label) for value, label in field.choices]
    assert [label for _value, label in choices] == ["Alle", *[str(o) for o in Organisation.objects.order_by("name")]]
    assert len(queries) == 1
    assert "CURSOR" not in queries[0]["sql"].upper()


@pytest.mark.django_db
def test_the_select_options_are_djangos_markup():
    """The site's select.html (through the TemplatesSetting renderer) writes what Django's own templates write."""
    factories.GovernmentOrganisationFactory(name="Ministerie van Financiën", short_name="F&<B>")

    class Form(forms.Form):
        organisation = forms.ModelChoiceField(Organisation.objects.all(), empty_label="Alle")
        state = forms.ChoiceField(choices=[("Groep", [("a", "Één"), ("b", "Twee")]), ("c", "Drie")])
        many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.SelectMultiple)

    organisation = Organisation.objects.get()
    data = {"organisation": organisation.pk, "state": "b", "many": ["x", "y"]}
    bound, reference = Form(data), Form(data, renderer=DjangoTemplates())  # Django's own templates
    for name in ("organisation", "state", "many"):
        ours, djangos = str(bound[name]), str(reference[name])
        assert "".join(ours.split()) == "".join(djangos.split()), name
    assert get_template("django/forms/widgets/select.html").origin.name.endswith(
        "templates/django/forms/widgets/select.html"
    )
    assert "F&amp;&lt;B&gt;</option>" in str(bound["organisation"])
    assert 'value="b" selected' in str(bound["state"])
    assert '<optgroup label="Groep">' in str(bound["state"])


@pytest.mark.django_db
def test_the_date_column_shows_a_moment_on_its_local_day():
    """partnership.lists.DateColumn: as django-tables2's DateColumn (the ``date`` filter), in the site's time zone."""
    import datetime as dt

    from partnership.lists import DateColumn

    late = dt.datetime(2023, 6, 30, 23, 30, tzinfo=dt.UTC)  # 1 July in Amsterdam
    assert DateColumn().render(late) == "01-07-2023"
    assert DateColumn(format="d-m-Y H:i").render(late) == "01-07-2023 01:30"
    assert DateColumn().render(dt.date(2023, 6, 30)) == "30-06-2023"
