"""Bulk import: every kind of broken file gets a clear Dutch error and changes nothing; a good file imported twice
gives the same database; updates are found by natural key; XLSX reads like CSV."""

import datetime as dt
import io

import pytest

from assignments.models import Assignment, AssignmentState, AssignmentTransition
from exchange.imports import engine
from partnership.models import ContactPerson, Organisation
from traineeship.models import Trainee

from .importing import checksum, commit, csv_file, messages, preview, xlsx_file

pytestmark = pytest.mark.django_db

ASSIGNMENT_HEADER = [
    "Aanvragende organisatie",
    "Titel",
    "Beschrijving",
    "Soort",
    "Thema",
    "Onderwijspartner",
    "Aantal studenten",
    "Ingediend op",
    "Open voor onderwijspartners op",
    "In voorbereiding op",
    "In uitvoering op",
    "Afgerond op",
    "Afgewezen op",
    "Reden",
]


def assignment_row(title="Datakwaliteit meten", **overrides):
    row = {
        "Aanvragende organisatie": "IenW",
        "Titel": title,
        "Beschrijving": "Een vraagstuk voor studenten.",
        "Soort": "Stage",
        "Thema": "data-ai",
        "Onderwijspartner": "HU",
        "Aantal studenten": "2",
        "Ingediend op": "2022-01-10",
        "Open voor onderwijspartners op": "2022-01-17 09:30",
        "In voorbereiding op": "01-02-2022",
        "In uitvoering op": "2022-02-14",
        "Afgerond op": "2022-06-30",
        "Afgewezen op": "",
        "Reden": "",
    }
    row.update(overrides)
    return [row[name] for name in ASSIGNMENT_HEADER]


def good_assignments() -> bytes:
    return csv_file(
        ASSIGNMENT_HEADER,
        [
            assignment_row(),
            assignment_row("Archief op orde", **{"Afgerond op": "", "In uitvoering op": ""}),
            assignment_row(
                "Te groot vraagstuk",
                **{
                    "Open voor onderwijspartners op": "",
                    "In voorbereiding op": "",
                    "In uitvoering op": "",
                    "Afgerond op": "",
                    "Afgewezen op": "2022-01-20",
                    "Reden": "Eerder een vacature dan een opdracht.",
                    "Onderwijspartner": "",
                },
            ),
        ],
    )


def test_a_good_file_imported_twice_gives_the_same_database(world):
    analysis = preview("opdrachten", good_assignments())
    assert analysis.ok, messages(analysis)
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (3, 0, 0)
    commit("opdrachten", good_assignments())
    first = checksum()
    completed = Assignment.objects.get(title="Datakwaliteit meten")
    assert completed.state == AssignmentState.COMPLETED
    assert completed.level == "HBO"  # the partner's level
    assert [t.to_state for t in completed.transitions.order_by("at")] == [
        "submitted",
        "open",
        "preparation",
        "execution",
        "completed",
    ]
    assert completed.transitions.get(to_state="open").at == dt.datetime(2022, 1, 17, 8, 30, tzinfo=dt.UTC)
    rejected = Assignment.objects.get(title="Te groot vraagstuk")
    assert rejected.transitions.get(to_state="rejected").note == "Eerder een vacature dan een opdracht."

    again = preview("opdrachten", good_assignments())
    assert (len(again.creates), len(again.updates), again.unchanged) == (0, 0, 3)
    commit("opdrachten", good_assignments())
    assert checksum() == first


def test_a_changed_row_updates_its_record_only(world):
    commit("opdrachten", good_assignments())
    changed = csv_file(ASSIGNMENT_HEADER, [assignment_row(**{"Aantal studenten": "4", "Beschrijving": "Nieuw."})])
    analysis = preview("opdrachten", changed)
    assert [changed_columns for _record, _current, changed_columns in analysis.updates] == [
        ["Beschrijving", "Aantal studenten"]
    ]
    commit("opdrachten", changed)
    assignment = Assignment.objects.get(title="Datakwaliteit meten")
    assert (assignment.student_count, assignment.description) == (4, "Nieuw.")
    assert Assignment.objects.count() == 3
    assert AssignmentTransition.objects.filter(assignment=assignment).count() == 5


