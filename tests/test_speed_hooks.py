"""The documented hooks that keep a list page fast give what the libraries' own code gives, with less work:
``partnership.lists.with_signature`` (a table's render methods carry their signature) and
``partnership.inputs.ModelChoiceIterator`` (a select's model choices in one plain query), plugged in through
``ModelChoiceField.iterator``, django-filter's ``field_class``, ``Meta.formfield_callback`` and the admin's
``formfield_overrides``."""

import django_filters
import django_tables2 as tables
import django_tables2.utils
import pytest
from django import forms
from django.contrib.admin.sites import site
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from assignments.filters import AssignmentFilter
from assignments.forms import RequestForm
from assignments.models import Assignment
from partnership import inputs
from partnership.lists import ListTable, with_signature
from partnership.models import Organisation
from tests import factories


class Owner:
    def render_title(self, value, record):
        return f"{value}/{record}"

    def render_any(self, **kwargs):
        return sorted(kwargs)

    @classmethod
    def render_class(cls, value):
        return value


def plain(value, *args, column=None):
    return (value, column)


CELL = {"value": "v", "record": "r", "column": "c", "bound_column": "b", "bound_row": "w", "table": "t"}


@pytest.mark.parametrize(
    "function",
    [Owner().render_title, Owner().render_any, Owner.render_class, plain, lambda record: record],
    ids=["method", "catch-all", "classmethod", "function", "lambda"],
)
def test_a_render_method_with_its_signature_is_called_as_the_original(function):
    wrapped = with_signature(function)
    assert django_tables2.utils.signature(wrapped) == django_tables2.utils.signature(function)
    assert django_tables2.utils.call_with_appropriate(wrapped, dict(CELL)) == (
        django_tables2.utils.call_with_appropriate(function, dict(CELL))
    )


class PlainTable(tables.Table):
    name = tables.Column()
    kind = tables.Column()
    short_name = tables.Column(verbose_name="Kort")

    class Meta:
        model = Organisation
        fields = ()
        sequence = ("name", "kind", "short_name")

    def render_name(self, record, value):
        return f"{value} ({record.pk})"


class FastTable(ListTable, PlainTable):
    class Meta(PlainTable.Meta):
        pass


@pytest.mark.django_db
def test_a_list_table_renders_every_cell_as_django_tables2_does():
    factories.GovernmentOrganisationFactory(name="Ministerie van Financiën", short_name="FIN")
    factories.EducationOrganisationFactory(name="Hogeschool", short_name="")
    queryset = Organisation.objects.order_by("name")
    fast, plain_table = FastTable(queryset), PlainTable(queryset)
    assert all(hasattr(column.render, "__signature__") for column in fast.columns.all())
    ours = [[cell for _column, cell in row.items()] for row in fast.rows]
    theirs = [[cell for _column, cell in row.items()] for row in plain_table.rows]
    assert ours == theirs and len(ours) == 2 and ours[0][0].endswith(")")


@pytest.mark.django_db
def test_the_body_rows_hold_the_cells_django_tables2_renders():
    """``ListTable.body_rows`` (``partnership.lists.CellRenderer``) writes in each cell what django-tables2's own
    ``BoundRow.items()`` renders: choices shown by their label, an empty value as the column's default, a link, a
    date, a relation that is there and one that is not."""
    from django.utils.formats import localize
    from django.utils.html import conditional_escape

    from assignments.models import AssignmentState
    from assignments.tables import AllAssignmentsTable, MyRequestsTable

    partner = factories.EducationOrganisationFactory(name="Hogeschool Noord", short_name="H<N>")
    factories.AssignmentFactory(title="Kaart & data", state=AssignmentState.EXECUTION, education_organisation=partner)
    factories.AssignmentFactory(title="Leeg", level="")
    queryset = Assignment.objects.select_related("theme", "government_organisation", "education_organisation")
    shown = {}
    for table_class in (AllAssignmentsTable, MyRequestsTable):
        table = table_class(queryset.order_by("id"))
        table.paginate(per_page=25)
        rows = [str(row) for row in table.body_rows()]
        expected = [[str(conditional_escape(localize(cell))) for _column, cell in row.items()] for row in table.page]
        assert len(rows) == 2
        for markup, cells in zip(rows, expected, strict=True):
            position = 0
            for cell in cells:  # each cell's content, in order, between its tags
                position = markup.index(f">{cell}</t", position) + 1
        shown[table_class] = rows
    executing, empty = shown[AllAssignmentsTable]
    assert (
        "H&lt;N&gt;" in executing
        and "Kaart &amp; data" in executing
        and str(AssignmentState.EXECUTION.label) in executing
    )
    assert empty.count(">—</td>") >= 2  # no education partner, no level: the columns' default


@pytest.mark.django_db
def test_model_choices_come_from_one_plain_query_and_are_djangos():
    factories.GovernmentOrganisationFactory(name="Ministerie van Financiën", short_name="FIN")
    factories.GovernmentOrganisationFactory(name="Belastingdienst", short_name="BD")
    queryset = Organisation.objects.order_by("name")
    for ours, djangos in [
        (inputs.ModelChoiceField(queryset, empty_label="Alle"), forms.ModelChoiceField(queryset, empty_label="Alle")),
        (inputs.ModelMultipleChoiceField(queryset), forms.ModelMultipleChoiceField(queryset)),
    ]:
        with CaptureQueriesContext(connection) as queries:
            choices = [(str(value), label) for value, label in ours.choices]
        assert choices == [(str(value), label) for value, label in djangos.choices]
        assert len(queries) == 1 and "CURSOR" not in queries[0]["sql"].upper()
    assert [label for _value, label in inputs.ModelChoiceField(queryset, empty_label="Alle").choices] == [
        "Alle",
        *[str(o) for o in queryset],
    ]


@pytest.mark.django_db
def test_a_model_filter_keeps_django_filters_none_choice():
    factories.GovernmentOrganisationFactory(name="Belastingdienst", short_name="BD")
    queryset = Organisation.objects.all()
    kwargs = {"queryset": queryset, "empty_label": "Alle", "null_label": "Geen"}
    ours = inputs.ModelChoiceFilter(**kwargs).field
    theirs = django_filters.ModelChoiceFilter(**kwargs).field
    with CaptureQueriesContext(connection) as queries:
        choices = [(str(value), label) for value, label in ours.choices]
    assert choices == [(str(value), label) for value, label in theirs.choices]
    assert [label for _value, label in choices] == ["Alle", "Geen", str(Organisation.objects.get())]
    assert len(queries) == 1 and "CURSOR" not in queries[0]["sql"].upper()


@pytest.mark.django_db
def test_the_portals_forms_filters_and_admin_choose_through_the_hooks(admin_user):
    assert isinstance(RequestForm.base_fields["theme"], inputs.ModelChoiceField)
    assert AssignmentFilter().form.fields["government_organisation"].iterator is inputs._FilterChoiceIterator
    request = RequestFactory().get("/")
    request.user = admin_user
    admin_form = site._registry[Assignment].get_form(request)
    assert isinstance(admin_form.base_fields["theme"], inputs.ModelChoiceField)


@pytest.mark.django_db
def test_the_select_options_are_djangos_markup():
    """The site's select.html (through the TemplatesSetting renderer) writes what Django's own templates write."""
    factories.GovernmentOrganisationFactory(name="Ministerie van Financiën", short_name="F&<B>")

    class Form(forms.Form):
        organisation = inputs.ModelChoiceField(Organisation.objects.all(), empty_label="Alle")
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
