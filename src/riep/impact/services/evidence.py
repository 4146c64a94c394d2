"""A finished analysis as a gain's evidence: the ledger's own save_gain records it (Maryland level 3), and the value
report lists it."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from riep.core.tables import LINK, Column, Table
from riep.impact.models import AnalysisStatus, ImpactAnalysis
from riep.impact.services.presentation import fmt
from riep.ledger.services import GainData, gains_of, save_gain

MARYLAND_COMPARISON_GROUP = 3


def evidence_method_text(analysis: ImpactAnalysis) -> str:
    r = analysis.result
    placebo = r.get("placebo")
    text = ("Synthetic control with in-space placebos, p = " + f"{placebo['p_value']:.3f}" + f" ({placebo['count']} placebos)"
            if placebo else "Synthetic control (no placebo inference)")
    text += f"; average effect {fmt(r['average_effect'])} {analysis.outcome_label or analysis.outcome} a year"
    if r.get("did"):
        text += f"; DiD {fmt(r['did']['estimate'])} (SE {fmt(r['did']['std_error'])})"
    text += f". Impact analysis {analysis.pk}: {analysis.title}"
    return text[:300]


def candidate_gains(analysis: ImpactAnalysis):
    """The gains this analysis can be evidence for: its own gain, or its project's gains."""

    return gains_of(gain_id=analysis.gain_id, project_id=analysis.project_id)


@transaction.atomic
def use_as_evidence(user, analysis: ImpactAnalysis, gains) -> list:
    """Sets each gain's evidence method and Maryland level 3 through the ledger's save_gain (locking, versions and
    the user's councils all apply). Raises ValidationError (or PermissionDenied) and changes nothing on a refusal."""

    if analysis.status != AnalysisStatus.SUCCEEDED:
        raise ValidationError("Only a finished analysis can be used as evidence.")
    allowed = set(candidate_gains(analysis).values_list("pk", flat=True))
    text = evidence_method_text(analysis)
    changed = []
    for gain in gains:
        if gain.pk not in allowed:
            raise ValidationError(f"Gain {gain.reference} is not attached to this analysis or its project.")
        save_gain(user, gain, GainData(fields={"evidence_level": MARYLAND_COMPARISON_GROUP, "evidence_method": text}),
                  reason=f"Counterfactual evidence from impact analysis {analysis.pk} ({analysis.title})")
        analysis.evidence_gains.add(gain)
        changed.append(gain)
    return changed


def impact_evidence_table(gains) -> Table:
    """For the value report: each gain with counterfactual evidence, the analysis behind it and its figures."""
    gains = list(gains)
    analyses = ImpactAnalysis.objects.filter(evidence_gains__in=gains, status=AnalysisStatus.SUCCEEDED) \
        .prefetch_related("evidence_gains").distinct().order_by("pk")
    rows = []
    ids = {g.pk for g in gains}
    for a in analyses:
        placebo, did = a.result.get("placebo"), a.result.get("did")
        for g in a.evidence_gains.all():
            if g.pk not in ids:
                continue
            rows.append({
                "gain": g.reference, "analysis": f"{a.title}" + (" (illustrative data)" if a.panel.illustrative else ""),
                "link": a.get_absolute_url(),
                "effect": f"{fmt(a.result.get('average_effect'))} {a.outcome_label or a.outcome}",
                "p": "–" if not placebo else f"{placebo['p_value']:.3f}",
                "did": "–" if not did else f"{fmt(did['estimate'])} (SE {fmt(did['std_error'])})",
                "level": g.get_evidence_level_display() if g.evidence_level else "–",
            })
    return Table("impact-evidence", "Counterfactual evidence behind gains", [
        Column("gain", "Gain"), Column("analysis", "Impact analysis", LINK, link_key="link"),
        Column("effect", "Average effect a year"), Column("p", "Placebo p-value"),
        Column("did", "Difference-in-differences (SE)"), Column("level", "Maryland level")], rows,
        note="Synthetic control (Abadie, Diamond and Hainmueller 2010) compares the councils with a weighted mix of "
             "similar councils; the p-value comes from treating each comparison council in turn (in-space placebos).")
