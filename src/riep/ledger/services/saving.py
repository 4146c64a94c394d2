"""Saving gains: every change is a new version with a reason, and none may touch a locked NI 179 return.

Pages, the API, the importer and the CLI all change gains through `save_gain`, so the rule holds everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction

from riep.core.fy import FinancialYear
from riep.ledger.calc.gains import as_share
from riep.ledger.calc.ni179 import Basis, ni179
from riep.ledger.models import EfficiencyGain, GainShare, GainYear, Ni179Return
from riep.ledger.permissions import require_record_gains_for_all
from riep.ledger.services.gains import ZERO, council_code, gains_queryset, to_calc_gain
from riep.registry.models import Organisation

GAIN_FIELDS = (
    "council", "project", "service_area", "category", "description", "cash_releasing", "service_quality_maintained",
    "quality_evidence", "status", "evidence_level", "evidence_method", "first_year", "illustrative",
)
AMOUNT_FIELDS = ("gross_saving", "investment", "ongoing_costs", "staff_costs_incurred_anyway", "reference_saving")


class LedgerLocked(ValidationError):
    """A change refused because it touches a validated, locked NI 179 return."""

    status = 409  # the API answers it with 409 Conflict: the request is fine, the return's state forbids it


def locked_returns(councils, years=None):
    qs = Ni179Return.objects.filter(council__in=councils, locked=True).select_related("council", "validated_by")
    if years is not None:
        qs = qs.filter(year__in=[FinancialYear.parse(y).start_year for y in years])
    return qs


def _lock_message(ret: Ni179Return, what: str) -> str:
    when = ret.validated_at.strftime("%d %B %Y") if ret.validated_at else "earlier"
    page = f"/ledger/ni179/{council_code(ret.council)}/{ret.year.label}/"
    return (f"{what} is refused: {ret.council}'s NI 179 return for {ret.year} was validated on {when} and is locked. "
            f"To change it, a programme manager reopens the return as a new version, giving a reason, on the "
            f"return's page ({page}); the validated version stays in its history.")


def _parts_in_locked_returns(gain_pk: int | None, councils) -> dict[int, tuple[Ni179Return, object]]:
    """This gain's counted NI 179 figure in every locked return of these councils: return id → (return, amount)."""
    rets = list(locked_returns(councils))
    if gain_pk is None or not rets:
        return {r.pk: (r, ZERO) for r in rets}
    try:
        calc = to_calc_gain(gains_queryset().get(pk=gain_pk))
    except ValueError:
        return {r.pk: (r, ZERO) for r in rets}
    return {r.pk: (r, ni179([calc], r.year, Basis.OUTTURN, councils=[council_code(r.council)]).total) for r in rets}


def check_locked_figures_unchanged(gain: EfficiencyGain, before: dict, councils, label: str) -> None:
    """Refuses (LedgerLocked) a change that would alter any locked return's figure, in any year.

    Locked years' own amounts are guarded by check_gain_change; this catches the rest, e.g. blanking a later year
    so that an earlier, validated year no longer passes the persistence test.
    """
    after = _parts_in_locked_returns(gain.pk, councils)
    for pk, (ret, amount) in sorted(after.items(), key=lambda item: item[1][0].year):
        old = before.get(pk, (ret, ZERO))[1]
        if amount != old:
            raise LedgerLocked(_lock_message(
                ret, f"{label} would change {ret.council}'s validated NI 179 for {ret.year} from £{old:,.2f} to "
                     f"£{amount:,.2f}, so it"))


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


def _require_taking_part(project, council: Organisation) -> None:
    """A gain is filed under a project its lead council takes part in: otherwise it would count in another
    partnership's value report. (The form offers only such projects; files and the API are held to the same.)"""
    if project.lead_council_id == council.pk or project.participating_councils.filter(pk=council.pk).exists():
        return
    raise ValidationError(f"{council} does not take part in the project ‘{project.name}’ ({project.code}) of "
                          f"{project.partnership}: choose a project {council} takes part in, or none.")


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
        # A gain counts towards the NI 179 of its lead council and of every council it has a share for: the person
        # must act for each of them, before and after the change.
        named = set(old_councils) | ({gain.council} if not creating else set()) | {council} | set(data.shares or ())
        require_record_gains_for_all(user, named, "record gains" if creating else f"change gain {gain.reference}")
    project = data.fields.get("project", None if creating else gain.project)
    if project is not None and (creating or project.pk != gain.project_id or council != gain.council):
        _require_taking_part(project, council)
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
    locked_before = _parts_in_locked_returns(None if creating else gain.pk, councils)
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
    label = f"Changing gain {gain.reference}" if not creating else "Recording this gain"
    check_locked_figures_unchanged(gain, locked_before, councils, label)  # raising rolls the whole change back
    return gain, True
