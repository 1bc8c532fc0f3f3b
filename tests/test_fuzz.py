"""Bad input never answers 5xx: every URL pattern of the site, as every persona, with GET and POST of malformed values.

The walk takes every pattern of the URL resolver (the site, the open-data API and Django admin), fills its path
converters with the id of a real object (the access matrix's world, the newest row of an admin's model) and with
nonsense (zero, a number past any id, over-long text with a NUL), opens the page as each persona and sends, for every
field the page offers (the inputs, selects and text areas of its forms, the query keys of its links) and the usual
list and date parameters (``COMMON_PARAMS``), the malformed values of ``BAD_VALUES``, with GET and with POST.

Bounded (about 5,200 requests): in each request every field gets a value, rotating through the kinds (field j of
request r gets kind r + j), so that after ``len(BAD_VALUES)`` requests every field has had every kind. The first
persona a page answers with 200 gets all of them, with GET and with POST; the other personas it answers, the admin's
pages (one code path) and pages reached with a nonsense id get one GET and one POST of mixed kinds; a persona the
page refuses (log-in, 403, 404, 405) one POST of everything at once after its plain GET: the refusal must not depend
on the input. ``FUZZ_REPORT=path`` writes every URL's time and request count and every finding there as it goes.

The walk is cut into ``SHARDS`` tests (every SHARDS-th URL, each shard with a world of its own), so that
pytest-xdist's workers share it.
"""

import os
import re
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.test_access_matrix import MATRIX, _url, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.long]

LONG = "x" * 10_000
BAD_VALUES = {
    "negative": "-1",
    "huge": "9" * 30,
    "zero_date": "0001-01-01",
    "far_date": "9999-12-31",
    "impossible_date": "2023-02-30",
    "long": LONG,
    "control": "a\x00b\x01\x1b[2J\x7f",
    "bidi": "\u202etxt.exe\u200b\u2066\ufeff",
    "list": ["1", "x", "-1", "2023-06-30"],
}
# Parameters a list or a dated page may read even when no link on it shows them.
COMMON_PARAMS = ("page", "per_page", "sort", "as_of", "compare", "peildatum", "q", "state", "theme", "o", "p", "e")
BAD_IDS = ("0", "9" * 25, "x" * 300 + "%00")  # int converters take the first two, str ones all
ADMIN_BAD_IDS = ("9" * 25,)  # the admin turns every id through the same code
PERSONAS = ("anonymous", "government", "education", "coordinator", "admin")
SHARDS = 4
NOT_FUZZED = {"csrfmiddlewaretoken"}


class FieldNames(HTMLParser):
    """The names of a page's form fields and the query keys of its relative links."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and attrs.get("href", "").startswith("?"):
            self.names.update(key for key, _value in parse_qsl(urlsplit(attrs["href"]).query, keep_blank_values=True))


def field_names(response) -> set[str]:
    if "html" not in response.get("Content-Type", "") or not hasattr(response, "content"):
        return set()
    parser = FieldNames()
    parser.feed(response.content.decode(errors="replace"))
    return parser.names - NOT_FUZZED


def walk(patterns=None, route="", namespace=""):
    """(route with converters, name) for every pattern of the site."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield route + str(pattern.pattern), f"{namespace}{pattern.name}" if pattern.name else None


def admin_object_id(name):
    """The primary key of a row of the admin URL's model (the newest: never a persona), or None."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name and name.startswith(prefix):
            row = model._default_manager.order_by("-pk").first()
            return None if row is None else str(row.pk)
    return None


def fill(route, value):
    """The route with every converter or regex group replaced by ``value``."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)", value, route)  # re_path groups (admin)
    path = re.sub(r"<(?:\w+:)?\w+>", value, path)  # path() converters
    path = re.sub(r"\{\w+\}", value, path)  # django-ninja's {id}
    return "/" + path.lstrip("^").rstrip("$").replace("\\", "")


@pytest.fixture
def world(government_organisation, education_organisation, coordinator):
    """The access matrix's objects, made after ``admin_user`` (see the test)."""
    return make_world(government_organisation, education_organisation, coordinator)


def urls_to_try(world):
    """Every URL of the site: with real objects where it takes an id, and with nonsense ids."""
    valid = {}
    for name, target, _expected in MATRIX:
        valid.setdefault(name, []).append(_url(name, target, world))
    urls = []
    for route, name in walk():
        has_arguments = "<" in route or "(?P" in route or "{" in route
        if not has_arguments:
            urls.append(fill(route, ""))
            continue
        if name in valid:
            urls.extend(valid[name])
        elif name and name.startswith("admin:"):
            pk = admin_object_id(name)
            if pk is not None:
                urls.append(fill(route, pk))
        urls.extend(fill(route, bad) for bad in (ADMIN_BAD_IDS if route.startswith("admin/") else BAD_IDS))
    return sorted(dict.fromkeys(urls), key=lambda url: url.startswith("/admin/"))  # the site's own pages first