def test_xlsx_reads_like_csv_with_real_dates(world):
    rows = [assignment_row()]
    rows[0][ASSIGNMENT_HEADER.index("Afgerond op")] = dt.datetime(2022, 6, 30, 15, 0)
    rows[0][ASSIGNMENT_HEADER.index("Aantal studenten")] = 2
    analysis = commit("opdrachten", xlsx_file(ASSIGNMENT_HEADER, rows))
    assert len(analysis.creates) == 1
    completed = AssignmentTransition.objects.get(to_state="completed")
    assert completed.at == dt.datetime(2022, 6, 30, 13, 0, tzinfo=dt.UTC)


def _broken(header=ASSIGNMENT_HEADER, rows=None, **kwargs):
    return csv_file(header, rows if rows is not None else [assignment_row()], **kwargs)


BROKEN = {
    "wrong encoding": (
        lambda: _broken(rows=[assignment_row("Één vraagstuk")], encoding="latin-1", bom=False),
        "geen UTF-8",
    ),
    "wrong delimiter": (lambda: _broken(delimiter="\t"), "puntkomma"),
    "missing required column": (
        lambda: _broken(header=ASSIGNMENT_HEADER[1:], rows=[assignment_row()[1:]]),
        "verplichte kolom ontbreekt",
    ),
    "unknown column": (lambda: _broken(header=[*ASSIGNMENT_HEADER[:-1], "Kleur"], rows=None), "Onbekende kolom"),
    "duplicate rows": (lambda: _broken(rows=[assignment_row(), assignment_row()]), "Dubbele rij"),
    "unknown organisation": (
        lambda: _broken(rows=[assignment_row(**{"Aanvragende organisatie": "Nergens"})]),
        "Onbekende organisatie",
    ),
    "unknown theme": (lambda: _broken(rows=[assignment_row(Thema="astrologie")]), "Onbekend thema"),
    "impossible date": (lambda: _broken(rows=[assignment_row(**{"Afgerond op": "2022-02-30"})]), "bestaande datum"),
    "date out of range": (
        lambda: _broken(rows=[assignment_row(**{"Ingediend op": "1899-12-31"})]),
        "tussen de jaren 1900 en 2999",
    ),
    "impossible state path": (
        lambda: _broken(rows=[assignment_row(**{"In uitvoering op": ""})]),
        "Onmogelijk statuspad",
    ),
    "history out of order": (
        lambda: _broken(rows=[assignment_row(**{"Afgerond op": "2022-01-01"})]),
        "Onmogelijk statuspad",
    ),
    "rejection without reason": (
        lambda: _broken(
            rows=[
                assignment_row(
                    **{
                        "Open voor onderwijspartners op": "",
                        "In voorbereiding op": "",
                        "In uitvoering op": "",
                        "Afgerond op": "",
                        "Afgewezen op": "2022-01-20",
                    }
                )
            ]
        ),
        "reden",
    ),
    "empty required cell": (lambda: _broken(rows=[assignment_row(Titel="")]), "Verplicht"),
    "not a number": (lambda: _broken(rows=[assignment_row(**{"Aantal studenten": "veel"})]), "geheel getal"),
    "not an xlsx": (lambda: b"PK\x03\x04 kapot", "geen geldig Excel-bestand"),
    "empty file": (lambda: b"", "leeg"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_gets_a_dutch_error_and_changes_nothing(world, case):
    make, expected = BROKEN[case]
    commit("opdrachten", csv_file(ASSIGNMENT_HEADER, [assignment_row("Al in het portaal")]))
    before = checksum()
    analysis = preview("opdrachten", make())
    assert not analysis.ok
    assert any(expected.lower() in message.lower() for message in messages(analysis)), messages(analysis)
    with pytest.raises(engine.ImportRefused) as refused:
        commit("opdrachten", make())
    assert refused.value.analysis.errors
    assert checksum() == before


def test_an_error_names_row_column_and_value(world):
    rows = [assignment_row(), assignment_row("Tweede", Thema="astrologie"), assignment_row("Derde", Soort="Cursus")]
    analysis = preview("opdrachten", _broken(rows=rows))
    assert [(e.row, e.column, e.value) for e in analysis.errors] == [(3, "Thema", "astrologie"), (4, "Soort", "Cursus")]
    assert analysis.errors[1].message.startswith("Kies een van:")


def test_a_too_large_file_is_refused_before_reading(world, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_bytes": 100}
    before = checksum()
    analysis = preview("opdrachten", good_assignments())
    assert "groter dan" in messages(analysis)[0]
    with pytest.raises(engine.ImportRefused):
        commit("opdrachten", good_assignments())
    assert checksum() == before


def test_too_many_rows_are_refused(world, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "max_rows": 2}
    assert "ten hoogste 2 rijen" in messages(preview("opdrachten", good_assignments()))[0]


def test_a_history_that_differs_from_the_portal_is_not_rewritten(world):
    commit("opdrachten", good_assignments())
    before = checksum()
    moved = _broken(rows=[assignment_row(**{"Afgerond op": "2022-07-01"})])
    analysis = preview("opdrachten", moved)
    assert "herschrijft geen geschiedenis" in messages(analysis)[0]
    with pytest.raises(engine.ImportRefused):
        commit("opdrachten", moved)
    assert checksum() == before


def test_a_history_through_a_state_twice_is_refused_with_a_dutch_message(world, monkeypatch):
    """The file has one column per state: an assignment that went through a state twice (possible once the table
    has a way back, DEVELOPERS.md "Adding a state") cannot be written in it, so an import over it changes nothing
    and says why instead of claiming the file rewrites history."""
    from assignments import lifecycle

    rejected = assignment_row(
        title="Heroverwogen",
        Onderwijspartner="",
        **{
            "Open voor onderwijspartners op": "",
            "In voorbereiding op": "",
            "In uitvoering op": "",
            "Afgerond op": "",
            "Afgewezen op": "2022-01-20",
            "Reden": "Buiten het programma",
        },
    )
    data = csv_file(ASSIGNMENT_HEADER, [rejected])
    commit("opdrachten", data)
    assert preview("opdrachten", data).ok  # the same file again: nothing to do
    back = (AssignmentState.REJECTED, AssignmentState.SUBMITTED)
    monkeypatch.setitem(lifecycle.TRANSITIONS, back, frozenset({lifecycle.COORDINATOR}))
    lifecycle.transition_assignment(
        assignment=Assignment.objects.get(title="Heroverwogen"),
        to_state=AssignmentState.SUBMITTED,
        by=None,
        at=dt.datetime(2022, 2, 1, 9, tzinfo=dt.UTC),
    )
    before = checksum()
    analysis = preview("opdrachten", data)
    assert "meer dan eens door “Ingediend”" in messages(analysis)[0]
    with pytest.raises(engine.ImportRefused):
        commit("opdrachten", data)
    assert checksum() == before


def test_the_commit_checks_again(world):
    """A file checked while valid is refused when the portal changed in between (its organisation is gone)."""
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row(Onderwijspartner="")])
    assert not preview("opdrachten", data).ok  # matched without partner
    data = csv_file(ASSIGNMENT_HEADER, [assignment_row()])
    assert preview("opdrachten", data).ok
    Organisation.objects.filter(short_name="HU").update(short_name="HU-oud")
    with pytest.raises(engine.ImportRefused):
        commit("opdrachten", data)
    assert not Assignment.objects.exists()


ORGANISATION_HEADER = ["Korte naam", "Naam", "Soort", "Onderwijssoort", "Start partnerschap", "Thema's"]


def test_organisations_by_short_name(world):
    data = csv_file(
        ORGANISATION_HEADER,
        [
            ["RDW", "Dienst Wegverkeer", "Rijksorganisatie", "", "2021-03-01", "data-ai"],
            ["ienw", "Ministerie van Infrastructuur en Waterstaat", "Rijksorganisatie", "", "2020-06-01", ""],
            ["TUD", "TU Delft", "Onderwijsinstelling", "WO", "", "Datamanagement & AI"],
        ],
        delimiter=",",
        bom=False,
    )
    analysis = preview("organisaties", data)
    assert analysis.ok, messages(analysis)
    assert (len(analysis.creates), len(analysis.updates), analysis.unchanged) == (2, 0, 1)
    commit("organisaties", data)
    assert list(Organisation.objects.get(short_name="TUD").themes.values_list("slug", flat=True)) == ["data-ai"]
    before = checksum()
    commit("organisaties", data)
    assert checksum() == before


def test_an_education_institution_needs_its_level(world):
    data = csv_file(ORGANISATION_HEADER, [["TUD", "TU Delft", "Onderwijsinstelling", "", "", ""]])
    assert "onderwijssoort" in messages(preview("organisaties", data))[0]


def test_contact_people_by_organisation_and_address(world):
    header = ["Organisatie", "Naam", "E-mailadres", "Primair contact"]
    rows = [["IenW", "Petra Jansen", "PETRA@ienw.nl", "ja"], ["IenW", "Karel", "karel@ienw.nl", "nee"]]
    data = csv_file(header, rows)
    analysis = preview("contactpersonen", data)
    assert (len(analysis.creates), len(analysis.updates)) == (1, 1)
    commit("contactpersonen", data)
    assert ContactPerson.objects.filter(organisation__short_name="IenW").count() == 2
    assert ContactPerson.objects.get(email__iexact="petra@ienw.nl").name == "Petra Jansen"
    broken = csv_file(header, [["IenW", "Iemand", "geen-adres", "ja"]])
    assert "e-mailadres" in messages(preview("contactpersonen", broken))[0]


def test_trainees_check_their_dates(world):
    header = ["Kenmerk", "Track", "Start cohort", "Afgerond op", "Uitkomst", "Datum uitkomst"]
    good = csv_file(header, [["T-001", "Data", "2021-03-01", "2023-02-28", "Vaste baan bij het Rijk", "2023-02-28"]])
    assert preview("trainees", good).ok, messages(preview("trainees", good))
    commit("trainees", good)
    assert Trainee.objects.get(reference="T-001").outcome == "permanent"
    bad = csv_file(header, [["T-002", "Data", "2021-03-01", "2020-02-28", "", ""]])
    before = checksum()
    assert "ligt op of vóór" in messages(preview("trainees", bad))[0]
    with pytest.raises(engine.ImportRefused):
        commit("trainees", bad)
    assert checksum() == before


def test_the_preview_makes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    small = csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}") for n in range(3)])
    large = csv_file(ASSIGNMENT_HEADER, [assignment_row(f"Opdracht {n}") for n in range(300)])
    with django_assert_max_num_queries(8) as small_queries:
        preview("opdrachten", small)
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert len(preview("opdrachten", large).creates) == 300


