"""Every write of the partners core's records: themes, organisations, contact people, users, communities, events.

Each ``save_*`` finds its record by the natural key (its first keyword arguments) and creates it, brings it in
line or leaves it alone (``partnership.records.save_by_key``); the demo data and imports go through them.
"""

from collections.abc import Iterable

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from .models import Community, ContactPerson, Event, Organisation, Theme, User
from .records import Saved, save_by_key


def save_theme(*, slug: str, **values) -> Saved[Theme]:
    return save_by_key(Theme, key={"slug": slug}, values=values)


def save_organisation(*, short_name: str, themes: Iterable[Theme] | None = None, **values) -> Saved[Organisation]:
    """An organisation by its short name; ``themes`` (when given) become exactly its themes."""
    related = {"themes": themes} if themes is not None else None
    return save_by_key(Organisation, key={"short_name": short_name}, values=values, related=related)


def save_primary_contact(*, organisation: Organisation, is_primary: bool, **values) -> Saved[ContactPerson]:
    """The organisation's primary contact, or its one other contact (the demo keeps at most two)."""
    return save_by_key(ContactPerson, key={"organisation": organisation, "is_primary": is_primary}, values=values)


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
