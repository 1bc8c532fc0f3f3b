"""Views of the request workflow: check access, call a selector or service, render.

State changes go through ``assignments.lifecycle`` only; a refused or stale step shows its Dutch message and
changes nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from partnership.access import (
    ROLE_REQUIRED,
    coordinator_required,
    education_member_required,
    government_member_required,
    member_or_coordinator_required,
)
from partnership.lists import paginate
from partnership.spreadsheets import export_response
from partnership.views import action_page

from . import filters, followups, forms, lifecycle, matching, selectors, services, tables
from .kinds import ASSIGNMENTS
from .models import PUBLISHED_STATES, AnswerChannel, AssignmentState, Outcome


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _detail_url(assignment) -> str:
    return reverse("assignments:request_detail", kwargs={"pk": assignment.pk})


def _detail(assignment):
    return redirect(_detail_url(assignment))


def _paginated(request, table):
    return paginate(request, table)


def _list_page(request, *, template, filterset, table, title, intro=""):
    _paginated(request, table)
    return render(request, template, {"filter": filterset, "table": table, "title": title, "intro": intro})


# --- government members -------------------------------------------------------------------------------------------


@government_member_required
def my_requests(request):
    organisation = request.user.organisation
    filterset = filters.MyRequestsFilter(request.GET, queryset=selectors.organisation_requests(organisation))
    table = tables.MyRequestsTable(
        filterset.qs, caption=_("Requests of %(organisation)s") % {"organisation": organisation.name}
    )
    return _list_page(
        request, template="assignments/my_requests.html", filterset=filterset, table=table, title=_("My requests")
    )


@government_member_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    organisation = request.user.organisation
    if request.method == "POST":
        submit = "submit" in request.POST
        form = forms.RequestForm(request.POST, organisation=organisation, submit=submit, needs_token=True)
        if form.is_valid():
            token = form.cleaned_data["form_token"]
            try:
                assignment, created = services.create_request(
                    by=request.user, token=token, submit=submit, **form.request_fields()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(request, _("Your request was submitted.") if submit else _("Draft saved."))
                else:
                    messages.info(request, _("This form had already been sent; your request was saved once."))
                return _detail(assignment)
    else:
        form = forms.RequestForm(organisation=organisation)
    return render(request, "assignments/request_form.html", {"form": form, "assignment": None})


@government_member_required
@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    assignment, access = selectors.get_assignment_for_user(request.user, pk)
    if not access.may_edit:
        messages.error(
            request,
            _("Only a draft can be edited; this request is “%(state)s”.") % {"state": assignment.get_state_display()},
        )
        return _detail(assignment)
    organisation = request.user.organisation
    if request.method == "POST":
        submit = "submit" in request.POST
        form = forms.RequestForm(request.POST, instance=assignment, organisation=organisation, submit=submit)
        if form.is_valid():
            try:
                services.update_draft(assignment=assignment, by=request.user, submit=submit, **form.request_fields())
            except lifecycle.StaleState as error:
                messages.error(request, _error_text(error))
                return _detail(assignment)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your request was submitted.") if submit else _("Draft saved."))
                return _detail(assignment)
    else:
        form = forms.RequestForm(instance=assignment, organisation=organisation)
    return render(request, "assignments/request_form.html", {"form": form, "assignment": assignment})


def _assignment_action(request, assignment, *, title, intro, button, back=None, extra=None, **action):
    """``action_page`` for one assignment on the shared action page: its title, an introduction and the button's
    text; back to the request's page unless ``back`` says otherwise. ``extra`` adds to the template's context."""
    return action_page(
        request,
        back=back or _detail_url(assignment),
        template="assignments/action_form.html",
        context={"assignment": assignment, "title": title, "intro": intro, "button": button, **(extra or {})},
        **action,
    )


@government_member_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    assignment, access = selectors.get_assignment_for_user(request.user, pk)
    return _assignment_action(
        request,
        assignment,
        title=_("Give feedback"),
        intro=_("How did the assignment go? Your score and comment help the programme office."),
        button=_("Send feedback"),
        refusal=None
        if access.may_give_feedback
        else _("Feedback can be given once, after the assignment is completed."),
        form=forms.FeedbackForm(request.POST or None),
        perform=lambda form: services.give_feedback(assignment=assignment, by=request.user, **form.cleaned_data),
        done=_("Thank you for your feedback."),
    )


# --- everyone who may see a request -------------------------------------------------------------------------------


@member_or_coordinator_required
def request_detail(request, pk):
    user = request.user
    assignment, access = selectors.get_assignment_for_user(user, pk)
    context = {
        "assignment": assignment,
        "access": access,
        "feedback": selectors.feedback_of(assignment) if access.has_feedback else None,
    }
    if access.may_see_history:
        context["history"] = selectors.assignment_history(assignment)
        context["interests"] = selectors.assignment_interests(assignment)
    if access.may_see_audit_trail:
        context["audit_trail"] = selectors.request_audit_trail(assignment)
    if access.may_see_advice:
        advice = matching.advise(assignment)
        invitations = selectors.invitations_of(assignment)
        asked = {invitation.organisation_id: invitation for invitation in invitations}
        context.update(
            advice=advice,
            advice_rows=[(ranked, asked.get(ranked.candidate.id)) for ranked in advice.ranking],
            factors=matching.FACTORS,
            factor_weights=[(f, matching.number_shown(advice.weights[f.key])) for f in matching.FACTORS],
            invitations=invitations,
            declines=selectors.declines_of(assignment),
        )
    if access.may_express_interest:
        context["own_interest"] = selectors.interest_of(assignment, user.organisation)
        context["own_decline"] = selectors.decline_of(assignment, user.organisation)
        context["interest_form"] = forms.InterestForm()
    return render(request, "assignments/request_detail.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def invite_interest(request, pk):
    """ "Vraag om interesse": e-mail the members of the chosen institutions of the advice, once each."""
    assignment, access = selectors.get_assignment_for_user(request.user, pk)
    refusal = None
    if assignment.state not in PUBLISHED_STATES:
        refusal = _("Interest can only be asked for an open request; this one is “%(state)s”. Nothing was sent.") % {
            "state": assignment.get_state_display()
        }
    advice = matching.advise(assignment) if refusal is None else None
    asked = set(selectors.invitations_of(assignment).values_list("organisation_id", flat=True))
    form = forms.InviteForm(
        request.POST if request.method == "POST" else None, ranking=advice.ranking if advice else [], asked=asked
    )

    def perform(form):
        chosen = set(form.cleaned_data["organisations"])
        organisations = [r.candidate.id for r in advice.ranking if r.candidate.id in chosen]
        return services.invite_interest(
            assignment=assignment, organisations=selectors.education_partners(organisations), by=request.user
        )

    def done(result):
        made, before = result
        parts = []
        if made:
            parts.append(_("Asked for interest: %(names)s.") % {"names": ", ".join(i.organisation.name for i in made)})
        if before:
            parts.append(
                _("Asked before, nothing sent again: %(names)s.") % {"names": ", ".join(o.name for o in before)}
            )
        return " ".join(parts)

    return _assignment_action(
        request,
        assignment,
        title=_("Ask for interest"),
        intro=_(
            "The members of each chosen institution get an e-mail with a link to the request. An institution is "
            "asked once per request; the institutions asked before are not offered again."
        ),
        button=_("Send the e-mails"),
        back=_detail_url(assignment) + "#advies",
        refusal=refusal,
        form=form,
        perform=perform,
        done=done,
    )


@education_member_required
@require_http_methods(["GET", "POST"])
def decline(request, pk):
    assignment, access = selectors.get_assignment_for_user(request.user, pk)
    organisation = request.user.organisation
    return _assignment_action(
        request,
        assignment,
        title=_("Decline the request"),
        intro=_(
            "The programme office will not ask your institution about this request again. You can still "
            "express interest later."
        ),
        button=_("Decline"),
        refusal=None if access.may_express_interest else _("This request is no longer open. Nothing was changed."),
        perform=lambda _form: services.decline_request(
            assignment=assignment, organisation=organisation, by=request.user
        ),
        done=_("Noted: your institution will not take up this request."),
    )


# --- state changes: one view serves every action of ``lifecycle.ACTIONS`` -------------------------------------------

# The form of each thing an action asks for (``Action.asks``).
ACTION_FORMS = {
    "": forms.TransitionForm,
    lifecycle.REASON: forms.ReasonForm,
    lifecycle.PARTNER: forms.MatchForm,
    lifecycle.STUDENT_COUNT: forms.CompleteForm,
}


def _action_form(action, assignment, data=None):
    kwargs = {"initial": {"expected_state": assignment.state}}
    if action.asks == lifecycle.PARTNER:
        kwargs["partners"] = selectors.education_partners_for_matching(assignment)
    if action.asks == lifecycle.STUDENT_COUNT:
        kwargs["initial"]["student_count"] = assignment.student_count
    return ACTION_FORMS[action.asks](data, **kwargs)


@require_http_methods(["GET", "POST"])
def transition(request, pk, action):
    """The page of ``lifecycle.ACTIONS[action]``; only the role that takes it gets past the role check (403)."""
    action = lifecycle.ACTIONS[action]
    return ROLE_REQUIRED[action.by](_transition)(request, pk=pk, action=action)


def _transition(request, pk, action):
    assignment, access = selectors.get_assignment_for_user(request.user, pk)
    posted = request.method == "POST"
    refusal = None
    # A POST goes to the lifecycle, whose answer is more precise (a stale page, a step outside the table).
    if not posted and not access.may(action):
        refusal = _("This step is not possible now: the request is “%(state)s”.") % {
            "state": assignment.get_state_display()
        }
    extra = {"interests": selectors.assignment_interests(assignment)} if action.asks == lifecycle.PARTNER else {}
    return _assignment_action(
        request,
        assignment,
        title=action.title,
        intro=action.intro,
        button=action.button,
        extra=extra,
        refusal=refusal,
        form=_action_form(action, assignment, request.POST if posted else None),
        perform=lambda form: lifecycle.transition_assignment(
            assignment=assignment, to_state=action.to_state, by=request.user, **form.lifecycle_arguments()
        ),
        done=_("Done: the request is now “%(state)s”.") % {"state": AssignmentState(action.to_state).label},
    )


# --- education members --------------------------------------------------------------------------------------------


@education_member_required
def open_requests(request):
    """The institution's offer, ordered by how well each request fits it (its own points only) unless the user
    sorts by a column; every row says why it fits."""
    organisation = request.user.organisation
    filterset = filters.OpenRequestsFilter(request.GET, queryset=selectors.open_requests_for(organisation))
    by_fit = not request.GET.get("sort")
    rows = filterset.qs
    fit = {}
    if by_fit:
        rows = list(rows)
        fit = matching.fit_for_institution(rows, organisation)
        rows = matching.order_by_fit(rows, fit)
    table = tables.OpenRequestsTable(
        rows, caption=_("Open requests for %(organisation)s") % {"organisation": organisation.name}
    )
    _paginated(request, table)
    if not by_fit:
        fit = matching.fit_for_institution([row.record for row in table.page.object_list], organisation)
    table.fit_by_request = fit
    intro = _("Ordered by how well each request fits your institution; sort by a column to change that.")
    context = {"filter": filterset, "table": table, "title": _("Open requests"), "intro": intro}
    return render(request, "assignments/open_requests.html", context)


@education_member_required
def our_assignments(request):
    organisation = request.user.organisation
    filterset = filters.InstitutionAssignmentsFilter(
        request.GET, queryset=selectors.institution_assignments(organisation)
    )
    table = tables.InstitutionAssignmentsTable(
        filterset.qs, caption=_("Assignments of %(organisation)s") % {"organisation": organisation.name}
    )
    return _list_page(
        request,
        template="assignments/our_assignments.html",
        filterset=filterset,
        table=table,
        title=_("Our assignments"),
    )


@education_member_required
@require_http_methods(["GET", "POST"])
def interest(request, pk):
    assignment, _access = selectors.get_assignment_for_user(request.user, pk)
    organisation = request.user.organisation
    return _assignment_action(
        request,
        assignment,
        title=_("Express interest"),
        intro=_("The programme office sees your note when it matches the request to an education partner."),
        button=_("Express interest"),
        form=forms.InterestForm(request.POST or None),
        perform=lambda form: services.express_interest(
            assignment=assignment, organisation=organisation, by=request.user, **form.cleaned_data
        ),
        done=_("Your interest has been passed on to the programme office."),
    )


@education_member_required
@require_http_methods(["GET", "POST"])
def interest_withdraw(request, pk):
    assignment, _access = selectors.get_assignment_for_user(request.user, pk)
    organisation = request.user.organisation
    return _assignment_action(
        request,
        assignment,
        title=_("Withdraw interest"),
        intro=_("The programme office will no longer see your institution as interested. Are you sure?"),
        button=_("Withdraw interest"),
        perform=lambda _form: services.withdraw_interest(
            assignment=assignment, organisation=organisation, by=request.user
        ),
        done=_("Your interest has been withdrawn."),
    )


# --- coordinators -------------------------------------------------------------------------------------------------


# The work queue's sections: (key, heading, explanation, table, rows).
QUEUE_SECTIONS = (
    (
        "submitted",
        gettext_lazy("Submitted requests"),
        gettext_lazy("Waiting for a decision: accept and publish, or reject with a reason. Oldest first."),
        tables.SubmittedQueueTable,
        selectors.submitted_requests,
    ),
    (
        "overdue",
        gettext_lazy("Past their planned end"),
        gettext_lazy("In preparation or execution while the wanted period has ended."),
        tables.OverdueQueueTable,
        selectors.overdue_assignments,
    ),
    (
        "advice",
        gettext_lazy("Open requests: matching advice"),
        gettext_lazy(
            "Every open request with the three education partners the matching advice ranks highest (points in "
            "brackets); the request's page shows the whole ranking and asks partners for interest. Oldest first."
        ),
        tables.AdviceQueueTable,
        selectors.open_requests_oldest_first,
    ),
    (
        "unclaimed",
        gettext_lazy("Open without interest"),
        gettext_lazy("Open for 30 days or more without any education partner expressing interest."),
        tables.UnclaimedQueueTable,
        selectors.unclaimed_open_requests,
    ),
    (
        "followups-overdue",
        gettext_lazy("Follow-ups without an answer after the reminder"),
        gettext_lazy("Asked what became of the students and reminded, still no answer: call and enter it."),
        tables.FollowUpQueueTable,
        selectors.followups_overdue,
    ),
    (
        "followups-due",
        gettext_lazy("Follow-ups waiting for an answer"),
        gettext_lazy("Completed assignments whose follow-up is due; the organisation has been asked by e-mail."),
        tables.FollowUpQueueTable,
        selectors.followups_waiting,
    ),
    (
        "followups-answered",
        gettext_lazy("Follow-ups answered recently"),
        gettext_lazy("Answers given in the last 60 days; open one to correct it."),
        tables.AnsweredFollowUpTable,
        selectors.followups_answered,
    ),
)


@coordinator_required
def queue(request):
    sections = []
    for key, heading, explanation, table_class, rows in QUEUE_SECTIONS:
        table = _paginated(request, table_class(rows(), prefix=f"{key}-", caption=heading, caption_hidden=True))
        if hasattr(table, "prepare_page"):
            table.prepare_page()
        sections.append((key, heading, explanation, table))
    return render(request, "assignments/queue.html", {"sections": sections})


def _export_urls(request) -> dict[str, str]:
    """The export links of a list: its filters and order as they are, without the page and its size."""
    query = request.GET.copy()
    for key in ("page", "per_page", "format"):
        query.pop(key, None)
    base = reverse("assignments:assignment_export")
    urls = {}
    for chosen in ("csv", "xlsx"):
        query["format"] = chosen
        urls[chosen] = f"{base}?{query.urlencode()}"
    return urls


@coordinator_required
def assignment_list(request):
    filterset = filters.AssignmentFilter(request.GET, queryset=selectors.all_assignments())
    table = tables.AllAssignmentsTable(filterset.qs, caption=_("All assignments"))
    paginate(request, table)  # page sizes from a short list, a count capped at COUNT_CAP
    context = {"filter": filterset, "table": table, "title": _("Assignments"), "export_urls": _export_urls(request)}
    return render(request, "assignments/assignment_list.html", context)


@require_GET
@coordinator_required
def assignment_export(request):
    """The filtered list (every row, not a page) as CSV or XLSX, in the list's order (``?sort=`` as on the page): the
    import's format (``assignments.kinds.ASSIGNMENTS``), so that the file imports back unchanged."""
    filterset = filters.AssignmentFilter(request.GET, queryset=selectors.all_assignments())
    if not filterset.is_valid():
        errors = " ".join(str(error) for field_errors in filterset.errors.values() for error in field_errors)
        message = _("The list cannot be exported with these filters: %(errors)s") % {"errors": errors}
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    table = tables.AllAssignmentsTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)  # the order the list shows
    stem = f"opdrachten-{timezone.localdate().isoformat()}"
    return export_response(request, stem, ASSIGNMENTS.header(), ASSIGNMENTS.file_rows(table.data.data))


