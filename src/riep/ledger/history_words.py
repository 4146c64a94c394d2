"""How the ledger's records read in audit trails (riep.core.history): "Jo Smith validated it"."""
from riep.core.history import describe
from riep.ledger.models import (
    AdditionalityChoice,
    Csr07Baseline,
    EfficiencyGain,
    EvidenceDocument,
    GainShare,
    GainYear,
    Ni179Return,
)


def _by(verb: str):
    """The person recorded as having done `verb` is the subject: "Jo Smith validated it"."""
    return lambda who, old, new: f"{new} {verb} it" if new else f"{who} cleared who {verb} it (it was {old})"


def register() -> None:
    describe(EfficiencyGain, name="efficiency gain", phrases={
        "version": lambda who, old, new: f"{who} saved it as version {new}",
        "change_reason": lambda who, old, new: f"{who} gave the reason {new}" if new else f"{who} cleared the reason",
    })
    describe(GainYear, name="year of the gain", title=lambda y: f"{y.gain.reference}, {y.year}",
             qualifier=lambda y: f" in {y.year}")
    describe(GainShare, name="council's share", title=lambda s: f"{s.council}'s share of {s.gain.reference}")
    describe(EvidenceDocument, name="evidence document")
    describe(AdditionalityChoice, name="additionality choice")
    describe(Csr07Baseline, name="CSR07 baseline")
    # The moments of submission and validation are the record's own time: "Jo Smith validated it on …" tells them.
    describe(Ni179Return, name="NI 179 return", hidden={"snapshot", "submitted_at", "validated_at"},
             labels={"validated_total": "validated figure"},
             phrases={"submitted_by": _by("submitted"), "validated_by": _by("validated"),
                      "locked": lambda who, old, new: f"{who} locked it" if new == "yes" else f"{who} unlocked it"})
