"""Ledger use cases: gains to the pure engines, NI 179 returns, locking and the sign-off workflow.

Pages, the API, the importer and the CLI all change gains through `save_gain`, which refuses any
change that touches a locked (validated) NI 179 return, so the rule holds everywhere.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from riep.core.fy import FinancialYear
from riep.core.permissions import (
    Role, _partnership_council_ids, has_permission, require_record_gains_for, require_validate_return_for,
)
from riep.core.tables import MONEY, NUMBER, TEXT, YEAR, Column, Table
from riep.ledger.calc import additionality as add_calc
from riep.ledger.calc import csr07 as csr07_calc
from riep.ledger.calc.gains import CouncilShare, Gain, GainYear as CalcYear, as_share
from riep.ledger.calc.ni179 import Basis, Ni179Result, ni179
from riep.ledger.models import (
    AdditionalityChoice, Csr07Baseline, EfficiencyGain, GainShare, GainYear, Ni179Return, ReturnStatus,
)
from riep.registry.models import Organisation, Partnership

ZERO = Decimal("0.00")
DEFAULT_PARAMETER_SET = "cost_saving_no_reference_case"
GAIN_FIELDS = (
    "council", "project", "service_area", "category", "description", "cash_releasing", "service_quality_maintained",
    "quality_evidence", "status", "evidence_level", "evidence_method", "first_year", "illustrative",
)
AMOUNT_FIELDS = ("gross_saving", "investment", "ongoing_costs", "staff_costs_incurred_anyway", "reference_saving")


class LedgerLocked(ValidationError):
    """A change refused because it touches a validated, locked NI 179 return."""


# --- from the database to the pure engines -------------------------------------------------------------------


def council_code(council: Organisation) -> str:
    return council.gss_code or council.snac_code or f"org-{council.pk}"


def gains_queryset():
    return EfficiencyGain.objects.select_related("council", "project", "project__partnership", "project__theme").prefetch_related(
        "years", Prefetch("shares", queryset=GainShare.objects.select_related("council")),
    )


def to_calc_gain(gain: EfficiencyGain) -> Gain:
    shares = tuple(CouncilShare(council_code(s.council), as_share(s.share)) for s in gain.shares.all())
    return Gain(
        id=gain.reference, council_code=council_code(gain.council), category=gain.category,
        cash_releasing=gain.cash_releasing, service_quality_maintained=gain.service_quality_maintained,
        status=gain.status, first_year=gain.first_year,
        years=tuple(CalcYear(y.year, y.gross_saving, y.investment, y.ongoing_costs, y.staff_costs_incurred_anyway)
                    for y in gain.years.all()),
        project_id=gain.project.code if gain.project_id else None, shares=shares, description=gain.description,
    )


def gains_for_council(council: Organisation):
    return gains_queryset().filter(Q(council=council) | Q(shares__council=council)).distinct()


def partnership_councils(partnership: Partnership) -> list[Organisation]:
    ids = set(partnership.memberships.values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def gains_for_partnership(partnership: Partnership):
    """The partnership's gains: those of its projects, and project-less gains of its member councils."""
    members = partnership.memberships.values_list("organisation_id", flat=True)
    return gains_queryset().filter(
        Q(project__partnership=partnership) | Q(project__isnull=True, council_id__in=members)
    ).distinct()


def ni179_for_council(council: Organisation, year: FinancialYear, basis: Basis = Basis.OUTTURN) -> Ni179Result:
    gains = [to_calc_gain(g) for g in gains_for_council(council)]
    return ni179(gains, year, basis, councils=[council_code(council)])


def additionality_assessment(gain: EfficiencyGain, choice: AdditionalityChoice | None = None) -> add_calc.Assessment:
    """The gain's additionality assessment from its project's choice (or the no-reference-case default)."""
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
    if reference and has_deadweight:
        overrides = tuple(o for o in overrides if o.parameter != "deadweight")
    return add_calc.Assessment(
        gain=to_calc_gain(gain), parameter_set=sets[key], attribution=attribution, overrides=overrides,
        reference_amounts=reference, evidence_strength=gain.evidence_level, attribution_reason=reason,
    )


