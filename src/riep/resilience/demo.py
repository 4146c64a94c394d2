"""Demo: the RS returns (real, all English councils), Improvement East's comparator group, and one illustrative
support case run from flag to closure for a member council whose real indicators raised a flag."""
from __future__ import annotations

import datetime as dt

from riep.core.fy import FinancialYear
from riep.finance.models import CouncilFigures, FinanceReturn
from riep.finance.services import import_demo_extracts
from riep.peers.models import PeerGroup
from riep.peers.services import save_chosen_group
from riep.registry.models import Organisation, Partnership
from riep.resilience.models import (
    ActionStatus,
    CouncilNote,
    InterventionLevel,
    NoteKind,
    Outcome,
    SupportCase,
    WarningRule,
)
from riep.resilience.services import cases
from riep.resilience.services.warnings import labelled_events, partnership_flags

DEMO_PARTNERSHIP = "EE"
EASTERN_UPPER_TIER = ["E10000003", "E10000012", "E10000015", "E10000020", "E10000029", "E06000031", "E06000032",
                      "E06000033", "E06000034", "E06000055", "E06000056"]
PEER_HELPERS = ["E10000015", "E10000012"]  # Hertfordshire, Essex: one offers peer support (illustrative)
PAPER = ("item,owner,status\nRecovery plan agreed by cabinet,Section 151 officer,done\n"
         "Peer review of the capital programme,Improvement East finance directors' group,done\n").encode()


def delete_resilience_rows() -> None:
    for model in (SupportCase, CouncilNote, WarningRule, PeerGroup, CouncilFigures, FinanceReturn):
        model.objects.all().delete()


def load_resilience_demo() -> None:
    import_demo_extracts()
    partnership = Partnership.objects.filter(code=DEMO_PARTNERSHIP).first()
    if partnership is None:
        return
    eastern = list(Organisation.objects.filter(gss_code__in=EASTERN_UPPER_TIER))
    save_chosen_group(partnership, "Eastern upper-tier councils", eastern,
                      description="The county and unitary councils of the East of England (illustrative choice).")
    _support_case(partnership)


def _support_case(partnership) -> None:
    """The case is illustrative; its trigger is real: the first member council (by name) that the default rules
    flag on its 2017-18 return and that has no labelled event (no real council's real crisis is re-told here)."""
    with_events = {e.council.pk for e in labelled_events()}
    flagged = next((r for r in partnership_flags(partnership, "2017-18") if r.flags and r.council.pk not in with_events),
                   None)
    if flagged is None:
        return
    council = flagged.council
    detail = "; ".join(f"{f.rule} ({f.value:.3f})" for f in flagged.flags)
    case = cases.open_case(partnership, council, title="Reserves recovery support (illustrative)", trigger="flag",
                           trigger_detail=f"2017-18 RS return flags: {detail}.", trigger_year=FinancialYear(2017),
                           level=InterventionLevel.RECOVERY_PLAN, opened_on=dt.date(2018, 12, 3), illustrative=True)
    plan = cases.add_action(case, "Agree a reserves recovery plan with the section 151 officer", "Section 151 officer",
                            dt.date(2019, 2, 28))
    review = cases.add_action(case, "Peer review of the capital and investment strategy",
                              "Improvement East finance directors' group", dt.date(2019, 6, 30))
    helper = Organisation.objects.filter(gss_code__in=PEER_HELPERS).exclude(pk=council.pk).order_by("gss_code").first()
    cases.offer_peer_support(case, helper, f"{helper.short_name or helper.name}'s finance director leads the peer "
                             "review (illustrative)", dt.date(2019, 1, 15))
    cases.set_level(case, InterventionLevel.BOARD, "Board oversight while the plan is delivered (illustrative)")
    cases.file_paper(case, "Improvement board: recovery plan tracker (illustrative)", "recovery-tracker.csv", PAPER,
                     dt.date(2019, 3, 12))
    for action in (plan, review):
        cases.update_action(action, ActionStatus.DONE, completed_on=action.due_on)
    cases.close_case(case, Outcome.IMPROVED, "Recovery plan delivered and reserves policy revised; the board keeps the "
                     "council's flags under review each year (illustrative).", closed_on=dt.date(2019, 9, 30))
    CouncilNote.objects.create(council=council, year=FinancialYear(2017), kind=NoteKind.NARRATIVE,
                               text="Earmarked reserves were drawn down as planned to fund one-off projects agreed in "
                               "2016 (illustrative narrative).")
