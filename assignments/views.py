"""Views of the request workflow: check access, call a selector or service, render.

State changes go through ``assignments.lifecycle`` only; a refused or stale step shows its Dutch message and
changes nothing.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from partnership.access import (
    coordinator_required,
    education_member_required,
    government_member_required,
    member_or_coordinator_required,
    role_required,
)

from . import filters, forms, lifecycle, selectors, services, tables
from .models import AssignmentState, Feedback

S = AssignmentState


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _detail(assignment):
    return redirect("assignments:request_detail", pk=assignment.pk)


def _paginated(request, table):
    RequestConfig(request, paginate={"per_page": tables.PER_PAGE}).configure(table)
    return table


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
        form = forms.RequestForm(request.POST, organisation=organisation, submit=submit)
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
    assignment = selectors.get_assignment_for_user(request.user, pk)
    if assignment.state != S.DRAFT:
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


@government_member_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    assignment = selectors.get_assignment_for_user(request.user, pk)
    if assignment.state != S.COMPLETED or Feedback.objects.filter(assignment=assignment).exists():
        messages.error(request, _("Feedback can be given once, after the assignment is completed."))
        return _detail(assignment)
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return _detail(assignment)
        messages.success(request, _("Thank you for your feedback."))
        return _detail(assignment)
    return render(
        request,
        "assignments/action_form.html",
        {
            "assignment": assignment,
            "form": form,
            "title": _("Give feedback"),
            "intro": _("How did the assignment go? Your score and comment help the programme office."),
            "button": _("Send feedback"),
        },
    )


# --- everyone who may see a request -------------------------------------------------------------------------------


@member_or_coordinator_required
def request_detail(request, pk):
    user = request.user
    assignment = selectors.get_assignment_for_user(user, pk)
    is_owner = user.is_government_member and assignment.government_organisation_id == user.organisation_id
    context = {
        "assignment": assignment,
        "is_owner": is_owner,
        "show_history": user.is_coordinator or is_owner,
        "show_contact": user.is_coordinator
        or is_owner
        or (user.is_education_member and assignment.education_organisation_id == user.organisation_id),
        "feedback": Feedback.objects.filter(assignment=assignment).select_related("given_by").first(),
    }
    if context["show_history"]:
        context["history"] = selectors.assignment_history(assignment)
        context["interests"] = selectors.assignment_interests(assignment)
    if user.is_coordinator:
        role = lifecycle.COORDINATOR
        context["actions"] = [
            action
            for action in ACTIONS.values()
            if action.coordinator and action.to_state in _targets(assignment, role)
        ]
    if is_owner:
        context["can_edit"] = assignment.state == S.DRAFT
        context["can_withdraw"] = S.WITHDRAWN in _targets(assignment, lifecycle.GOVERNMENT)
        context["can_give_feedback"] = assignment.state == S.COMPLETED and context["feedback"] is None
    if user.is_education_member:
        context["own_interest"] = selectors.interest_of(assignment, user.organisation)
        context["interest_form"] = forms.InterestForm()
    return render(request, "assignments/request_detail.html", context)


def _targets(assignment, role):
    return lifecycle.allowed_targets(assignment.state, role)


# --- state changes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    slug: str
    to_state: str
    form_class: type
    title: str
    button: str
    coordinator: bool = True
    intro: str = ""


ACTIONS = {
    action.slug: action
    for action in [
        Action(
            "accept",
            S.OPEN,
            forms.TransitionForm,
            gettext_lazy("Accept and publish"),
            gettext_lazy("Publish to education partners"),
            intro=gettext_lazy("Education partners whose level and themes fit will see the request."),
        ),
        Action("reject", S.REJECTED, forms.ReasonForm, gettext_lazy("Reject"), gettext_lazy("Reject the request")),
        Action(
            "match",
            S.PREPARATION,
            forms.MatchForm,
            gettext_lazy("Match to an education partner"),
            gettext_lazy("Match"),
            intro=gettext_lazy("The assignment then goes into preparation with this education partner."),
        ),
        Action("start", S.EXECUTION, forms.TransitionForm, gettext_lazy("Start execution"), gettext_lazy("Start")),
        Action(
            "complete", S.COMPLETED, forms.CompleteForm, gettext_lazy("Complete"), gettext_lazy("Mark as completed")
        ),
        Action("cancel", S.CANCELLED, forms.ReasonForm, gettext_lazy("Cancel"), gettext_lazy("Cancel the assignment")),
        Action(
            "withdraw",
            S.WITHDRAWN,
            forms.TransitionForm,
            gettext_lazy("Withdraw request"),
            gettext_lazy("Withdraw the request"),
            coordinator=False,
            intro=gettext_lazy("A withdrawn request cannot be submitted again. Are you sure?"),
        ),
    ]
}


def _action_form(action, assignment, data=None):
    kwargs = {"initial": {"expected_state": assignment.state}}
    if action.form_class is forms.MatchForm:
        kwargs["partners"] = selectors.education_partners_for_matching(assignment)
    if action.form_class is forms.CompleteForm:
        kwargs["initial"]["student_count"] = assignment.student_count
    return action.form_class(data, **kwargs)


@require_http_methods(["GET", "POST"])
def transition(request, pk, action):
    action = ACTIONS[action]
    if action.coordinator:
        check, role = (lambda user: user.is_coordinator), lifecycle.COORDINATOR
    else:
        check, role = (lambda user: user.is_government_member), lifecycle.GOVERNMENT
    return role_required(check)(_transition)(request, pk=pk, action=action, role=role)


def _transition(request, pk, action, role):
    assignment = selectors.get_assignment_for_user(request.user, pk)
    form = _action_form(action, assignment, request.POST if request.method == "POST" else None)
    if request.method == "GET" and action.to_state not in _targets(assignment, role):
        messages.error(
            request,
            _("This step is not possible now: the request is “%(state)s”.") % {"state": assignment.get_state_display()},
        )
        return _detail(assignment)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.transition_assignment(
                assignment=assignment, to_state=action.to_state, by=request.user, **form.lifecycle_arguments()
            )
        except lifecycle.TransitionError as error:
            messages.error(request, _error_text(error))
            return _detail(assignment)
        messages.success(request, _("Done: the request is now “%(state)s”.") % {"state": S(action.to_state).label})
        return _detail(assignment)
    context = {"assignment": assignment, "form": form, "title": action.title, "button": action.button}
    context["intro"] = action.intro
    if action.form_class is forms.MatchForm:
        context["interests"] = selectors.assignment_interests(assignment)
    return render(request, "assignments/action_form.html", context)


# --- education members --------------------------------------------------------------------------------------------


@education_member_required
def open_requests(request):
    organisation = request.user.organisation
    filterset = filters.OpenRequestsFilter(request.GET, queryset=selectors.open_requests_for(organisation))
    table = tables.OpenRequestsTable(
        filterset.qs, caption=_("Open requests for %(organisation)s") % {"organisation": organisation.name}
    )
    return _list_page(
        request,
        template="assignments/open_requests.html",
        filterset=filterset,
        table=table,
        title=_("Open requests"),
    )


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
    assignment = selectors.get_assignment_for_user(request.user, pk)
    form = forms.InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.express_interest(
                assignment=assignment, organisation=request.user.organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return _detail(assignment)
        messages.success(request, _("Your interest has been passed on to the programme office."))
        return _detail(assignment)
    return render(
        request,
        "assignments/action_form.html",
        {
            "assignment": assignment,
            "form": form,
            "title": _("Express interest"),
            "intro": _("The programme office sees your note when it matches the request to an education partner."),
            "button": _("Express interest"),
        },
    )


@education_member_required
@require_http_methods(["GET", "POST"])
def interest_withdraw(request, pk):
    assignment = selectors.get_assignment_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.withdraw_interest(assignment=assignment, organisation=request.user.organisation, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Your interest has been withdrawn."))
        return _detail(assignment)
    return render(
        request,
        "assignments/action_form.html",
        {
            "assignment": assignment,
            "form": None,
            "title": _("Withdraw interest"),
            "intro": _("The programme office will no longer see your institution as interested. Are you sure?"),
            "button": _("Withdraw interest"),
        },
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
        "unclaimed",
        gettext_lazy("Open without interest"),
        gettext_lazy("Open for 30 days or more without any education partner expressing interest."),
        tables.UnclaimedQueueTable,
        selectors.unclaimed_open_requests,
    ),
)


@coordinator_required
def queue(request):
    sections = []
    for key, heading, explanation, table_class, rows in QUEUE_SECTIONS:
        table = table_class(rows(), prefix=f"{key}-", caption=heading, caption_hidden=True)
        sections.append((key, heading, explanation, _paginated(request, table)))
    return render(request, "assignments/queue.html", {"sections": sections})


@coordinator_required
def assignment_list(request):
    filterset = filters.AssignmentFilter(request.GET, queryset=selectors.all_assignments())
    table = tables.AllAssignmentsTable(filterset.qs, caption=_("All assignments"))
    return _list_page(
        request,
        template="assignments/assignment_list.html",
        filterset=filterset,
        table=table,
        title=_("Assignments"),
    )
