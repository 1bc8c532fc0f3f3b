"""seed_demo: the demo data set gives the figures of docs/figures.md, and a second run changes nothing.

The figures are checked here with hand-written SQL, independent of reporting/figures.py (the figures
helper cross-checks that module against the demo separately).
"""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import connection

from assignments.lifecycle import TRANSITIONS
from exchange.demo.assignments import build_plan
from exchange.demo.continuation import continue_plan, cutoff
from exchange.demo.organisations import DEMO_LOGINS
from partnership.models import Role, User
from tests.databases import DEMO_TODAY
from tests.reporting.figures_support import INFOGRAPHIC_BY_THEME

# --- independent SQL ---------------------------------------------------------------------------------------

# End of day D in Amsterdam: everything strictly before the next local midnight.
END_OF_DAY = "((%(day)s::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
START_OF_YEAR = "(date_trunc('year', %(day)s::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')"
STATE_AT = f"""
    SELECT a.id, a.kind, a.level, a.student_count, a.government_organisation_id, th.slug AS theme, t.to_state AS state
    FROM assignments_assignment a
    JOIN partnership_theme th ON th.id = a.theme_id
    JOIN assignments_assignmenttransition t ON t.assignment_id = a.id
    WHERE t.at < {END_OF_DAY} AND (t.ended_at IS NULL OR t.ended_at >= {END_OF_DAY})
"""
COUNTED = "('preparation', 'execution', 'completed')"


def rows(sql, day, **params):
    with connection.cursor() as cursor:
        cursor.execute(sql, {"day": day, **params})
        return cursor.fetchall()


def grouped(column, day):
    sql = f"SELECT {column}, count(*) FROM ({STATE_AT}) s WHERE state IN {COUNTED} GROUP BY 1"
    return dict(rows(sql, day))


def sql_figures(day: date) -> dict:
    """The contract values computed straight from the tables."""
    counted = f"SELECT * FROM ({STATE_AT}) s WHERE state IN {COUNTED}"
    partners = (
        "SELECT count(*) FROM partnership_organisation WHERE kind = %(kind)s AND partnership_start <= %(day)s "
        "AND (partnership_end IS NULL OR partnership_end > %(day)s)"
    )
    fieldlab_status = """
        SELECT status, count(*) FROM (
            SELECT DISTINCT ON (fieldlab_id) fieldlab_id, status FROM fieldlabs_fieldlabstatuschange
            WHERE since <= %(day)s ORDER BY fieldlab_id, since DESC) s GROUP BY status"""
    in_year = f"t.at >= {START_OF_YEAR} AND t.at < {END_OF_DAY}"
    active_partners = f"""
        SELECT count(DISTINCT a.government_organisation_id) FROM assignments_assignment a
        JOIN assignments_assignmenttransition t ON t.assignment_id = a.id
        WHERE t.to_state IN ('submitted', 'open', 'preparation', 'execution', 'completed')
          AND t.at < {END_OF_DAY} AND (t.ended_at IS NULL OR t.ended_at >= {START_OF_YEAR})"""
    finished = "SELECT count(*) FROM traineeship_trainee WHERE finished_on <= %(day)s"
    permanent = "SELECT count(*) FROM traineeship_trainee WHERE outcome = 'permanent' AND outcome_on <= %(day)s"
    ((total, students, internship_students),) = rows(
        "SELECT count(*), coalesce(sum(student_count), 0), "
        f"coalesce(sum(student_count) FILTER (WHERE kind = 'internship'), 0) FROM ({counted}) c",
        day,
    )
    placed = rows(
        "SELECT count(DISTINCT candidate_id) FROM doctorates_doctoralplacement WHERE starts_on <= %(day)s", day
    )[0][0]
    hosts = dict(
        rows(
            "SELECT o.short_name, count(DISTINCT p.candidate_id) FROM doctorates_doctoralplacement p "
            "JOIN partnership_organisation o ON o.id = p.host_id WHERE p.starts_on <= %(day)s GROUP BY 1",
            day,
        )
    )
    open_leads = (
        "FROM doctorates_doctorallead WHERE opened_on <= %(day)s AND (closed_on IS NULL OR closed_on > %(day)s)"
    )
    labs = dict(rows(fieldlab_status, day))
    finished_n, permanent_n = rows(finished, day)[0][0], rows(permanent, day)[0][0]
    return {
        "partners": {
            "government": rows(partners, day, kind="government")[0][0],
            "education": rows(partners, day, kind="education")[0][0],
        },
        "total": total,
        "by_status": grouped("state", day),
        "by_level": grouped("level", day),
        "by_theme": grouped("theme", day),
        "by_kind": grouped("kind", day),
        "students": {"total": students, "internship": internship_students},
        "fieldlabs": {"active": labs.get("active", 0), "founding": labs.get("founding", 0)},
        "communities": dict(
            zip(
                ("total", "active"),
                rows(
                    "SELECT count(*), count(*) FILTER (WHERE active_from <= %(day)s) FROM partnership_community "
                    "WHERE planned_on <= %(day)s AND (ended_on IS NULL OR ended_on > %(day)s)",
                    day,
                )[0],
                strict=True,
            )
        ),
        "doctorates": {
            "placed": placed,
            "hosts": hosts,
            "leads": rows(f"SELECT count(*) {open_leads}", day)[0][0],
            "leads_50_75": rows(f"SELECT count(*) {open_leads} AND probability = '50_75'", day)[0][0],
        },
        "traineeship": {
            "since_start": rows("SELECT count(*) FROM traineeship_trainee WHERE cohort_start <= %(day)s", day)[0][0],
            "permanent": permanent_n,
            "finished": finished_n,
            "share": round(100 * permanent_n / finished_n) if finished_n else 0,
            "intake": {
                (int(year), track): n
                for year, track, n in rows(
                    "SELECT extract(year FROM cohort_start), track, count(*) FROM traineeship_trainee "
                    "WHERE cohort_start <= %(day)s GROUP BY 1, 2",
                    day,
                )
            },
        },
        "year": {
            "active_government_partners": rows(active_partners, day)[0][0],
            "assignments_completed": rows(
                f"SELECT count(*) FROM assignments_assignmenttransition t WHERE to_state = 'completed' AND {in_year}",
                day,
            )[0][0],
            "requests_matched": rows(
                f"SELECT count(*) FROM assignments_assignmenttransition t WHERE to_state = 'preparation' AND {in_year}",
                day,
            )[0][0],
            "internship_students_started": rows(
                "SELECT coalesce(sum(a.student_count), 0) FROM assignments_assignmenttransition t "
                f"JOIN assignments_assignment a ON a.id = t.assignment_id WHERE t.to_state = 'execution' "
                f"AND a.kind = 'internship' AND {in_year}",
                day,
            )[0][0],
        },
    }