def test_export_records_writes_every_kind_inert_and_reimportable(world, tmp_path):
    from django.core.management import call_command

    commit("opdrachten", csv_file(ASSIGNMENT_HEADER, [assignment_row("=HYPERLINK(1)")]))
    call_command("export_records", str(tmp_path), "--format", "csv", stdout=io.StringIO())
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [
        "01-organisaties.csv",
        "02-contactpersonen.csv",
        "03-communities.csv",
        "04-bijeenkomsten.csv",
        "05-opdrachten.csv",
        "06-terugmeldingen.csv",
        "07-fieldlabs.csv",
        "08-kennisportfolios.csv",
        "09-minors-masters.csv",
        "10-promovendi.csv",
        "11-plaatsingen.csv",
        "12-promotiekansen.csv",
        "13-trainees.csv",
        "14-bijbanen.csv",
    ]
    exported = (tmp_path / "05-opdrachten.csv").read_bytes()
    assert ";'=HYPERLINK(1);" in exported.decode("utf-8-sig")  # inert in a spreadsheet
    before = checksum()
    analysis = commit("opdrachten", exported)
    assert analysis.unchanged == 1  # and read back as it was
    assert checksum() == before


def test_the_audit_trail_shows_the_importing_coordinator(world, coordinator):
    from pghistory.models import Events

    commit("opdrachten", good_assignments(), by=coordinator)
    assignment = Assignment.objects.get(title="Datakwaliteit meten")
    event = Events.objects.tracks(assignment).order_by("-pgh_id").first()
    assert event.pgh_context["user"] == coordinator.pk
    assert event.pgh_context["source"] == "import"


def test_the_cycle_collector_is_paused_only_while_a_file_is_processed():
    import gc

    from exchange.imports.engine import collector_paused

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()


@pytest.mark.parametrize(
    "header",
    [
        ["Kenmerk", "Traject", "Start lichting"],  # the list's export and the template
        ["Reference", "Track", "Cohort start"],  # English
        ["Kenmerk", "Track", "Start cohort"],  # the import's names before it read the list's export
    ],
)
def test_a_column_is_known_by_its_dutch_english_and_earlier_names(world, header):
    analysis = preview("trainees", csv_file(header, [["T-009", "Data", "2021-03-01"]]))
    assert analysis.ok, messages(analysis)
    assert [record["track"] for record in analysis.creates] == ["data"]
