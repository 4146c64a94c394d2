"""`riep demo`: loads the registry, the nine RIEPs, the demo programme and demo users."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from riep.accounts.models import User
from riep.accounts.services import create_user
from riep.care.demo_loader import delete_care_rows, load_care_demo
from riep.core.fy import FinancialYear
from riep.core.imported_files.models import ImportedFile
from riep.core.models import Job
from riep.demo.partnerships import (
    CORE_2008_09_SOURCE,
    CORE_2009_10_SOURCE,
    CORE_2010_11_SOURCE,
    PARTNER_BODIES,
    PARTNERSHIPS,
    REVENUE_2008_09_TOTAL,
)
from riep.demo.programme import MILESTONES, PROJECTS, THEMES
from riep.impact.demo import delete_impact_rows, load_impact_demo
from riep.ledger.demo import delete_ledger_rows, load_ledger_demo
from riep.performance.demo import delete_performance_rows, load_performance_demo
from riep.portfolio.models import ConfidenceAssessment, FundingLine, FundingSource, Milestone, Programme, Project, Theme
from riep.procurement.demo import delete_procurement_rows, load_procurement_demo
from riep.registry.models import (
    FundingPeriod,
    GrantKind,
    Membership,
    MembershipRole,
    Organisation,
    Partnership,
    PartnershipGrant,
    Person,
    Region,
)
from riep.registry.services import import_bundled_councils, import_predecessors_2009
from riep.reorg.demo import delete_reorg_rows, load_reorg_demo
from riep.resilience.demo import delete_resilience_rows, load_resilience_demo

DEMO_PASSWORD = "riep-demo-2009"
FIRST_YEAR, LAST_YEAR = FinancialYear(2008), FinancialYear(2010)


class DemoError(RuntimeError):
    pass


def demo_users() -> list[tuple[str, str, str]]:
    """(email, role, scope) of every demo user."""
    return [
        ("admin@riep.example", "partnership_admin", "all nine partnerships"),
        ("manager@improvementeast.example", "programme_manager", "partnership EE (Improvement East)"),
        ("manager@iese.example", "programme_manager", "partnership SE (IESE)"),
        ("officer@norfolk.example", "council_officer", "council E10000020 (Norfolk)"),
        ("officer@kent.example", "council_officer", "council E10000016 (Kent)"),
        ("board@improvementeast.example", "board_member", "partnership EE (Improvement East)"),
        ("reviewer@communities.example", "government_reviewer", "all partnerships, read-only"),
    ]


def database_is_empty() -> bool:
    return not Organisation.objects.exists()


def _reset() -> None:

    delete_performance_rows()
    delete_resilience_rows()
    delete_procurement_rows()
    delete_reorg_rows()
    delete_impact_rows()
    delete_care_rows()
    delete_ledger_rows()
    ImportedFile.objects.all().delete()  # the demo's files are imported afresh, not "first imported" before
    Project.objects.all().delete()
    Programme.objects.all().delete()
    Theme.objects.all().delete()
    Person.objects.all().delete()
    Partnership.objects.all().delete()
    User.objects.all().delete()
    Job.objects.all().delete()
    Organisation.successors.through.objects.all().delete()
    Organisation.objects.update(county=None)
    Organisation.objects.all().delete()
    Region.objects.all().delete()


@transaction.atomic
def load_demo(reset: bool = False, progress: Callable | None = None) -> str:
    step = progress or (lambda *a, **k: None)
    if reset:
        step(0, 5, "Deleting existing records")
        _reset()
    elif not database_is_empty():
        raise DemoError("The database already has data. Use `riep demo --reset` to replace it with the demo.")
    step(1, 5, "Importing councils")
    councils = import_bundled_councils()
    import_predecessors_2009()
    step(2, 5, "Creating partnerships")
    _load_partnerships()
    step(3, 5, "Creating the demo programme")
    _load_programme()
    step(4, 5, "Creating demo users")
    _load_users()

    load_ledger_demo()

    load_care_demo()

    load_impact_demo()

    load_resilience_demo()
    load_procurement_demo()

    load_performance_demo()  # after resilience's: it reads the finance returns that demo imports
    load_reorg_demo()
    step(5, 5, "Done")
    return f"Demo loaded: {councils}; 9 partnerships; {len(PROJECTS)} projects; {len(demo_users())} users."


def _council(code: str):
    found = Organisation.objects.councils().filter(gss_code=code).first() if code.startswith("E") else \
        Organisation.objects.councils().filter(gss_code__isnull=True, snac_code=code).first()
    if found is None:
        raise DemoError(f"demo data names council '{code}', which is not in the registry")
    return found


def _existed_during_programme(council) -> bool:
    return (council.start_date is None or council.start_date <= dt.date(2011, 3, 31)) and \
        (council.end_date is None or council.end_date >= dt.date(2008, 4, 1))


def _load_partnerships() -> None:
    total_core = sum(p[4] for p in PARTNERSHIPS)
    for code, name, region_code, body_gss, core in PARTNERSHIPS:
        region = Region.objects.get(code=region_code)
        body = _council(body_gss)
        partnership = Partnership.objects.create(
            code=code, name=name, region=region, accountable_body=body,
            description=f"The Regional Improvement and Efficiency Partnership for {region.name}. Accountable body: {body.name}.",
        )
        FundingPeriod.objects.create(partnership=partnership, name="RIEP three-year settlement",
                                     first_year=FIRST_YEAR, last_year=LAST_YEAR)
        share = (REVENUE_2008_09_TOTAL * core / total_core).quantize(Decimal("1000"), rounding=ROUND_HALF_UP)
        PartnershipGrant.objects.create(partnership=partnership, year=FinancialYear(2008), kind=GrantKind.CORE,
                                        amount=share, source=CORE_2008_09_SOURCE, illustrative=True)
        PartnershipGrant.objects.create(partnership=partnership, year=FinancialYear(2009), kind=GrantKind.CORE,
                                        amount=core, source=CORE_2009_10_SOURCE, illustrative=False)
        PartnershipGrant.objects.create(partnership=partnership, year=FinancialYear(2010), kind=GrantKind.CORE,
                                        amount=core, source=CORE_2010_11_SOURCE, illustrative=True)
        members = [c for c in Organisation.objects.councils().filter(region=region) if _existed_during_programme(c)]
        Membership.objects.bulk_create([
            Membership(partnership=partnership, organisation=c,
                       role=MembershipRole.ACCOUNTABLE_BODY if c.pk == body.pk else MembershipRole.MEMBER_COUNCIL,
                       left_on=c.end_date if c.end_date and c.end_date < dt.date(2011, 3, 31) else None)
            for c in members
        ])
        Person.objects.create(name=f"{region.name} board chair (illustrative)", job_title="Council leader",
                              organisation=body, partnership=partnership, partnership_role="Board chair")
        Person.objects.create(name=f"{region.name} programme director (illustrative)", job_title="Programme director",
                              organisation=body, partnership=partnership, partnership_role="Programme lead")
    for name, kind, where in PARTNER_BODIES:
        body = Organisation.objects.create(kind=kind, name=name)
        for partnership in Partnership.objects.all() if where == "all" else Partnership.objects.filter(code=where):
            Membership.objects.create(partnership=partnership, organisation=body, role=MembershipRole.PARTNER)


def _load_programme() -> None:
    themes = {slug: Theme.objects.create(slug=slug, name=name) for slug, name in THEMES}
    for spec in PROJECTS:
        partnership = Partnership.objects.get(code=spec["partnership"])
        programme, _ = Programme.objects.get_or_create(partnership=partnership, name=spec["programme"])
        project = Project.objects.create(
            code=spec["code"], name=spec["name"], partnership=partnership, programme=programme,
            funding_period=partnership.funding_periods.get(), theme=themes[spec["theme"]],
            lead_council=_council(spec["lead"]), description=spec["description"], status=spec["status"],
            start_date=dt.date.fromisoformat(spec["start"]), end_date=dt.date.fromisoformat(spec["end"]),
            illustrative=True,
        )
        project.participating_councils.set([_council(c) for c in spec["councils"]])
        for kind, contributor, lines in spec["funding"]:
            source = FundingSource.objects.create(project=project, kind=kind,
                                                  contributor=_council(contributor) if contributor else None)
            for year, (allocation, spend) in lines.items():
                FundingLine.objects.create(source=source, year=FinancialYear(year), allocation=Decimal(allocation),
                                           spend=None if spend is None else Decimal(spend))
        for when, rating in spec["confidence"]:
            ConfidenceAssessment.objects.create(project=project, rating=rating, assessed_on=dt.date.fromisoformat(when),
                                                commentary="Illustrative rating for the demo.")
        start = project.start_date
        for months, title in zip((3, 12, 30), MILESTONES):
            due = dt.date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1)
            due = min(due, project.end_date)  # within the project's own dates, as the milestone form requires
            Milestone.objects.create(project=project, title=title, due_on=due,
                                     completed_on=due if due < dt.date(2010, 4, 1) else None)


def _load_users() -> None:
    all_codes = list(Partnership.objects.values_list("code", flat=True))
    scopes = {
        "admin@riep.example": ({"partnership_codes": all_codes}, "Demo Administrator"),
        "manager@improvementeast.example": ({"partnership_codes": ["EE"]}, "Demo Programme Manager (Improvement East)"),
        "manager@iese.example": ({"partnership_codes": ["SE"]}, "Demo Programme Manager (IESE)"),
        "officer@norfolk.example": ({"council_codes": ["E10000020"]}, "Demo Officer (Norfolk)"),
        "officer@kent.example": ({"council_codes": ["E10000016"]}, "Demo Officer (Kent)"),
        "board@improvementeast.example": ({"partnership_codes": ["EE"]}, "Demo Board Member"),
        "reviewer@communities.example": ({}, "Demo Government Reviewer"),
    }
    # One Argon2 hash for all seven: they share the published demo password, and each hash costs most of a second
    # (deliberately), which every test package's demo paid seven times over.
    hashed = make_password(DEMO_PASSWORD)
    for email, role, _ in demo_users():
        kwargs, name = scopes[email]
        user = create_user(email, role, None, full_name=name, check_password=False, **kwargs)
        User.objects.filter(pk=user.pk).update(password=hashed)
