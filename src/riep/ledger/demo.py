"""Demo ledger for Improvement East (EE): illustrative gains that exercise every NI 179 rule and tell a plausible story.

Partnership-project gains (in the value report):
* EE-NFK-001 shared revenues, benefits and back office, Norfolk 60% / Suffolk 40% (reorganisation support), with
  set-up costs in 2007-08 before the programme began (netted off in 2008-09, NI 179's rule and the value report's)
* EE-SFK-001 regional procurement agreements shared by the three counties, with a heavy reference case (a national
  framework price would have delivered part of it): counts in full for NI 179, less of it is additional
* EE-NFK-003 non-cashable productivity gain from Aspire2perform: recorded, never counted
Each council's own efficiency programme (EE-<council>-OWN, no partnership project): counted in its NI 179, but not a
return on the partnership's funding, so the value report leaves it out. With it, each council's NI 179 is close to
its CSR07 trajectory, as councils' were nationally (£1.76bn reported for 2008-09 against a £1.5bn trajectory).
Other rules: EE-NFK-002 one-year rebate (fails persistence, deleted from every year); EE-CAM-001 at risk.
Returns: Norfolk's and Cambridgeshire's 2008-09 returns are validated (locked, with their figures frozen); Suffolk's
2008-09 return is submitted, awaiting validation; Norfolk's 2009-10 return was sent back for evidence.
All figures are illustrative, not the councils' real gains or baselines.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from riep.accounts.models import User
from riep.core.fy import FinancialYear
from riep.ledger.models import (
    AdditionalityChoice,
    Csr07Baseline,
    EfficiencyGain,
    EvidenceDocument,
    GainShare,
    GainYear,
    Ni179Return,
    ReturnStatus,
)
from riep.ledger.services import DECLARATION, ni179_for_council
from riep.ledger.services.returns import snapshot_of
from riep.portfolio.models import Project
from riep.registry.models import Organisation

NORFOLK, SUFFOLK, CAMBRIDGESHIRE = "E10000020", "E10000029", "E10000003"
BASELINE_SOURCE = "Illustrative demo figure, not CLG's published 2007-08 baseline for this council"
MANAGER, NORFOLK_OFFICER = "manager@improvementeast.example", "officer@norfolk.example"
BASELINES = {NORFOLK: Decimal("640000000"), SUFFOLK: Decimal("520000000"), CAMBRIDGESHIRE: Decimal("430000000")}

# (year, gross saving, one-off investment, ongoing costs, reference case saving)
GAINS = [
    {
        "reference": "EE-NFK-001", "council": NORFOLK, "project": "ee-reorganisation-support",
        "service_area": "Revenues, benefits and back office", "category": "shared_service",
        "description": "Shared revenues, benefits, payroll and finance back office for Norfolk and Suffolk, set up with the "
                       "partnership's reorganisation support. Set-up work began in early 2008 (2007-08).",
        "cash_releasing": True, "status": "realised", "evidence_level": 2,
        "evidence_method": "Staff and contract costs before and after, against two comparable county councils.",
        "first_year": 2008, "shares": {NORFOLK: "0.6", SUFFOLK: "0.4"},
        "years": [(2007, "0", "400000", "0", None), (2008, "5000000", "1500000", "400000", None),
                  (2009, "11500000", "0", "600000", None), (2010, "13000000", "0", "600000", None),
                  (2011, "13000000", "0", "600000", None)],
    },
    {
        "reference": "EE-NFK-002", "council": NORFOLK, "project": None,
        "service_area": "Highways", "category": "procurement",
        "description": "One-off rebate on a highways materials contract: the saving did not continue.",
        "cash_releasing": True, "status": "realised", "evidence_level": 1,
        "evidence_method": "Invoice prices before and after the rebate.",
        "first_year": 2008, "shares": None,
        "years": [(2008, "120000", "0", "10000", None)],
    },
    {
        "reference": "EE-NFK-003", "council": NORFOLK, "project": "ee-aspire2perform",
        "service_area": "Policy and performance", "category": "process_redesign",
        "description": "Staff time freed by the Aspire2perform self-assessment toolkit: a productivity gain, no cash released.",
        "cash_releasing": False, "status": "realised", "evidence_level": 1,
        "evidence_method": "Time recording before and after.",
        "first_year": 2008, "shares": None,
        "years": [(2008, "90000", "0", "0", None), (2009, "90000", "0", "0", None), (2010, "90000", "0", "0", None)],
    },
    {
        "reference": "EE-SFK-001", "council": SUFFOLK, "project": "ee-councils-in-difficulty",
        "service_area": "Corporate procurement", "category": "procurement",
        "description": "Office supplies, agency staff and energy bought through regional agreements negotiated with the "
                       "partnership's support; part of the saving would have come anyway from the national framework "
                       "price (the reference case).",
        "cash_releasing": True, "status": "realised", "evidence_level": 3,
        "evidence_method": "Prices paid against the national framework price and against councils that did not join.",
        "first_year": 2008, "shares": {SUFFOLK: "0.4", NORFOLK: "0.35", CAMBRIDGESHIRE: "0.25"},
        "years": [(2008, "6500000", "300000", "0", "2600000"), (2009, "15000000", "0", "0", "6000000"),
                  (2010, "18000000", "0", "0", "7200000"), (2011, "18000000", "0", "0", "7200000")],
    },
    {
        "reference": "EE-CAM-001", "council": CAMBRIDGESHIRE, "project": None,
        "service_area": "Property", "category": "asset",
        "description": "Office rationalisation: two leased buildings given up. The landlord of one disputes the break clause.",
        "cash_releasing": True, "status": "at_risk", "evidence_level": 1,
        "evidence_method": "Lease costs before and after.",
        "first_year": 2009, "shares": None,
        "years": [(2009, "80000", "0", "5000", None), (2010, "80000", "0", "5000", None), (2011, "80000", "0", "5000", None)],
    },
]

# Each council's own efficiency programme, net of its costs: gross saving a year from 2008-09 to 2012-13. Chosen so
# that, with the partnership's gains, NI 179 runs at about 110%, 105% and 95% of the CSR07 trajectory.
OWN_PROGRAMMES = {
    NORFOLK: ("Norfolk", ["17300000", "29200000", "49300000", "49300000", "49300000"]),
    SUFFOLK: ("Suffolk", ["13200000", "22600000", "39300000", "39300000", "39300000"]),
    CAMBRIDGESHIRE: ("Cambridgeshire", ["12250000", "23400000", "37900000", "37900000", "37900000"]),
}


def _own_programme_gains() -> list[dict]:
    out = []
    for code, (name, amounts) in OWN_PROGRAMMES.items():
        out.append({
            "reference": f"EE-{name[:3].upper()}-OWN", "council": code, "project": None,
            "service_area": "Whole council", "category": "other",
            "description": f"{name}'s own efficiency programme: every other cash-releasing gain in its NI 179 return "
                           "(service reviews, procurement, staffing), net of its costs. Not a partnership project.",
            "cash_releasing": True, "status": "realised", "evidence_level": 1,
            "evidence_method": "The council's efficiency programme monitoring, reconciled to its budget.",
            "first_year": 2008, "shares": None,
            "years": [(2008 + i, amount, "0", "0", None) for i, amount in enumerate(amounts)],
        })
    return out


def load_ledger_demo() -> str:

    councils = {c.gss_code: c for c in Organisation.objects.filter(gss_code__in=[NORFOLK, SUFFOLK, CAMBRIDGESHIRE])}
    if len(councils) < 3:
        return "Ledger demo skipped: the demo councils are not in the registry."
    projects = {p.code: p for p in Project.objects.filter(code__in=[g["project"] for g in GAINS if g["project"]])}
    Csr07Baseline.objects.bulk_create([
        Csr07Baseline(council=councils[code], baseline=amount, source=BASELINE_SOURCE, illustrative=True)
        for code, amount in BASELINES.items()
    ])
    if "ee-reorganisation-support" in projects:
        AdditionalityChoice.objects.create(
            project=projects["ee-reorganisation-support"], parameter_set="cost_saving_no_reference_case",
            overrides=[{"parameter": "deadweight", "value": "0.15",
                        "reason": "Illustrative: about a seventh of the saving would have come from each council's own restructuring."}],
            attribution="0.7", attribution_reason="Illustrative: the councils' own project teams did part of the work.",
        )
    if "ee-councils-in-difficulty" in projects:
        AdditionalityChoice.objects.create(
            project=projects["ee-councils-in-difficulty"], parameter_set="collaborative_procurement_national_framework",
        )
    for spec in GAINS + _own_programme_gains():
        gain = EfficiencyGain.objects.create(
            reference=spec["reference"], council=councils[spec["council"]], project=projects.get(spec["project"]),
            service_area=spec["service_area"], category=spec["category"], description=spec["description"],
            cash_releasing=spec["cash_releasing"], service_quality_maintained=True,
            quality_evidence="Illustrative: complaints and processing times held steady.",
            status=spec["status"], evidence_level=spec["evidence_level"], evidence_method=spec["evidence_method"],
            first_year=FinancialYear(spec["first_year"]), illustrative=True, change_reason="Demo data",
        )
        GainYear.objects.bulk_create([
            GainYear(gain=gain, year=FinancialYear(y), gross_saving=Decimal(g), investment=Decimal(i),
                     ongoing_costs=Decimal(o), reference_saving=None if r is None else Decimal(r))
            for y, g, i, o, r in spec["years"]
        ])
        for code, share in (spec["shares"] or {}).items():
            GainShare.objects.create(gain=gain, council=councils[code], share=share)
    _demo_returns(councils)
    return f"{len(GAINS) + len(OWN_PROGRAMMES)} illustrative efficiency gains for Improvement East"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _demo_returns(councils) -> None:
    """The July 2009 round of returns, each step kept in the return's history with who did it and when."""
    users = {u.email: u for u in User.objects.filter(email__in=[MANAGER, NORFOLK_OFFICER])}
    manager, officer = users.get(MANAGER), users.get(NORFOLK_OFFICER)
    year = FinancialYear(2008)
    for code, submitted, validated in ((NORFOLK, dt.date(2009, 6, 26), dt.date(2009, 7, 3)),
                                       (CAMBRIDGESHIRE, dt.date(2009, 6, 29), dt.date(2009, 7, 6)),
                                       (SUFFOLK, dt.date(2009, 6, 30), None)):
        ret = Ni179Return(council=councils[code], year=year, status=ReturnStatus.SUBMITTED, submitted_at=_at(submitted),
                          submitted_by=officer if code == NORFOLK else None, declaration=DECLARATION)
        _save(ret, officer if code == NORFOLK else None, submitted)
        if validated:
            result = ni179_for_council(councils[code], year)
            ret.status, ret.locked, ret.validated_by, ret.validated_at = ReturnStatus.VALIDATED, True, manager, _at(validated)
            ret.validated_total, ret.snapshot = result.total, snapshot_of(result)
            _save(ret, manager, validated)
    ret = Ni179Return(council=councils[NORFOLK], year=year + 1, status=ReturnStatus.SUBMITTED, submitted_by=officer,
                      submitted_at=_at(dt.date(2010, 6, 25)), declaration=DECLARATION)
    _save(ret, officer, dt.date(2010, 6, 25))
    ret.status, ret.reason = ReturnStatus.RETURNED, "Evidence for the shared back office's 2009-10 saving is missing: attach the cost comparison."
    _save(ret, manager, dt.date(2010, 7, 1))


def _save(ret: Ni179Return, user, day: dt.date) -> None:
    ret._history_user, ret._history_date = user, _at(day)
    ret.save()


def delete_ledger_rows() -> None:
    """For `riep demo --reset`: ledger rows go before the projects and councils they point to."""

    for model in (EvidenceDocument, GainShare, GainYear, EfficiencyGain, AdditionalityChoice, Csr07Baseline, Ni179Return):
        model.objects.all().delete()