def assess_additionality(gain: EfficiencyGain) -> add_calc.GainAdditionality:
    return add_calc.assess_additionality(additionality_assessment(gain))


# --- additionality choice per project ------------------------------------------------------------------------


def can_choose_additionality(user, project) -> bool:
    """Programme managers (and administrators) of the project's partnership choose its additionality; nobody else."""
    return (project is not None and has_permission(user, "validate_gains")
            and user.partnerships.filter(pk=project.partnership_id).exists())


@transaction.atomic
def save_additionality_choice(user, project, parameter_set: str, attribution: str, attribution_reason: str,
                              overrides: list[dict], reason: str = "") -> tuple[AdditionalityChoice, bool]:
    """Creates or changes the project's additionality choice; returns (choice, changed). History keeps every version."""
    from django.core.exceptions import PermissionDenied

    if not can_choose_additionality(user, project):
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


def additionality_history_table(project) -> Table:
    """Every version of the project's choice: parameter set, attribution, overrides and their reasons."""
    sets = add_calc.load_parameter_sets()
    rows = []
    for h in AdditionalityChoice.history.filter(project_id=project.pk).select_related("history_user").order_by("-history_date", "-history_id"):
        label = sets[h.parameter_set].label if h.parameter_set in sets else h.parameter_set
        rows.append({
            "when": h.history_date.strftime("%d %b %Y %H:%M"),
            "who": str(h.history_user) if h.history_user else "System (import or demo)",
            "set": label,
            "attribution": h.attribution + (f" ({h.attribution_reason})" if h.attribution_reason else ""),
            "overrides": "; ".join(f"{o.get('parameter', '').replace('_', ' ')} = {o.get('value')} ({o.get('reason')})"
                                   for o in h.overrides or []) or "None",
            "reason": h.history_change_reason or ("Deleted" if h.history_type == "-" else ""),
        })
    return Table("additionality-history", f"Every version of the additionality choice for {project.name}", [
        Column("when", "When"), Column("who", "Who"), Column("set", "Parameter set"),
        Column("attribution", "Attribution (reason)"), Column("overrides", "Overrides (value and reason)"),
        Column("reason", "Reason for the change"),
    ], rows)


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


def projects_additionality_table(projects) -> Table:
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
        Column("project", "Project", TEXT, link_key="url"), Column("partnership", "Partnership"),
        Column("set", "Parameter set"), Column("attribution", "Attribution"), Column("overrides", "Overrides", NUMBER),
    ], rows)


# --- evidence documents -------------------------------------------------------------------------------------


def can_view_evidence(user, gain: EfficiencyGain) -> bool:
    """Evidence may hold contract prices and staff details: the gain's own councils' officers (lead or sharing) and
    the staff and board of partnerships those councils (or the gain's project) belong to see it; nobody else."""
    if not has_permission(user, "view_people"):
        return False
    council_ids = {c.pk for c in gain.share_councils()} | {gain.council_id}
    if user.role == Role.COUNCIL_OFFICER:
        return user.councils.filter(pk__in=council_ids).exists()
    if gain.project_id and user.partnerships.filter(pk=gain.project.partnership_id).exists():
        return True
    return bool(council_ids & _partnership_council_ids(user))


# --- locking -------------------------------------------------------------------------------------------------


def locked_returns(councils, years=None):
    qs = Ni179Return.objects.filter(council__in=councils, locked=True).select_related("council", "validated_by")
    if years is not None:
        qs = qs.filter(year__in=[FinancialYear.parse(y).start_year for y in years])
    return qs


def _lock_message(ret: Ni179Return, what: str) -> str:
    when = ret.validated_at.strftime("%d %B %Y") if ret.validated_at else "earlier"
    return (f"{what} is refused: {ret.council}'s NI 179 return for {ret.year} was validated on {when} and is locked. "
            f"A programme manager must reopen it as a new version (with a reason) before it can change.")