@pytest.fixture
def persona_clients(coordinator, government_member, education_member, admin_user):
    def logged_in(user):
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        return client

    return {
        "anonymous": (logged_in(None), None),
        "government": (logged_in(government_member), government_member),
        "education": (logged_in(education_member), education_member),
        "coordinator": (logged_in(coordinator), coordinator),
        "admin": (logged_in(admin_user), admin_user),
    }


def send(client, method, url, data):
    """The status of one request; an exception (what a visitor would see as a 500) is returned as its text."""
    try:
        with transaction.atomic():  # a database error rolls back to here and the walk goes on
            response = getattr(client, method)(url, data)
    except Exception as error:  # noqa: BLE001 (every crash is a finding)
        return f"{type(error).__name__}: {str(error)[:200]}"
    return response


def rounds(names, kinds):
    """One request per kind; in request r field j gets kind (r + j) mod len(kinds): after len(kinds) requests every
    field has had every kind, and no request sends one kind everywhere (a field refusing it early hides nothing)."""
    names = sorted(names)
    return [
        (kinds[r], {name: BAD_VALUES[kinds[(r + j) % len(kinds)]] for j, name in enumerate(names)})
        for r in range(len(kinds))
    ]


# A page already fuzzed with every kind, the admin's hundred-odd pages (Django's one code path) and nonsense ids get
# one GET and one POST, every field with one of these kinds.
TWO_ROUNDS = ("long", "list", "far_date", "control", "bidi", "huge", "negative", "zero_date", "impossible_date")


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_url_answers_5xx_to_bad_input(admin_user, world, persona_clients, shard):
    """``admin_user`` first: the walk's admin rows are the newest of their model, never a persona's own account."""
    started = time.monotonic()
    failures, requests = [], 0
    every_url = urls_to_try(world)
    urls = every_url[shard::SHARDS]  # every SHARDS-th: the shards take about as long
    assert len(urls) >= len(every_url) // SHARDS > 50
    report = open(os.environ["FUZZ_REPORT"], "a") if os.environ.get("FUZZ_REPORT") else None  # noqa: SIM115

    def check(persona, method, url, kind, data):
        nonlocal requests
        answer = send(persona_clients[persona][0], method, url, data)
        requests += 1
        if isinstance(answer, str) or answer.status_code >= 500:
            finding = (
                persona,
                method.upper(),
                url[:120],
                kind,
                answer if isinstance(answer, str) else answer.status_code,
            )
            failures.append(finding)
            if report:
                report.write(f"FAIL {finding}\n")
            return None
        return answer

    for url in urls:
        url_started, url_requests = time.monotonic(), requests
        in_admin = url.startswith("/admin/")
        fully_fuzzed = in_admin or any(bad in url for bad in BAD_IDS[1:])  # the admin and nonsense ids: 2 rounds
        for persona in PERSONAS:
            if in_admin and persona != "admin" and url not in ("/admin/", "/admin/login/"):
                continue  # the admin's one staff check answers everyone else alike (the index shows it)
            first = check(persona, "get", url, "plain", {})
            if first is None:
                continue
            names = field_names(first) | set(COMMON_PARAMS)
            if first.status_code != 200:  # refused before any input is read
                plan = [("post", "everything", dict.fromkeys(names, LONG + "\x00\u202e"))]
            elif not fully_fuzzed:
                every = rounds(names, tuple(BAD_VALUES))
                plan = [(method, kind, data) for method in ("get", "post") for kind, data in every]
                fully_fuzzed = True
            else:
                (get_kind, get_data), (post_kind, post_data) = rounds(names, TWO_ROUNDS)[:2]
                plan = [("get", get_kind, get_data), ("post", post_kind, post_data)]
            for method, kind, data in plan:
                check(persona, method, url, kind, data)
            user = persona_clients[persona][1]
            if user is not None and url.endswith(("/logout/", "/password_change/")):
                persona_clients[persona][0].force_login(user)  # a log-out must not make the rest anonymous
        if report:
            report.write(f"{time.monotonic() - url_started:.2f} s {requests - url_requests} {url[:80]}\n")
            report.flush()
    elapsed = time.monotonic() - started
    print(f"fuzz shard {shard}: {len(urls)} URLs, {requests} requests, {elapsed:.0f} s")  # noqa: T201
    if report:
        report.write(f"fuzz shard {shard}: {len(urls)} URLs, {requests} requests, {elapsed:.0f} s\n")
        report.close()
    assert failures == [], "\n".join(map(str, failures))
