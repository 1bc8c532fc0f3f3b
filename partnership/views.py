"""The one shape of every page that confirms an action or asks a few fields for it, for every app's views."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .access import coordinator_required
from .models import Organisation


def action_page(
    request,
    *,
    template: str,
    context: dict,
    perform: Callable,
    done: str | Callable,
    back: str,
    form=None,
    refusal: str | None = None,
    refusal_in_page: bool = False,
):
    """Show the page of an action, or take it.

    - ``refusal``: why the action is not possible now (``None``: it is). It is an error message and a redirect to
      ``back``, or, with ``refusal_in_page``, shown on the page itself (``refusal`` in the context) and a POST answers
      400 without acting.
    - A POST with a valid ``form`` (or without a form: a bare confirmation) calls ``perform(form)``. A
      ``ValidationError`` it raises becomes an error message; otherwise ``done`` (text, or a function of what
      ``perform`` returned) a success message. Either way the user goes to ``back``.
    - Otherwise (GET, or a form with errors): ``template`` with ``context``, ``form`` and ``refusal``.
    """
    if refusal is not None and not refusal_in_page:
        messages.error(request, refusal)
        return redirect(back)
    posted = request.method == "POST"
    if posted and refusal is None and (form is None or form.is_valid()):
        try:
            result = perform(form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done(result) if callable(done) else done)
        return redirect(back)
    status = 400 if posted and refusal is not None else 200
    return render(request, template, {**context, "form": form, "refusal": refusal}, status=status)


# --- duplicate organisations (coordinators) ------------------------------------------------------------------------


@coordinator_required
def organisation_duplicates(request):
    """Pairs of organisations whose names look alike, each with a link to merge them (either way round)."""
    context = {
        "pairs": selectors.likely_duplicates(),
        "threshold": round(selectors.DUPLICATE_SIMILARITY * 100),
        "limit": selectors.DUPLICATE_LIMIT,
    }
    return render(request, "partnership/organisation_duplicates.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def organisation_merge(request, keep, drop):
    """Confirm, then merge ``drop`` into ``keep`` (``services.merge_organisations``)."""
    if keep == drop:
        raise Http404
    kept = get_object_or_404(Organisation, pk=keep)
    dropped = get_object_or_404(Organisation, pk=drop)
    context = {
        "keep": kept,
        "drop": dropped,
        "preview": selectors.merge_preview(kept, dropped),
        "both_partners": selectors.both_partners(kept, dropped),
    }
    return action_page(
        request,
        template="partnership/organisation_merge.html",
        context=context,
        perform=lambda _form: services.merge_organisations(keep=kept, drop=dropped, by=request.user),
        done=lambda merged: _("%(drop)s has been merged into %(keep)s.") % {"drop": dropped.name, "keep": merged.name},
        back=reverse("organisation_duplicates"),
    )
