"""Every write of the partners core: keyword-only arguments, one transaction each, ``full_clean`` before saving.

Other apps write these tables only through here; ``accounts.services`` calls the profile, contact and account
functions and logs each one as an account event. The ``save_*`` functions find their record by its natural key (their
first keyword arguments) and create it, bring it in line or leave it alone (``partnership.records.save_by_key``);
the demo data and imports go through them.
"""

from collections.abc import Iterable

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import history
from .access import require_coordinator
from .models import Community, ContactPerson, Event, Organisation, Role, Theme, User
from .records import Saved, save_by_key, write_record
from .selectors import merge_relations, organisation_access

# --- organisation profile, contact people and accounts (members and coordinators) --------------------------------

PROFILE_FIELDS = ("description", "website", "city")
UNCHANGED = object()


def update_organisation_profile(
    *, organisation, by, description, website, city, themes=None, capacity_per_half_year=UNCHANGED
) -> Organisation:
    """A member edits their own organisation's profile. The name and kind are the programme's to change; an
    education institution also its themes and its capacity per half year (the matching advice weighs it)."""
    if not organisation_access(by, organisation).may_edit_profile:
        raise PermissionDenied
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        organisation.description = description
        organisation.website = website
        organisation.city = city
        fields = list(PROFILE_FIELDS)
        if capacity_per_half_year is not UNCHANGED and organisation.is_education:
            organisation.capacity_per_half_year = capacity_per_half_year
            fields.append("capacity_per_half_year")
        organisation.full_clean()
        organisation.save(update_fields=fields)
        if themes is not None and organisation.is_education:
            organisation.themes.set(themes)
    return organisation


def _save_contact(contact: ContactPerson) -> ContactPerson:
    with transaction.atomic():
        # Lock the organisation so that two edits cannot both make someone primary.
        Organisation.objects.select_for_update().get(pk=contact.organisation_id)
        if contact.is_primary:
            ContactPerson.objects.filter(organisation_id=contact.organisation_id, is_primary=True).exclude(
                pk=contact.pk
            ).update(is_primary=False)
        contact.full_clean()
        contact.save()
    return contact


def add_contact(*, organisation, by, name, email, phone="", function="", is_primary=False) -> ContactPerson:
    if not organisation_access(by, organisation).may_manage_contacts:
        raise PermissionDenied
    contact = ContactPerson(
        organisation=organisation, name=name, email=email, phone=phone, function=function, is_primary=is_primary
    )
    return _save_contact(contact)


def update_contact(*, contact, by, name, email, phone="", function="", is_primary=False) -> ContactPerson:
    if not organisation_access(by, contact.organisation).may_manage_contacts:
        raise PermissionDenied
    contact.name, contact.email, contact.phone, contact.function, contact.is_primary = (
        name,
        email,
        phone,
        function,
        is_primary,
    )
    return _save_contact(contact)


def remove_contact(*, contact, by) -> None:
    """Remove a person's data. Their assignments keep counting: ``Assignment.contact`` becomes NULL."""
    if not organisation_access(by, contact.organisation).may_manage_contacts:
        raise PermissionDenied
    with transaction.atomic():
        pk = contact.pk
        contact.delete()
        contact.pk = pk
        history.forget(contact, **_anonymous_contact_values(pk))


ANONYMISED_EMAIL_DOMAIN = "anoniem.invalid"


def is_anonymised(contact: ContactPerson) -> bool:
    return contact.email.lower().endswith("@" + ANONYMISED_EMAIL_DOMAIN)


def anonymise_contact(*, contact, by) -> tuple[ContactPerson, bool]:
    """Replace a contact person's personal data by a placeholder (retention, AVG); the row stays, so what refers to
    it keeps working and no figure changes. Only a coordinator. Returns the contact and whether it changed."""
    if not by.is_coordinator:
        raise PermissionDenied
    if is_anonymised(contact):
        return contact, False
    for name, value in _anonymous_contact_values(contact.pk).items():
        setattr(contact, name, value)
    contact.is_primary = False  # no notifications to a placeholder
    with transaction.atomic():
        _save_contact(contact)
        history.forget(contact, **_anonymous_contact_values(contact.pk))
    return contact, True