# --- follow-ups (terugmeldingen) ----------------------------------------------------------------------------------


def _followup_context(assignment, form, **extra):
    return {
        "assignment": assignment,
        "form": form,
        "outcome_fields": [form[outcome] for outcome in Outcome.values],
        "other_fields": [form[name] for name in ("respondent", "reason") if name in form.fields],
        **extra,
    }


@member_or_coordinator_required
@require_http_methods(["GET", "POST"])
def followup(request, pk):
    """The requesting organisation's members (and coordinators: an answer by phone, a correction) say what became
    of the students of a completed assignment; every answer is a new version."""
    assignment, access = selectors.get_assignment_for_user(request.user, pk)
    if not access.may_answer_followup:
        messages.error(request, _("What became of the students can be told once the assignment is completed."))
        return _detail(assignment)
    current = followups.current_answer(assignment.pk)
    coordinator = access.is_coordinator
    form = forms.FollowUpForm(
        request.POST or None,
        assignment=assignment,
        coordinator=coordinator,
        correcting=coordinator and current is not None,
        initial=current.counts if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            followups.answer_followup(
                assignment=assignment,
                counts=form.counts,
                channel=AnswerChannel.COORDINATOR if coordinator else AnswerChannel.PORTAL,
                by=request.user,
                respondent=form.cleaned_data.get("respondent", ""),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the answer is saved."))
            return _detail(assignment)
    context = _followup_context(
        assignment, form, current=current, versions=followups.versions(assignment.pk), access=access
    )
    return render(request, "assignments/followup_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def followup_answer(request, token):
    """The e-mail link: no log-in; the link is the permission. It works until it is used or expires."""
    found = followups.followup_for_token(token)
    if found is None:
        response = render(request, "assignments/followup_link_invalid.html", status=404)
        response["Cache-Control"] = "no-store"
        return response
    assignment = found.assignment
    form = forms.FollowUpForm(request.POST or None, assignment=assignment, public=True)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            followups.answer_followup(
                assignment=assignment,
                counts=form.counts,
                channel=AnswerChannel.EMAIL,
                followup=found,
                respondent=form.cleaned_data.get("respondent", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = True
    context = _followup_context(assignment, form, done=done, public=True)
    response = render(request, "assignments/followup_public.html", context, status=400 if form.errors else 200)
    response["Cache-Control"] = "no-store"  # the site's Referrer-Policy (same-origin) keeps the link in the site
    return response