def check_gain_change(gain: EfficiencyGain | None, councils, first_year: FinancialYear | None,
                      gain_level_changed: bool, changed_years) -> None:
    """Raises LedgerLocked if the change touches a locked return.

    Gain-level changes (status, category, shares, first year…) are refused while any council of the gain has a
    locked return for a year from the first year of accrual on. A change to one year's amounts is refused while
    that year's return is locked; later, unlocked years stay open so the next year's return can be made.
    """
    label = f"Changing gain {gain.reference}" if gain is not None and gain.pk else "Recording this gain"
    if gain_level_changed and first_year is not None:
        for ret in locked_returns(councils).order_by("year"):
            if ret.year >= first_year:
                raise LedgerLocked(_lock_message(ret, label))
    changed_years = list(changed_years)
    if changed_years:
        ret = locked_returns(councils, changed_years).order_by("year").first()
        if ret is not None:
            raise LedgerLocked(_lock_message(ret, f"{label} in {ret.year}"))


@dataclass
class GainData:
    """Validated input for a gain: its fields, the amounts per year and the council shares (council → share text)."""

    fields: dict
    years: dict = field(default_factory=dict)  # FinancialYear → {amount field: Decimal | None}
    shares: dict | None = None  # Organisation → "0.6"; None leaves the shares as they are
    replace_years: bool = False  # delete years not given


def _share_map(gain: EfficiencyGain) -> dict[int, Fraction]:
    return {s.council_id: as_share(s.share) for s in gain.shares.all()}


def _validate_shares(lead: Organisation, shares: dict) -> None:
    if not shares:
        return
    total = sum((as_share(v) for v in shares.values()), Fraction(0))
    if total != 1:
        raise ValidationError(f"Council shares must add up to exactly 1; they add up to {total}.")
    if lead not in shares:
        raise ValidationError(f"A shared gain must include a share for its lead council, {lead}.")


@transaction.atomic
def save_gain(user, gain: EfficiencyGain | None, data: GainData, reason: str = "", check_permission: bool = True) -> tuple[EfficiencyGain, bool]:
    """Creates or changes a gain; returns (gain, changed). Refuses locked years and, with a user, other councils.

    Every change of an existing gain is a new version and needs a reason.
    """
    creating = gain is None or gain.pk is None
    gain = gain or EfficiencyGain()
    old_councils = [] if creating else list(gain.share_councils())
    council = data.fields.get("council", None if creating else gain.council)
    if check_permission and user is not None:
        require_record_gains_for(user, council)
        if not creating and gain.council_id != council.pk:
            require_record_gains_for(user, gain.council)
    gain_changed = creating or any(getattr(gain, f) != v for f, v in data.fields.items())
    if data.shares is not None:
        _validate_shares(council, data.shares)
        new_shares = {c.pk: as_share(v) for c, v in data.shares.items()}
        shares_changed = creating and bool(new_shares) or (not creating and new_shares != _share_map(gain))
    else:
        shares_changed = False
    existing_years = {} if creating else {y.year: y for y in gain.years.all()}
    changed_years = set()
    for year, amounts in data.years.items():
        row = existing_years.get(year)
        if row is None:
            if any(v for v in amounts.values()):
                changed_years.add(year)
        elif any(getattr(row, k) != v for k, v in amounts.items()):
            changed_years.add(year)
    removed_years = set(existing_years) - set(data.years) if data.replace_years else set()
    changed_years |= removed_years
    if not (gain_changed or shares_changed or changed_years):
        return gain, False
    if not creating and not reason.strip():
        raise ValidationError("Give a reason for the change: every change to a gain is kept as a new version.")
    councils = set(old_councils) | {council}
    if data.shares:
        councils |= set(data.shares)
    first_years = [data.fields.get("first_year") or gain.first_year] + ([] if creating else [gain.first_year])
    check_gain_change(gain, councils, min(y for y in first_years if y is not None),
                      gain_changed or shares_changed, changed_years)
    for name, value in data.fields.items():
        setattr(gain, name, value)
    if not creating:
        gain.version += 1
    gain.change_reason = reason.strip() if not creating else (reason.strip() or "Recorded")
    gain._history_user = user if getattr(user, "pk", None) else None
    gain.full_clean(exclude=["reference"] if not creating else None)
    gain.save()
    if data.shares is not None and shares_changed:
        gain.shares.all().delete()
        for c, v in data.shares.items():
            GainShare.objects.create(gain=gain, council=c, share=str(v))
    for year in changed_years - removed_years:
        amounts = {k: v for k, v in data.years[year].items()}
        row = existing_years.get(year) or GainYear(gain=gain, year=year)
        for k, v in amounts.items():
            setattr(row, k, v if v is not None or k == "reference_saving" else ZERO)
        row._history_user = gain._history_user
        row.save()
    for year in removed_years:
        existing_years[year].delete()
    try:
        to_calc_gain(gains_queryset().get(pk=gain.pk))
    except ValueError as error:
        raise ValidationError(str(error)) from None
    return gain, True


