"""What one user may do with one assignment: the one answer views, services and templates ask.

``selectors.get_assignment_for_user`` returns it together with the assignment (an assignment the user may not see is
a 404 before that); services ask ``assignment_access`` about the row they locked. Roles come from
``User.access_role``, so a superuser is a coordinator here as everywhere.
"""

from dataclasses import dataclass

from partnership.models import Role

from . import lifecycle
from .models import DONE_STATES, EDITABLE_STATES, PUBLISHED_STATES, Assignment


@dataclass(frozen=True)
class AssignmentAccess:
    assignment: Assignment
    role: str
    # A member of the requesting organisation.
    is_owner: bool
    # A member of the education partner the assignment is matched with.
    is_partner: bool
    has_feedback: bool = False

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def may_see_history(self) -> bool:
        """The history and the expressions of interest."""
        return self.is_coordinator or self.is_owner

    @property
    def may_see_interest_notes(self) -> bool:
        """The notes education partners wrote with their interest are for the programme office only."""
        return self.is_coordinator

    @property
    def may_see_audit_trail(self) -> bool:
        """Who changed which field of the record (``partnership.selectors.history_for``): coordinators only."""
        return self.is_coordinator

    @property
    def may_see_advice(self) -> bool:
        """The matching advice (every institution's scores): coordinators, while the request waits for a partner."""
        from .matching import ADVISED_STATES  # matching reads the models only; imported late to keep access light

        return self.is_coordinator and self.assignment.state in ADVISED_STATES

    @property
    def may_see_contact(self) -> bool:
        return self.is_coordinator or self.is_owner or self.is_partner

    @property
    def may_edit(self) -> bool:
        """Change the request's own fields, and submit it: its organisation, while it is a draft."""
        return self.is_owner and self.assignment.state in EDITABLE_STATES

    @property
    def may_give_feedback(self) -> bool:
        return self.is_owner and self.assignment.state in DONE_STATES and not self.has_feedback

    @property
    def may_answer_followup(self) -> bool:
        """Say what became of the students (a coordinator also for a phone answer or a correction): the requesting
        organisation's members and coordinators, once the assignment is completed."""
        return (self.is_owner or self.is_coordinator) and self.assignment.state in DONE_STATES

    @property
    def may_express_interest(self) -> bool:
        """Express interest (or withdraw it): an education partner, while the request is open."""
        return self.role == Role.EDUCATION_MEMBER and self.assignment.state in PUBLISHED_STATES

    @property
    def actions(self) -> list[lifecycle.Action]:
        """The lifecycle's actions this user may take now; a government member only on their own requests."""
        if self.role == lifecycle.GOVERNMENT and not self.is_owner:
            return []
        return lifecycle.actions_for(self.assignment.state, self.role)

    def may(self, action: lifecycle.Action) -> bool:
        return action in self.actions


def assignment_access(user, assignment: Assignment, *, has_feedback: bool = False) -> AssignmentAccess:
    """What ``user`` may do with ``assignment`` (which they may see); no queries."""
    role = user.access_role
    organisation_id = user.organisation_id
    return AssignmentAccess(
        assignment=assignment,
        role=role,
        is_owner=role == Role.GOVERNMENT_MEMBER and organisation_id == assignment.government_organisation_id,
        is_partner=role == Role.EDUCATION_MEMBER
        and organisation_id is not None
        and organisation_id == assignment.education_organisation_id,
        has_feedback=has_feedback,
    )