def _anonymous_contact_values(pk) -> dict:
    """What stays of a person's data in the record and in its audit trail."""
    return {
        "name": _("Anonymised contact person"),
        "email": f"contact-{pk}@{ANONYMISED_EMAIL_DOMAIN}",
        "phone": "",
        "function": "",
    }


def check_may_manage(*, user, by) -> None:
    """``PermissionDenied`` unless ``by`` is a coordinator; ``ValidationError`` (a sentence for the page) for an
    account they may not change."""
    if not by.is_coordinator:
        raise PermissionDenied
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.role == Role.ADMIN and by.role != Role.ADMIN:
        raise ValidationError(_("Only an administrator can change an administrator's account."))


def set_user_active(*, user, by, active: bool) -> tuple[User, bool]:
    """(De)activate an account: a deactivated one cannot log in and has no access; the account and everything it
    did stay. Returns the account and whether it changed."""
    check_may_manage(user=user, by=by)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active == active:
            return user, False
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user, True


def create_user(*, username, email, first_name, last_name, role, organisation, password) -> User:
    """A new account with a password that has already passed the validators."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


# --- the coordinators' workspace: any record, by a coordinator ------------------------------------------------


def create_organisation(*, by, **values) -> Organisation:
    require_coordinator(by)
    return write_record(Organisation(), values)


def update_organisation(*, organisation, by, **values) -> Organisation:
    require_coordinator(by)
    return write_record(organisation, values)


def create_contact_person(*, by, organisation, **values) -> ContactPerson:
    """A contact person of any organisation; a new primary contact takes over from the previous one."""
    require_coordinator(by)
    return _save_contact(ContactPerson(organisation=organisation, **values))


def update_contact_person(*, contact, by, **values) -> ContactPerson:
    require_coordinator(by)
    with transaction.atomic():
        contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
        for name, value in values.items():
            setattr(contact, name, value)
        return _save_contact(contact)


def create_community(*, by, **values) -> Community:
    require_coordinator(by)
    return write_record(Community(), values)


def update_community(*, community, by, **values) -> Community:
    require_coordinator(by)
    return write_record(community, values)


def create_event(*, by, **values) -> Event:
    require_coordinator(by)
    return write_record(Event(), values)


def update_event(*, event, by, **values) -> Event:
    require_coordinator(by)
    return write_record(event, values)


# --- records by natural key (demo data, imports) ------------------------------------------------------------


def save_theme(*, slug: str, **values) -> Saved[Theme]:
    return save_by_key(Theme, key={"slug": slug}, values=values)


def save_organisation(*, short_name: str, themes: Iterable[Theme] | None = None, **values) -> Saved[Organisation]:
    """An organisation by its short name; ``themes`` (when given) become exactly its themes."""
    related = {"themes": themes} if themes is not None else None
    return save_by_key(Organisation, key={"short_name": short_name}, values=values, related=related)


def save_primary_contact(*, organisation: Organisation, is_primary: bool, **values) -> Saved[ContactPerson]:
    """The organisation's primary contact, or its one other contact (the demo keeps at most two)."""
    return save_by_key(ContactPerson, key={"organisation": organisation, "is_primary": is_primary}, values=values)


def save_contact(*, organisation: Organisation, email: str, **values) -> Saved[ContactPerson]:
    """A contact person by organisation and e-mail address (imports; the address in any case); one made primary
    takes over from the organisation's former primary contact."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)  # as _save_contact: one primary at a time
        existing = ContactPerson.objects.filter(organisation=organisation, email__iexact=email).first()
        if values.get("is_primary"):
            others = ContactPerson.objects.filter(organisation=organisation, is_primary=True)
            if existing is not None:
                others = others.exclude(pk=existing.pk)
            others.update(is_primary=False)
        if existing is None:
            return save_by_key(ContactPerson, key={"organisation": organisation, "email": email}, values=values)
        return save_by_key(ContactPerson, key={"pk": existing.pk}, values={"email": email, **values})


def save_community(*, name: str, **values) -> Saved[Community]:
    return save_by_key(Community, key={"name": name}, values=values)


def save_event(*, name: str, starts_on, organisations: Iterable[Organisation] = (), **values) -> Saved[Event]:
    return save_by_key(
        Event, key={"name": name, "starts_on": starts_on}, values=values, related={"organisations": organisations}
    )


@transaction.atomic
def save_user(*, username: str, password: str, **values) -> Saved[User]:
    """A log-in with this password (stored hashed); for accounts the system sets up rather than an invitation."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None or not check_password(password, user.password):
        values["password"] = make_password(password)
    return save_by_key(User, key={"username": username}, values=values)