# --- NI 179 returns and sign-off -----------------------------------------------------------------------------


def get_return(council: Organisation, year: FinancialYear) -> Ni179Return:
    ret = Ni179Return.objects.filter(council=council, year=year).first()
    return ret or Ni179Return(council=council, year=year)


def _save_return(ret: Ni179Return, user) -> None:
    ret._history_user = user if getattr(user, "pk", None) else None
    ret.save()


@transaction.atomic
def submit_return(user, council, year) -> Ni179Return:
    require_record_gains_for(user, council)
    ret = get_return(council, year)
    if ret.locked:
        raise LedgerLocked(f"{council}'s NI 179 return for {year} is validated and locked: it cannot be submitted again.")
    if ret.status == ReturnStatus.SUBMITTED:
        raise ValidationError(f"{council}'s NI 179 return for {year} is already submitted.")
    ret.status, ret.submitted_by, ret.submitted_at = ReturnStatus.SUBMITTED, user, timezone.now()
    _save_return(ret, user)
    return ret


@transaction.atomic
def validate_return(user, council, year) -> Ni179Return:
    require_validate_return_for(user, council)
    ret = get_return(council, year)
    if ret.status != ReturnStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted return can be validated; {council}'s return for {year} is {ret.get_status_display().lower()}.")
    ret.status, ret.locked = ReturnStatus.VALIDATED, True
    ret.validated_by, ret.validated_at = user, timezone.now()
    ret.validated_total = ni179_for_council(council, year).total
    ret.reason = ""
    _save_return(ret, user)
    return ret


@transaction.atomic
def send_back_return(user, council, year, reason: str) -> Ni179Return:
    require_validate_return_for(user, council)
    if not reason.strip():
        raise ValidationError("Say why the return is being sent back.")
    ret = get_return(council, year)
    if ret.status != ReturnStatus.SUBMITTED:
        raise ValidationError(f"Only a submitted return can be sent back; this one is {ret.get_status_display().lower()}.")
    ret.status, ret.reason = ReturnStatus.RETURNED, reason.strip()
    _save_return(ret, user)
    return ret


@transaction.atomic
def reopen_return(user, council, year, reason: str) -> Ni179Return:
    """Unlocks a validated return as a new version; the validated version stays in its history."""
    require_validate_return_for(user, council)
    if not reason.strip():
        raise ValidationError("Say why the validated return is being reopened.")
    ret = get_return(council, year)
    if not ret.locked:
        raise ValidationError("Only a validated, locked return can be reopened.")
    ret.status, ret.locked, ret.version, ret.reason = ReturnStatus.DRAFT, False, ret.version + 1, reason.strip()
    _save_return(ret, user)
    return ret


# --- tables --------------------------------------------------------------------------------------------------


def gain_years_table(gain: EfficiencyGain) -> Table:
    rows, footer = [], {"year": "Total", "gross": ZERO, "investment": ZERO, "ongoing": ZERO, "net": ZERO}
    for y in gain.years.all():
        rows.append({"year": y.year, "gross": y.gross_saving, "investment": y.investment, "ongoing": y.ongoing_costs,
                     "net": y.net, "staff": y.staff_costs_incurred_anyway, "reference": y.reference_saving})
        for key, value in (("gross", y.gross_saving), ("investment", y.investment), ("ongoing", y.ongoing_costs), ("net", y.net)):
            footer[key] += value
    return Table("amounts", "Amounts by financial year", [
        Column("year", "Financial year", YEAR), Column("gross", "Gross saving", MONEY),
        Column("investment", "One-off investment", MONEY), Column("ongoing", "Ongoing costs", MONEY),
        Column("net", "Net value", MONEY), Column("staff", "Staff costs incurred anyway (not netted)", MONEY),
        Column("reference", "Reference case saving", MONEY),
    ], rows, footer, note="Net value = gross saving − one-off investment − ongoing costs.")


