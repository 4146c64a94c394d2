"""Additionality: each project's choice of parameter set, attribution and overrides, and the assessment of its gains."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from riep.core.audit import version_table
from riep.core.history import NOBODY, when_text
from riep.core.permissions import name_shown_to
from riep.core.tables import COUNT, LINK, Column, Table
from riep.ledger.calc import additionality as add_calc
from riep.ledger.calc.gains import as_share
from riep.ledger.models import AdditionalityChoice, EfficiencyGain
from riep.ledger.permissions import may_choose_additionality
from riep.ledger.services.gains import to_calc_gain

DEFAULT_PARAMETER_SET = "cost_saving_no_reference_case"


def additionality_assessment(gain: EfficiencyGain, choice: AdditionalityChoice | None = None,
                             calc_gain=None) -> add_calc.Assessment:
    """The gain's additionality assessment from its project's choice (or the no-reference-case default).
    `calc_gain`: the gain already converted by to_calc_gain (the value report converts each gain once)."""
    sets = add_calc.load_parameter_sets()
    if choice is None and gain.project_id:
        choice = getattr(gain.project, "additionality", None)
    overrides = ()
    attribution, reason = Fraction(1), ""
    key = DEFAULT_PARAMETER_SET
    if choice is not None:
        key = choice.parameter_set
        overrides = tuple(add_calc.Override(o["parameter"], o["value"], o["reason"]) for o in choice.overrides or [])
        attribution, reason = as_share(choice.attribution), choice.attribution_reason
    reference = {y.year: y.reference_saving for y in gain.years.all() if y.reference_saving is not None}
    has_deadweight = any(o.parameter == "deadweight" for o in overrides)
    if not reference and not has_deadweight and sets[key].get("deadweight").value is None:
        # No estimate of what would have happened anyway: assume none, and say so.
        overrides += (add_calc.Override("deadweight", Decimal(0), "No reference case recorded for this gain: taken as none."),)
    # A deadweight override and reference amounts together: the amounts govern their years, the override the rest.
    return add_calc.Assessment(
        gain=calc_gain or to_calc_gain(gain), parameter_set=sets[key], attribution=attribution, overrides=overrides,
        reference_amounts=reference, evidence_strength=gain.evidence_level, attribution_reason=reason,
    )


def assess_additionality(gain: EfficiencyGain) -> add_calc.GainAdditionality:
    return add_calc.assess_additionality(additionality_assessment(gain))


@transaction.atomic
def save_additionality_choice(user, project, parameter_set: str, attribution: str, attribution_reason: str,
                              overrides: list[dict], reason: str = "") -> tuple[AdditionalityChoice, bool]:
    """Creates or changes the project's additionality choice; returns (choice, changed). History keeps every version."""

    if not may_choose_additionality(user, project):
        raise PermissionDenied(f"Only a programme manager of {project.partnership} may change the additionality of {project}.")
    choice = AdditionalityChoice.objects.filter(project=project).first()
    creating = choice is None
    choice = choice or AdditionalityChoice(project=project)
    new = {"parameter_set": parameter_set, "attribution": str(attribution).strip(),
           "attribution_reason": (attribution_reason or "").strip(), "overrides": list(overrides)}
    if not creating and all(getattr(choice, k) == v for k, v in new.items()):
        return choice, False
    if not creating and not reason.strip():
        raise ValidationError("Give a reason for the change: every change is kept with its reason.")
    for name, value in new.items():
        setattr(choice, name, value)
    choice.full_clean()
    choice._history_user = user if getattr(user, "pk", None) else None
    choice._change_reason = (reason.strip() or "First choice")[:100]
    choice.save()
    return choice, True