# --- fixtures ------------------------------------------------------------------------------------------------

INFOGRAPHIC = date(2023, 6, 30)
ANNUAL_REPORT = date(2022, 12, 31)
# The day the demo programme runs up to in these tests (``--today``): fixed, so that the records are too.
TODAY = DEMO_TODAY
GOLDEN = Path(__file__).resolve().parents[1] / "reporting" / "golden"
# A request waits at most this many days for triage in the demo (the lifecycle's slowest triage is 18 days).
LONGEST_WAIT_DAYS = 21


def seed(*args) -> str:
    out = io.StringIO()
    if "--today" not in args:
        args = (*args, "--today", TODAY.isoformat())
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def figures_json(day) -> str:
    out = io.StringIO()
    call_command("figures", "--as-of", day.isoformat(), "--format", "json", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(demo_data):
    """The module runs in a copy of the tests' demo data, loaded by ``seed_demo --today TODAY`` into an empty
    database (tests/databases.py); this is what that run printed."""
    return demo_data.output


def table_checksums() -> dict[str, tuple[int, str]]:
    """Row count and an md5 over the full contents of every table."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            result[table] = cursor.fetchone()
    return result


# --- the contract ----------------------------------------------------------------------------------------------


def test_infographic_figures_on_2023_06_30(seeded, db):
    f = sql_figures(INFOGRAPHIC)
    assert f["partners"] == {"government": 64, "education": 34}
    assert f["total"] == 422
    assert f["by_status"] == {"preparation": 135, "execution": 42, "completed": 245}
    assert f["by_level"] == {"MBO": 13, "HBO": 270, "WO": 139}
    assert f["by_theme"] == INFOGRAPHIC_BY_THEME
    assert f["by_kind"] == {"internship": 174, "graduation": 110, "group": 130, "hackathon": 8}
    assert f["students"] == {"total": 1000, "internship": 174}
    assert f["fieldlabs"] == {"active": 7, "founding": 2}
    assert f["communities"] == {"total": 4, "active": 1}
    assert f["doctorates"] == {
        "placed": 5,
        "hosts": {"IenW": 2, "Nationaal Archief": 1, "BZK": 1, "EZK": 2},
        "leads": 44,
        "leads_50_75": 12,
    }
    trainees = f["traineeship"]
    assert 371 <= trainees["since_start"] <= 379
    assert 251 <= trainees["permanent"] <= 259
    assert 84 <= trainees["share"] <= 86
    figure_30 = {
        2018: (41, 35, 0),
        2019: (22, 35, 18),
        2020: (24, 28, 20),
        2021: (21, 26, 22),
        2022: (16, 32, 21),
    }
    for year, counts in figure_30.items():
        assert tuple(trainees["intake"].get((year, track), 0) for track in ("ict", "data", "cyber")) == counts


def test_annual_report_figures_on_2022_12_31(seeded, db):
    f = sql_figures(ANNUAL_REPORT)
    assert f["year"]["active_government_partners"] == 48
    assert f["year"]["assignments_completed"] == 150
    assert f["year"]["requests_matched"] == 120
    assert 81 <= f["year"]["internship_students_started"] <= 89
    assert f["fieldlabs"]["active"] == 5


def test_active_partners_2022_do_not_depend_on_the_reading_of_the_definition(seeded, db):
    """Counting only steps taken in 2022 gives the same 48 as counting states held during 2022."""
    n = rows(
        "SELECT count(DISTINCT a.government_organisation_id) FROM assignments_assignment a "
        "JOIN assignments_assignmenttransition t ON t.assignment_id = a.id "
        "WHERE t.to_state IN ('submitted', 'open', 'preparation', 'execution', 'completed') "
        f"AND t.at >= {START_OF_YEAR} AND t.at < {END_OF_DAY}",
        ANNUAL_REPORT,
    )[0][0]
    assert n == 48


def test_counts_move_over_time(seeded, db):
    """The figures grow: more partners, labs and completed assignments later than earlier."""
    early, middle, late = (sql_figures(day) for day in (date(2021, 6, 30), ANNUAL_REPORT, INFOGRAPHIC))
    assert early["partners"]["government"] < middle["partners"]["government"] < late["partners"]["government"]
    assert early["by_status"]["completed"] < middle["by_status"]["completed"] < late["by_status"]["completed"]
    assert early["total"] < middle["total"] < late["total"]
    assert sql_figures(date(2020, 6, 1))["total"] == 0


# --- idempotent and deterministic --------------------------------------------------------------------------


def test_second_run_changes_nothing(seeded, db):
    before = table_checksums()
    output = seed()
    assert table_checksums() == before
    plan = build_plan()
    assert before["assignments_assignment"][0] == 512 + len(continue_plan(plan, TODAY))
    assert len(plan) == 512
    for username, *_ in DEMO_LOGINS:
        assert username in output


def test_the_plan_is_the_same_every_time():
    def signature(plan):
        return [(s.bucket.key, s.kind, s.theme, s.level, s.students, s.steps, s.government, s.education) for s in plan]

    assert signature(build_plan()) == signature(build_plan())
    assert signature(build_plan("another seed")) != signature(build_plan())


def canonical_snapshot() -> dict:
    """Every demo record by natural keys (ids differ between databases)."""
    from assignments.models import Assignment
    from doctorates.models import DoctoralLead, DoctoralPlacement
    from fieldlabs.models import Curriculum, Fieldlab, FieldlabStatusChange
    from partnership.models import Community, ContactPerson, Event, Organisation
    from traineeship.models import Trainee

    snapshot = {
        "organisations": list(
            Organisation.objects.order_by("short_name").values_list(
                "short_name", "name", "kind", "education_level", "partnership_start", "partnership_end", "city"
            )
        ),
        "education_themes": sorted(
            Organisation.themes.through.objects.values_list("organisation__short_name", "theme__slug")
        ),
        "contacts": list(
            ContactPerson.objects.order_by("organisation__short_name", "email").values_list(
                "organisation__short_name", "name", "email", "function", "is_primary"
            )
        ),
        "fieldlabs": list(Fieldlab.objects.order_by("name").values_list("name", "city", "latitude", "longitude")),
        "fieldlab_states": list(
            FieldlabStatusChange.objects.order_by("fieldlab__name", "since").values_list(
                "fieldlab__name", "status", "since"
            )
        ),
        "curricula": list(Curriculum.objects.order_by("title").values_list("title", "institution__short_name", "city")),
        "communities": list(Community.objects.order_by("name").values_list("name", "planned_on", "active_from")),
        "events": list(Event.objects.order_by("starts_on", "name").values_list("name", "starts_on", "participants")),
        "placements": list(
            DoctoralPlacement.objects.order_by("candidate__reference", "host__short_name").values_list(
                "candidate__reference", "host__short_name", "starts_on"
            )
        ),
        "leads": list(
            DoctoralLead.objects.order_by("title").values_list(
                "title", "probability", "status", "opened_on", "closed_on"
            )
        ),
        "trainees": list(
            Trainee.objects.order_by("reference").values_list(
                "reference", "track", "cohort_start", "host__short_name", "finished_on", "outcome", "outcome_on"
            )
        ),
        "users": list(
            User.objects.order_by("username").values_list("username", "role", "organisation__short_name", "date_joined")
        ),
    }
    assignments = []
    for a in (
        Assignment.objects.order_by("id")
        .select_related("theme", "government_organisation", "education_organisation", "contact")
        .prefetch_related("transitions")
    ):
        assignments.append(
            (
                a.title, a.description, a.kind, a.theme.slug, tuple(a.wanted_levels), a.level,
                a.government_organisation.short_name,
                a.education_organisation.short_name if a.education_organisation else None,
                a.contact.email if a.contact else None, a.student_count, a.period_start, a.period_end, a.state,
                a.state_changed_at, a.created_at, a.updated_at,
                tuple((t.from_state, t.to_state, t.at, t.ended_at, t.note) for t in a.transitions.all()),
            )
        )  # fmt: skip
    snapshot["assignments"] = assignments
    return snapshot


def delete_demo_data():
    from assignments.models import Assignment
    from doctorates.models import DoctoralCandidate, DoctoralLead
    from fieldlabs.models import Curriculum, Fieldlab, KnowledgePortfolio, ResearchChair
    from istage.models import PartTimeJob
    from partnership.models import Community, Event, Organisation, Theme
    from traineeship.models import Trainee

    for model in (
        PartTimeJob, Assignment, DoctoralCandidate, DoctoralLead, Trainee, Curriculum, ResearchChair,
        KnowledgePortfolio, Fieldlab, Event, Community, User, Organisation, Theme,
    ):  # fmt: skip
        model.objects.all().delete()


def test_a_fresh_seed_gives_the_same_records(seeded, db):
    first, figures = canonical_snapshot(), figures_json(TODAY)
    delete_demo_data()
    seed()
    assert canonical_snapshot() == first
    assert figures_json(TODAY) == figures


def test_the_golden_figures_do_not_depend_on_the_day_the_demo_runs_to(seeded, db):
    for day in (INFOGRAPHIC, ANNUAL_REPORT):
        assert figures_json(day).encode("utf-8") == (GOLDEN / f"figures-{day.isoformat()}.json").read_bytes()


def test_no_record_lies_on_or_after_the_day_the_demo_runs_to(seeded, db):
    start_of_today = cutoff(TODAY)
    assert rows("SELECT max(created_at) FROM assignments_assignment", TODAY)[0][0] < start_of_today
    assert rows("SELECT max(at) FROM assignments_assignmenttransition", TODAY)[0][0] < start_of_today
    for table, column in (
        ("partnership_event", "starts_on"),
        ("fieldlabs_fieldlabstatuschange", "since"),
        ("traineeship_trainee", "cohort_start"),
        ("traineeship_trainee", "outcome_on"),
        ("partnership_community", "active_from"),
    ):
        assert rows(f"SELECT max({column}) FROM {table}", TODAY)[0][0] < TODAY, table


def test_a_later_day_only_adds_steps():
    """The steps up to one day are the same whatever later day the demo runs to."""

    def steps(today):
        plan = build_plan()
        plan += continue_plan(plan, today)
        return {
            index: [(state, at) for state, at in slot.steps + (slot.later.steps if slot.later else [])]
            for index, slot in enumerate(plan)
        }

    earlier, later = steps(date(2025, 3, 1)), steps(TODAY)
    until = cutoff(date(2025, 3, 1))
    assert len(later) > len(earlier)
    for index, history in earlier.items():
        assert history == [(state, at) for state, at in later[index] if at < until]


# --- alive on the day it runs to -------------------------------------------------------------------------------


def test_the_work_queue_is_fresh(seeded, db):
    from assignments import selectors

    start_of_today = cutoff(TODAY)
    submitted = list(selectors.submitted_requests())
    assert 1 <= len(submitted) <= 20
    assert all(start_of_today - a.state_changed_at < timedelta(days=LONGEST_WAIT_DAYS) for a in submitted)
    assert selectors.overdue_assignments(TODAY).count() <= 10
    assert selectors.unclaimed_open_requests(start_of_today).count() <= 25


def test_the_programme_runs_on_at_its_earlier_pace(seeded, db):
    """Requests per month after June 2023 are in line with the twelve months before; every state is lived in."""
    per_month = dict(
        rows(
            "SELECT m, count(*) FROM (SELECT to_char(min(at) AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM') AS m "
            "FROM assignments_assignmenttransition GROUP BY assignment_id) f GROUP BY m",
            TODAY,
        )
    )
    before = sum(n for month, n in per_month.items() if "2022-07" <= month <= "2023-06") / 12
    after = [n for month, n in per_month.items() if "2023-07" <= month < TODAY.strftime("%Y-%m")]
    assert len(after) == 40
    assert 0.6 * before <= sum(after) / len(after) <= 1.3 * before
    assert max(after) < 2 * before
    states = dict(rows("SELECT state, count(*) FROM assignments_assignment GROUP BY 1", TODAY))
    for state in ("submitted", "open", "preparation", "execution", "completed", "rejected", "withdrawn", "cancelled"):
        assert states.get(state, 0) > 0, state


def test_there_is_activity_this_year(seeded, db):
    f = sql_figures(TODAY - timedelta(days=1))
    assert all(value > 0 for value in f["year"].values()), f["year"]
    assert f["by_status"]["preparation"] > 0 and f["by_status"]["execution"] > 0
    assert f["fieldlabs"]["active"] == 10
    assert f["communities"]["active"] == 4
    assert all(f["traineeship"]["intake"].get((year, "data"), 0) > 0 for year in range(2023, TODAY.year + 1))
    events_this_year = rows(
        "SELECT count(*) FROM partnership_event WHERE starts_on >= date_trunc('year', %(day)s::date)", TODAY
    )[0][0]
    assert events_this_year > 0


# --- realistic and consistent ----------------------------------------------------------------------------------


def test_histories_follow_the_transition_table(seeded, db):
    from assignments.models import Assignment

    for assignment in Assignment.objects.prefetch_related("transitions"):
        steps = list(assignment.transitions.all())
        previous = ""
        for step, following in zip(steps, [*steps[1:], None], strict=True):
            assert step.from_state == previous
            assert (step.from_state, step.to_state) in TRANSITIONS
            assert step.ended_at == (following.at if following else None)
            previous = step.to_state
        assert previous == assignment.state
        assert assignment.state_changed_at == steps[-1].at


def test_partners_and_levels_are_consistent(seeded, db):
    """Requests come from partners that had joined; matched institutions have the assignment's level."""
    bad = rows(
        """
        SELECT a.id FROM assignments_assignment a
        JOIN partnership_organisation g ON g.id = a.government_organisation_id
        LEFT JOIN partnership_organisation e ON e.id = a.education_organisation_id
        JOIN assignments_assignmenttransition first ON first.assignment_id = a.id AND first.from_state = ''
        LEFT JOIN assignments_assignmenttransition m ON m.assignment_id = a.id AND m.to_state = 'preparation'
        WHERE g.kind <> 'government' OR g.partnership_start > first.at::date
           OR (e.id IS NOT NULL AND (e.education_level <> a.level OR e.partnership_start > m.at::date))
        """,
        INFOGRAPHIC,
    )
    assert bad == []


def test_only_matched_assignments_have_an_education_partner(seeded, db):
    """A request not yet matched (draft, submitted, open, or rejected or withdrawn before matching) has no education
    partner, so no education partner sees it among its own assignments; every matched one has one."""
    unmatched_with_partner = rows(
        """
        SELECT a.id, a.state FROM assignments_assignment a
        WHERE a.education_organisation_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM assignments_assignmenttransition t WHERE t.assignment_id = a.id AND t.to_state = 'preparation'
        )
        """,
        TODAY,
    )
    assert unmatched_with_partner == []
    matched_without_partner = rows(
        """
        SELECT a.id FROM assignments_assignment a
        WHERE a.education_organisation_id IS NULL AND EXISTS (
            SELECT 1 FROM assignments_assignmenttransition t WHERE t.assignment_id = a.id AND t.to_state = 'preparation'
        )
        """,
        TODAY,
    )
    assert matched_without_partner == []
    # the case is there: requests under way on the day the demo runs to
    assert (
        rows("SELECT count(*) FROM assignments_assignment WHERE state IN ('draft', 'submitted', 'open')", TODAY)[0][0]
        > 10
    )


def test_people_are_fictitious(seeded, db):
    from partnership.models import ContactPerson

    emails = list(ContactPerson.objects.values_list("email", flat=True)) + list(
        User.objects.values_list("email", flat=True)
    )
    assert emails and all(email.endswith(".example") for email in emails)


# --- demo log-ins -----------------------------------------------------------------------------------------------


def test_demo_logins_work_and_have_their_roles(seeded, db):
    expected = {"coordinator": (Role.COORDINATOR, None), "overheid": (Role.GOVERNMENT_MEMBER, "IenW"),
                "onderwijs": (Role.EDUCATION_MEMBER, "HU")}  # fmt: skip
    for username, _role, _org, password, *_ in DEMO_LOGINS:
        user = User.objects.select_related("organisation").get(username=username)
        role, short_name = expected[username]
        assert user.role == role
        assert (user.organisation.short_name if user.organisation else None) == short_name
        assert user.check_password(password)
        assert len(password) >= 12
        validate_password(password, user)
        assert password in seeded


def test_no_demo_logins_where_they_are_not_allowed(seeded, db, settings):
    User.objects.filter(username__in=[login[0] for login in DEMO_LOGINS]).delete()
    settings.DEMO_LOGINS_ALLOWED = False
    output = seed()
    assert not User.objects.filter(username__in=[login[0] for login in DEMO_LOGINS]).exists()
    for _username, _role, _org, password, *_ in DEMO_LOGINS:
        assert password not in output


# --- --scale -------------------------------------------------------------------------------------------------------


def test_scale_adds_assignments_with_valid_histories(seeded, db):
    from assignments.models import Assignment

    partners_before = sql_figures(INFOGRAPHIC)["partners"]
    before = Assignment.objects.count()
    seed("--scale", "50")
    synthetic = Assignment.objects.filter(title__startswith="Synthetische opdracht")
    assert Assignment.objects.count() == before + 50
    assert synthetic.count() == 50
    problems = rows(
        """
        SELECT a.id FROM assignments_assignment a
        LEFT JOIN assignments_assignmenttransition t ON t.assignment_id = a.id AND t.ended_at IS NULL
        WHERE a.title LIKE 'Synthetische opdracht%%'
        GROUP BY a.id, a.state HAVING count(t.id) <> 1 OR max(t.to_state) <> a.state
        """,
        INFOGRAPHIC,
    )
    assert problems == []
    for assignment in synthetic.prefetch_related("transitions"):
        previous = ""
        for step in assignment.transitions.all():
            assert (previous, step.to_state) in TRANSITIONS
            assert step.from_state == previous
            previous = step.to_state
    assert sql_figures(INFOGRAPHIC)["partners"] == partners_before
    # A second run is run 2: new titles, not a repeat of run 1.
    seed("--scale", "5")
    assert synthetic.filter(title__startswith="Synthetische opdracht 2-").count() == 5


def test_the_dashboard_opens_on_the_day_the_demo_runs_to(seeded, db):
    from reporting.selectors import default_as_of, last_day_with_data

    assert TODAY - timedelta(days=3) <= last_day_with_data(TODAY) < TODAY
    assert default_as_of(TODAY) == TODAY
    assert sql_figures(TODAY)["total"] > 422


@pytest.mark.parametrize(
    ("value", "message"),
    [("2023-06-30", "--today moet na 2023-06-30 liggen"), ("30-11-2026", "Geef de datum als JJJJ-MM-DD")],
)
def test_a_today_the_demo_cannot_run_to_is_refused_in_dutch(value, message):
    from django.core.management.base import CommandError
    from django.utils import translation

    with translation.override("nl"), pytest.raises(CommandError, match=message):
        call_command("seed_demo", "--today", value, stdout=io.StringIO())