# --- merging duplicate organisations -------------------------------------------------------------------------------

# Filled in on the kept organisation when it has none: its own values always win.
MERGE_FILLED_FIELDS = ("city", "website", "description")


def merge_organisations(*, keep: Organisation, drop: Organisation, by) -> Organisation:
    """Move everything that refers to ``drop`` to ``keep`` and remove ``drop``, in one transaction, recorded in the
    audit trail (source "merge"; a "merged" event on ``keep``). Every relation is found from the models
    (``selectors.merge_relations``). Refuses (``ValidationError``, in Dutch) two different kinds, and any move a
    constraint forbids (e.g. both organisations host the same PhD candidate); then nothing changes.

    The kept organisation keeps its fields; empty ones are filled from ``drop``, and its partnership period too when
    it has none, so a duplicate without a period of its own changes no figure."""
    if not by.is_coordinator:
        raise PermissionDenied
    if keep.pk == drop.pk:
        raise ValidationError(_("An organisation cannot be merged with itself."))
    with transaction.atomic(), history.acting(by, history.SOURCE_MERGE, merged=drop.pk, merged_name=drop.name):
        keep, drop = (
            Organisation.objects.select_for_update().get(pk=keep.pk),
            Organisation.objects.select_for_update().get(pk=drop.pk),
        )
        if keep.kind != drop.kind:
            raise ValidationError(
                _("%(keep)s and %(drop)s are not of the same kind; they cannot be merged.")
                % {"keep": keep.name, "drop": drop.name}
            )
        if keep.contacts.filter(is_primary=True).exists():
            drop.contacts.filter(is_primary=True).update(is_primary=False)  # the kept organisation's stays primary
        for kind, relation in merge_relations(drop):
            _move_relation(kind, relation, keep=keep, drop=drop)
        for name in MERGE_FILLED_FIELDS:
            if not getattr(keep, name):
                setattr(keep, name, getattr(drop, name))
        if keep.partnership_start is None:
            keep.partnership_start, keep.partnership_end = drop.partnership_start, drop.partnership_end
        if keep.is_education and not keep.education_level:
            keep.education_level = drop.education_level
        drop.delete()  # nothing refers to it any more: nothing cascades
        keep.full_clean()
        keep.save()
        history.record(keep, history.MERGE_LABEL)
    return keep


def _move_relation(kind, relation, *, keep, drop) -> None:
    if kind == "own_m2m":
        getattr(keep, relation.name).add(*getattr(drop, relation.name).all())
        return
    if kind == "m2m":
        through = relation.through
        to_organisation = relation.field.m2m_reverse_field_name()
        owner = relation.field.m2m_field_name()
        both = through.objects.filter(**{to_organisation: keep}).values(owner)
        through.objects.filter(**{to_organisation: drop, f"{owner}__in": both}).delete()  # linked to both: once
        moving = through.objects.filter(**{to_organisation: drop})
    else:
        moving = relation.related_model._base_manager.filter(**{relation.field.name: drop})
    try:
        with transaction.atomic():
            moving.update(**{to_organisation if kind == "m2m" else relation.field.name: keep})
    except IntegrityError:
        raise ValidationError(
            _(
                "%(keep)s and %(drop)s cannot be merged: both have %(records)s that cannot belong to one "
                "organisation (%(field)s). Change or remove those records first."
            )
            % {
                "keep": keep.name,
                "drop": drop.name,
                "records": relation.related_model._meta.verbose_name_plural,
                "field": relation.field.verbose_name,
            }
        ) from None