def additionality_history_table(project, viewer=None) -> Table:
    """Every version of the project's choice: parameter set, attribution, overrides and their reasons (told in
    sentences on the page, the rows in the download)."""
    sets = add_calc.load_parameter_sets()
    rows, sentences = [], []
    for h in AdditionalityChoice.history.filter(project_id=project.pk).select_related("history_user").order_by("-history_date", "-history_id"):
        label = sets[h.parameter_set].label if h.parameter_set in sets else h.parameter_set
        who = name_shown_to(viewer, h.history_user, NOBODY)
        overrides = "; ".join(f"{o.get('parameter', '').replace('_', ' ')} = {o.get('value')} ({o.get('reason')})"
                              for o in h.overrides or [])
        rows.append({
            "when": h.history_date.strftime("%d %b %Y %H:%M"),
            "who": name_shown_to(viewer, h.history_user, "System (import or demo)"),
            "set": label,
            "attribution": h.attribution + (f" ({h.attribution_reason})" if h.attribution_reason else ""),
            "overrides": overrides or "None",
            "reason": h.history_change_reason or ("Deleted" if h.history_type == "-" else ""),
        })
        if h.history_type == "-":
            sentences.append(f"{who} removed the choice on {when_text(h.history_date)}.")
            continue
        text = (f"{who} chose “{label}” with attribution {h.attribution}"
                + (f" ({h.attribution_reason})" if h.attribution_reason else "")
                + (f", overriding {overrides}" if overrides else ", with no overrides")
                + f" on {when_text(h.history_date)}")
        sentences.append(text + (f": “{h.history_change_reason}”." if h.history_change_reason else "."))
    return version_table("additionality-history", f"Every version of the additionality choice for {project.name}", [
        Column("when", "When"), Column("who", "Who"), Column("set", "Parameter set"),
        Column("attribution", "Attribution (reason)"), Column("overrides", "Overrides (value and reason)"),
        Column("reason", "Reason for the change"),
    ], rows, sentences)


def parameter_sets_table() -> Table:
    """The parameter sets in reference/additionality.json: each parameter's value, source and verify flag."""
    rows = []
    for s in add_calc.load_parameter_sets().values():
        for p in s.parameters:
            rows.append({
                "set": s.label, "parameter": p.name.replace("_", " "),
                "value": "Estimate for each intervention" if p.value is None else str(p.value),
                "source": p.source + (f" ({p.level} level)" if p.level else ""),
                "verify": "Verify against the Guide" if p.verify else "",
                "illustrative": "Illustrative" if s.illustrative else "",
            })
    return Table("parameter-sets", "Parameter sets and their values", [
        Column("set", "Parameter set"), Column("parameter", "Parameter"), Column("value", "Value"),
        Column("source", "Source"), Column("verify", "Verify flag"), Column("illustrative", "Status"),
    ], rows, note="Parameters without a reference case value take the gross side's value (for example reference "
                  "leakage = leakage). Values flagged ‘verify’ should be checked against the Additionality Guide before use.")


def projects_additionality_table(projects, page=None) -> Table:
    """`projects` with `additionality` selected (one query); `page` when they are one page of a longer list."""
    sets = add_calc.load_parameter_sets()
    rows = []
    for project in projects:
        try:
            choice = project.additionality
        except AdditionalityChoice.DoesNotExist:
            choice = None
        rows.append({
            "project": project.name, "url": f"/ledger/projects/{project.code}/additionality/",
            "partnership": str(project.partnership),
            "set": (sets[choice.parameter_set].label if choice.parameter_set in sets else choice.parameter_set)
            if choice else f"Not chosen: {sets[DEFAULT_PARAMETER_SET].label} is used",
            "attribution": choice.attribution if choice else "1",
            "overrides": len(choice.overrides or []) if choice else 0,
        })
    return Table("project-additionality", "Additionality choice of each project with gains", [
        Column("project", "Project", LINK), Column("partnership", "Partnership"),
        Column("set", "Parameter set"), Column("attribution", "Attribution"), Column("overrides", "Overrides", COUNT),
    ], rows, page=page)
