"""The figure registry: every key the code and the templates use is declared and computed; unknown keys raise."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from reporting import figures as figures_module
from reporting import registry
from reporting.figures import compute_figures
from reporting.formatting import format_change, format_number
from reporting.registry import FIGURES, Figure, Registry, UnknownFigure
from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent
REPORTING = ROOT / "reporting"
D = dt.date(2023, 6, 30)


@pytest.fixture
def figures(db):
    """A small programme with a member in every split: a theme, a host, a trainee, an assignment."""
    theme = factories.ThemeFactory(slug="data-ai", name="Datamanagement & AI")
    government = factories.GovernmentOrganisationFactory(short_name="IenW", partnership_start=dt.date(2021, 1, 1))
    education = factories.EducationOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    factories.AssignmentFactory(
        theme=theme,
        government_organisation=government,
        education_organisation=education,
        state="completed",
        at=dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC),
    )
    factories.DoctoralPlacementFactory(host=government, starts_on=dt.date(2022, 1, 1))
    factories.TraineeFactory(cohort_start=dt.date(2021, 9, 1))
    return compute_figures(D)


# --- unknown keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["students.totl", "assignments.by_status", "assignments.by_status.preparation.x", "trend.2023-Q2", "labels"],
)
def test_an_unknown_key_raises(figures, key):
    with pytest.raises(UnknownFigure):
        registry.display(figures, key)


def test_looking_up_an_undeclared_figure_raises():
    with pytest.raises(UnknownFigure):
        FIGURES["fieldlabs.labs"]  # records, not a figure
    with pytest.raises(UnknownFigure):
        registry.split_rows({}, "assignments.by_statuses")


def test_the_template_filter_raises_on_an_unknown_key(figures):
    template = Template('{% load figures %}{{ figures|figure:"students.totaal" }}')
    with pytest.raises(UnknownFigure):
        template.render(Context({"figures": figures}))
    shown = Template('{% load figures %}{{ figures|figure:"assignments.by_status.completed" }}')
    assert shown.render(Context({"figures": figures})) == "1"


@pytest.mark.parametrize(
    ("figures_", "problem"),
    [
        ([Figure("a.b", "x", "partners", len), Figure("a.b", "y", "partners", len)], "twice"),
        ([Figure("a.b", "x", "nowhere", len)], "unknown section"),
        ([Figure("a.b", "x", "partners", len, split=(registry.OWN_NAMES,), tile=True)], "cannot be a tile"),
        ([Figure("a.b", "x", "partners", len, share_of="a.c")], "not declared before"),
        ([Figure("a.b", "x", "partners", len, headline=1), Figure("a.c", "y", "partners", len, headline=1)], "share"),
    ],
)
def test_the_registry_refuses_a_bad_declaration(figures_, problem):
    with pytest.raises(ValueError, match=problem):
        Registry(figures_)


# --- declared and computed -----------------------------------------------------------------------


def test_every_declared_figure_is_in_the_figures_with_a_value_of_its_unit(figures):
    for figure in FIGURES:
        value = registry.value_at(figures, figure.key)
        if figure.split:
            assert isinstance(value, dict | list), figure.key
            rows = registry.expand(figure, figures)
            assert rows, figure.key  # the fixture gives every split a member
            values = [row.value for row in rows]
        else:
            values = [value]
        expected = float if figure.unit is registry.Unit.DECIMAL else int
        assert all(
            (v is None and figure.optional) or (isinstance(v, expected) and not isinstance(v, bool)) for v in values
        ), figure.key


def test_every_figure_comes_from_its_declared_source(figures, monkeypatch):
    """Each figure's group is in what its declared function returns when compute_figures calls it."""
    returned = {}
    for source in {figure.source for figure in FIGURES}:

        def recording(*args, _source=source, **kwargs):
            result = _source(*args, **kwargs)
            returned[_source] = result[0] if isinstance(result, tuple) else result
            return result

        monkeypatch.setattr(figures_module, source.__name__, recording)
    compute_figures(D)

    for figure in FIGURES:
        assert figure.source in returned, (figure.key, figure.source.__name__)
        inner = figure.key.split(".", 1)[1] if "." in figure.key else None
        value = returned[figure.source] if inner is None else registry.value_at(returned[figure.source], inner)
        assert value == registry.value_at(figures, figure.key), figure.key


