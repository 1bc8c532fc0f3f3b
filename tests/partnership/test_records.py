"""Writes by natural key: created once, brought in line when a value differs, left alone when nothing does."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partnership import services
from partnership.models import Organisation, OrganisationKind, Theme
from partnership.records import Outcome
from tests import factories


@pytest.mark.django_db
def test_a_record_is_created_then_left_alone_then_brought_in_line(django_assert_num_queries):
    values = {"name": "Ministerie van Voorbeeld", "kind": OrganisationKind.GOVERNMENT, "city": "Den Haag"}
    created = services.save_organisation(short_name="MvV", **values)
    assert created.outcome is Outcome.CREATED
    assert Organisation.objects.get(short_name="MvV").city == "Den Haag"

    again = services.save_organisation(short_name="MvV", **values)
    assert again.outcome is Outcome.UNCHANGED
    assert again.record.pk == created.record.pk

    moved = services.save_organisation(short_name="MvV", **{**values, "city": "Utrecht"})
    assert moved.outcome is Outcome.UPDATED
    assert Organisation.objects.get(pk=created.record.pk).city == "Utrecht"
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_unchanged_values_write_nothing(django_assert_num_queries):
    services.save_theme(slug="data-ai", name="Datamanagement & AI", position=1)
    with django_assert_num_queries(3):  # savepoint, the locking read, release: no UPDATE
        assert services.save_theme(slug="data-ai", name="Datamanagement & AI", position=1).outcome is Outcome.UNCHANGED


@pytest.mark.django_db
def test_related_sets_are_made_exact_and_count_as_a_change():
    first, second = factories.ThemeFactory(), factories.ThemeFactory()
    values = {"name": "Hogeschool X", "kind": OrganisationKind.EDUCATION, "education_level": "HBO"}
    services.save_organisation(short_name="HX", themes=[first], **values)
    changed = services.save_organisation(short_name="HX", themes=[second], **values)
    assert changed.outcome is Outcome.UPDATED
    assert list(changed.record.themes.all()) == [second]
    assert services.save_organisation(short_name="HX", themes=[second], **values).outcome is Outcome.UNCHANGED


@pytest.mark.django_db
def test_a_value_the_model_refuses_is_not_written():
    with pytest.raises(ValidationError):
        services.save_organisation(short_name="X", name="X", kind="club")
    assert not Organisation.objects.filter(short_name="X").exists()


@pytest.mark.django_db
def test_a_date_and_a_foreign_key_compare_by_value():
    organisation = factories.EducationOrganisationFactory()
    theme = factories.ThemeFactory()
    from doctorates import services as doctorate_services

    kwargs = {"reference": "DP-1", "research_topic": "Topic", "theme": theme, "university": organisation}
    doctorate_services.save_candidate(**kwargs)
    assert doctorate_services.save_candidate(**kwargs).outcome is Outcome.UNCHANGED
    assert doctorate_services.save_candidate(**{**kwargs, "theme": theme.pk}).outcome is Outcome.UNCHANGED
    lab = factories.FieldlabFactory()
    from fieldlabs import services as fieldlab_services

    status = {"fieldlab": lab, "since": dt.date(2023, 1, 1), "status": "active"}
    assert fieldlab_services.save_fieldlab_status(**status).outcome is Outcome.CREATED
    assert fieldlab_services.save_fieldlab_status(**status).outcome is Outcome.UNCHANGED
    assert Theme.objects.count() == 1


@pytest.mark.django_db
def test_a_login_keeps_its_password_hash_until_the_password_changes():
    saved = services.save_user(username="demo", password="Een-lang-wachtwoord-1", role="coordinator")
    assert saved.outcome is Outcome.CREATED
    assert saved.record.check_password("Een-lang-wachtwoord-1")
    again = services.save_user(username="demo", password="Een-lang-wachtwoord-1", role="coordinator")
    assert again.outcome is Outcome.UNCHANGED
    changed = services.save_user(username="demo", password="Een-ander-wachtwoord-2", role="coordinator")
    assert changed.outcome is Outcome.UPDATED
    assert changed.record.check_password("Een-ander-wachtwoord-2")