def ni179_lines_table(result: Ni179Result, name: str = "ni179", caption: str | None = None, names: dict | None = None) -> Table:
    names = names or {}
    rows = []
    for line in result.lines:
        rows.append({
            "gain": line.gain_id, "url": f"/ledger/gains/{line.gain_id}/", "council": names.get(line.council_code, line.council_code),
            "share": f"{float(line.share):.0%}" if line.share != 1 else "100%",
            "counted_flag": ("Yes (provisional)" if line.provisional else "Yes") if line.included else "No",
            "gross": line.gross_saving, "costs": line.investment + line.ongoing_costs, "net": line.net_value,
            "counted": line.counted, "reasons": " ".join(r.text for r in line.reasons),
        })
    return Table(name, caption or f"NI 179 {result.year}: gains counted and excluded", [
        Column("gain", "Gain", TEXT, link_key="url"), Column("council", "Council"), Column("share", "Share"),
        Column("counted_flag", "Counted"), Column("gross", "Gross saving", MONEY), Column("costs", "Investment and costs", MONEY),
        Column("net", "Net value (whole gain)", MONEY), Column("counted", "Counted for council", MONEY),
        Column("reasons", "Why"),
    ], rows, {"gain": "Total", "counted": result.total})


def trajectory_table(partnership: Partnership, years: list[FinancialYear] | None = None) -> Table:
    """Per council and CSR07 year: NI 179 outturn against the cumulative 3% a year target."""
    params = csr07_calc.load_parameters()
    years = years or [FinancialYear(y) for y in range(params.first_year.start_year, params.last_year.start_year + 1)]
    councils = [c for c in partnership_councils(partnership)
                if Csr07Baseline.objects.filter(council=c).exists() or gains_for_council(c).exists()]
    rows = []
    totals: dict = defaultdict(lambda: ZERO)
    for council in councils:
        baseline = Csr07Baseline.objects.filter(council=council).first()
        gains = [to_calc_gain(g) for g in gains_for_council(council)]
        for year in years:
            value = ni179(gains, year, Basis.OUTTURN, councils=[council_code(council)]).total
            target = csr07_calc.target_for(baseline.baseline, year, params) if baseline else None
            rows.append({
                "council": str(council), "year": year, "baseline": baseline.baseline if baseline else None,
                "target": target, "ni179": value, "gap": None if target is None else value - target,
                "percent": None if not target else (value / target * 100).quantize(Decimal("0.1")),
                "basis": (("Illustrative: " if baseline.illustrative and not baseline.source.lower().startswith("illustrative") else "")
                          + baseline.source) if baseline else "No baseline recorded",
            })
            totals[year] += value
    return Table("trajectory", f"NI 179 against the CSR07 trajectory: {partnership.name}", [
        Column("council", "Council"), Column("year", "Financial year", YEAR), Column("baseline", "2007-08 baseline", MONEY),
        Column("target", "CSR07 cumulative target", MONEY), Column("ni179", "NI 179 outturn", MONEY),
        Column("gap", "Gap (outturn − target)", MONEY), Column("percent", "% of target", "percent"),
        Column("basis", "Baseline source"),
    ], rows, note="Target = baseline × ((1.03)^k − 1), plus 1 percentage point from 2010-11 (Budget 2009). "
                  "The national expectation was not a mandatory per-council target: this is a comparison, not a judgement.")


def returns_table(council: Organisation) -> Table:
    rows = [{"year": r.year, "status": r.get_status_display(), "locked": "Locked" if r.locked else "",
             "version": r.version, "validated": r.validated_total, "url": f"/ledger/ni179/{council_code(council)}/{r.year.label}/"}
            for r in Ni179Return.objects.filter(council=council)]
    return Table("returns", f"NI 179 returns of {council}", [
        Column("year", "Financial year", YEAR, link_key="url"), Column("status", "Status"), Column("locked", "Locked"),
        Column("version", "Version", NUMBER), Column("validated", "Validated figure", MONEY),
    ], rows)