def test_every_split_member_has_a_declared_label(figures):
    for figure in FIGURES:
        for row in registry.expand(figure, figures):
            for level, member, label in zip(figure.split, row.members, row.member_labels, strict=True):
                if level.labels is not None:
                    assert member in level.label_map(figures), (figure.key, member)
                    assert label == str(level.label_map(figures)[member])


def test_public_figures_are_counts_or_shares_of_public_counts():
    for figure in FIGURES:
        if figure.public and figure.suppressed:
            assert figure.unit is registry.Unit.COUNT or FIGURES[figure.share_of].public, figure.key


def test_the_key_figures_are_the_infographics_six_in_its_order():
    assert [figure.key for figure in FIGURES.headline()] == [
        "partners.government",
        "partners.education",
        "assignments.total",
        "fieldlabs.active",
        "communities.total",
        "students.total",
    ]


# --- every key the code and the templates name ---------------------------------------------------

TEMPLATE_KEY = re.compile(r'figures\|figure:"([^"]+)"|\bfigures\.([A-Za-z0-9_.-]+)')
GROUPS = "|".join(sorted({figure.group for figure in FIGURES}))
CODE_KEY = re.compile(rf'"((?:{GROUPS})\.[A-Za-z0-9_.-]+)"')


def _template_keys(paths):
    keys = set()
    for path in paths:
        for filter_key, lookup_key in TEMPLATE_KEY.findall(path.read_text()):
            keys.add(filter_key or lookup_key)
    return keys


def test_every_figure_a_template_names_is_declared_and_computed(figures):
    templates = sorted((REPORTING / "templates").rglob("*.html"))
    keys = _template_keys(templates)
    assert "assignments.by_level_percent.HBO" in keys and "fieldlabs.active" in keys  # the scan finds them

    for key in keys:
        registry.display(figures, key)  # raises UnknownFigure, or KeyError when compute_figures lacks it


def test_every_figure_the_code_names_is_declared_and_computed(figures):
    sources = [*REPORTING.rglob("*.py")]
    keys = {key for path in sources for key in CODE_KEY.findall(path.read_text())}
    assert "assignments.by_level" in keys and "traineeship.intake_by_year" in keys

    for key in keys:
        figure = FIGURES[key] if key in FIGURES else FIGURES.resolve(key)[0]
        registry.value_at(figures, figure.key)


def test_the_public_page_reads_no_figure_except_through_suppressed_tiles_and_charts():
    content = (REPORTING / "templates/reporting/public_figures_content.html").read_text()
    assert "figure:" not in content
    assert "figures." not in content


# --- one number notation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1000, None, "1.000"),
        (1234.5, None, "1.234,5"),
        (1234567, None, "1.234.567"),
        (12.0, None, "12"),
        (Decimal("21.00"), None, "21"),
        (Decimal("12.35"), None, "12,4"),  # halves round up, not cut off
        (5.0, 1, "5,0"),
        (0, None, "0"),
        (None, None, "–"),
    ],
)
def test_one_dutch_number_notation(value, decimals, shown):
    with translation.override("nl"):
        assert format_number(value, decimals) == shown


def test_changes_carry_their_sign():
    with translation.override("nl"):
        assert [format_change(v) for v in (1200, -1200, 0, 0.5, None)] == ["+1.200", "−1.200", "0", "+0,5", "–"]


def test_units_are_shown_with_their_notation(figures):
    with translation.override("nl"):
        assert registry.Unit.PERCENT.format(64) == "64%"
        assert registry.Unit.DECIMAL.format(18.5) == "18,5"
        assert registry.Unit.COUNT.format(1320) == "1.320"


def test_public_rows_suppress_small_counts_and_the_shares_of_small_counts(figures):
    rows = {row.key: row for row in registry.rows(figures, public=True)}
    assert rows["assignments.total"].display == "<5"
    assert rows["assignments.by_level_percent.HBO"].hidden == rows["assignments.by_level.HBO"].hidden
    assert rows["assignments.by_level_percent.HBO"].display == "<5"
    assert not any(row.figure.key == "year.requests_matched" for row in rows.values())  # not public
    coordinator_rows = {row.key: row for row in registry.rows(figures)}
    assert coordinator_rows["assignments.total"].display == "1"
