"""Demo ledger for Improvement East (EE): a handful of illustrative gains that exercise every NI 179 rule.

* EE-NFK-001 shared revenues and benefits back office, Norfolk 60% / Suffolk 40% (counted once, split)
* EE-NFK-002 one-year procurement saving that stops: fails the persistence test, deleted from every year
* EE-NFK-003 non-cashable productivity gain: recorded, never counted
* EE-SFK-001 procurement saving with a heavy reference case (a national framework price would have
  delivered most of it): counts in full for NI 179, little of it is additional
* EE-CAM-001 Cambridgeshire gain flagged at risk
Norfolk's 2008-09 return is validated (locked); Suffolk's 2008-09 return is submitted.
All figures are illustrative, not the councils' real gains or baselines.
"""
from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

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
from riep.ledger.services import ni179_for_council
from riep.portfolio.models import Project
from riep.registry.models import Organisation

NORFOLK, SUFFOLK, CAMBRIDGESHIRE = "E10000020", "E10000029", "E10000003"
BASELINE_SOURCE = "Illustrative demo figure, not CLG's published 2007-08 baseline for this council"
BASELINES = {NORFOLK: Decimal("640000000"), SUFFOLK: Decimal("520000000"), CAMBRIDGESHIRE: Decimal("430000000")}

# (year, gross saving, one-off investment, ongoing costs, reference case saving)
GAINS = [
    {
        "reference": "EE-NFK-001", "council": NORFOLK, "project": "ee-reorganisation-support",
        "service_area": "Revenues and benefits", "category": "shared_service",
        "description": "Shared revenues and benefits back office for Norfolk and Suffolk, set up with the partnership's reorganisation support.",
        "cash_releasing": True, "status": "realised", "evidence_level": 2,
        "evidence_method": "Staff and contract costs before and after, against two comparable county councils.",
        "first_year": 2008, "shares": {NORFOLK: "0.6", SUFFOLK: "0.4"},
        "years": [(2008, "250000", "80000", "20000", None), (2009, "300000", "0", "25000", None),
                  (2010, "300000", "0", "25000", None)],
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
        "description": "Office supplies and agency staff bought through a regional agreement; most of the saving would have "
                       "come anyway from the national framework price (the reference case).",
        "cash_releasing": True, "status": "realised", "evidence_level": 3,
        "evidence_method": "Prices paid against the national framework price and against councils that did not join.",
        "first_year": 2009, "shares": None,
        "years": [(2009, "200000", "30000", "0", "150000"), (2010, "210000", "0", "0", "160000"),
                  (2011, "210000", "0", "0", "160000")],
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
            project=projects["ee-reorganisation-support"], parameter_set="shared_service_some_cost_shift",
            overrides=[{"parameter": "deadweight", "value": "0.1",
                        "reason": "Illustrative: about a tenth of the saving would have come from each council's own restructuring."}],
            attribution="0.8", attribution_reason="Illustrative: the councils' own project teams did part of the work.",
        )
    if "ee-councils-in-difficulty" in projects:
        AdditionalityChoice.objects.create(
            project=projects["ee-councils-in-difficulty"], parameter_set="collaborative_procurement_national_framework",
        )
    for spec in GAINS:
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
    now = timezone.now()
    year = FinancialYear(2008)
    Ni179Return.objects.create(
        council=councils[NORFOLK], year=year, status=ReturnStatus.VALIDATED, locked=True, submitted_at=now,
        validated_at=now, validated_total=ni179_for_council(councils[NORFOLK], year).total,
    )
    Ni179Return.objects.create(council=councils[SUFFOLK], year=year, status=ReturnStatus.SUBMITTED, submitted_at=now)
    return f"{len(GAINS)} illustrative efficiency gains for Improvement East"


def delete_ledger_rows() -> None:
    """For `riep demo --reset`: ledger rows go before the projects and councils they point to."""

    for model in (EvidenceDocument, GainShare, GainYear, EfficiencyGain, AdditionalityChoice, Csr07Baseline, Ni179Return):
        model.objects.all().delete()
