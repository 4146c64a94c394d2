"""Ledger use cases, one module per responsibility; every public name stays importable from here.

- gains: gains as the pure engines see them, and which belong to a council or partnership
- saving: `save_gain`, versions with reasons, and the lock that validated NI 179 returns put on gains
- returns: NI 179 returns and their sign-off (submit, validate, send back, reopen)
- additionality: each project's additionality choice and the assessment of its gains
- trajectory: NI 179 against the CSR07 trajectory

Who may do what is `riep.ledger.permissions` (on `riep.registry.scope`); its rules are re-exported here.
"""
from riep.ledger.models import Category, EvidenceLevel, GainStatus  # the vocabulary of GainData, for other capabilities
from riep.ledger.permissions import (  # noqa: E402  (the ledger's public scope rules)
    gains_person_may_change,
    may_change_gain,
)
from riep.ledger.permissions import (
    may_choose_additionality as can_choose_additionality,
)
from riep.ledger.permissions import (
    may_view_evidence as can_view_evidence,
)
from riep.ledger.services.additionality import (
    DEFAULT_PARAMETER_SET,
    additionality_assessment,
    additionality_history_table,
    assess_additionality,
    parameter_sets_table,
    projects_additionality_table,
    save_additionality_choice,
)
from riep.ledger.services.evidence_sources import add_evidence_source, attach_evidence_document, evidence_tables
from riep.ledger.services.gains import (
    ZERO,
    council_code,
    find_gain,
    gain_years_table,
    gains_for_council,
    gains_for_partnership,
    gains_of,
    gains_queryset,
    gains_totals,
    new_gain,
    ni179_for_council,
    partnership_councils,
    to_calc_gain,
)
from riep.ledger.services.returns import (
    DECLARATION,
    gains_missing_evidence,
    get_return,
    get_returns_of,
    headline,
    ni179_lines_table,
    reopen_return,
    returns_rows,
    returns_table,
    send_back_return,
    submit_return,
    validate_return,
    workflow_table,
)
from riep.ledger.services.saving import (
    AMOUNT_FIELDS,
    GAIN_FIELDS,
    GainData,
    LedgerLocked,
    check_gain_change,
    locked_returns,
    save_gain,
)
from riep.ledger.services.trajectory import trajectory_table

__all__ = [
    "Category", "EvidenceLevel", "GainStatus", "add_evidence_source", "attach_evidence_document", "evidence_tables",
    "find_gain", "gains_of", "new_gain",
    "AMOUNT_FIELDS", "DEFAULT_PARAMETER_SET", "GAIN_FIELDS", "ZERO", "GainData", "LedgerLocked",
    "additionality_assessment", "additionality_history_table", "assess_additionality", "can_choose_additionality",
    "can_view_evidence", "check_gain_change", "council_code", "gain_years_table", "gains_for_council",
    "gains_for_partnership", "gains_person_may_change", "gains_queryset", "gains_totals", "get_return", "locked_returns", "may_change_gain", "ni179_for_council",
    "ni179_lines_table", "parameter_sets_table", "partnership_councils", "projects_additionality_table",
    "reopen_return", "returns_table", "save_additionality_choice", "save_gain", "send_back_return",
    "submit_return", "to_calc_gain", "trajectory_table", "validate_return",
    "DECLARATION", "gains_missing_evidence", "get_returns_of", "headline", "returns_rows",
    "workflow_table",
]
