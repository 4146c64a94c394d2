"""How the toolkit's priority outcomes read in audit trails (riep.core.history): "changed what the partnership
agreed to deliver of the priority outcome ‘Tackling obesity’ from … to …"."""
from riep.core.history import describe
from riep.performance.models import Outcome, PriorityOutcome, ResourceAsk


def _outcome_name(priority) -> str:
    """The priority's outcome by name; a removed outcome of the partnership's own by its name in its history."""
    found = Outcome.objects.filter(pk=priority.outcome_id).first() or \
        Outcome.history.filter(id=priority.outcome_id).order_by("-history_date").first()
    return found.name if found else ""


def register() -> None:
    describe(PriorityOutcome, name="priority outcome", title=_outcome_name, hidden={"illustrative", "partnership"},
             labels={"statement": "what the partnership agreed to deliver", "projects": "projects serving it"})
    describe(Outcome, name="outcome", labels={"description": "meaning"},
             hidden={"slug", "framework", "whitehall_priority", "partnership"})
    describe(ResourceAsk, name="resource", title=lambda r: r.description, hidden={"priority"})
