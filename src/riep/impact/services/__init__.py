"""Impact analysis use cases, where the database meets the pure counterfactual engine (``riep.impact.engine.synth``,
``inference``, ``did``...). One module per responsibility:

* ``panels``: reading and checking an uploaded panel, saving it;
* ``councils``: panel units matched to registry councils, and the donor pool;
* ``analysis``: running an analysis (synthetic control, placebos, leave-one-out, in-time placebo, DiD) and queuing it;
* ``presentation``: the page's figures, tables and plain-English verdicts;
* ``evidence``: recording a finished analysis as a gain's evidence through the ledger's own service.

The public names are re-exported here, so ``from riep.impact.services import ...`` keeps working.
"""
from riep.impact.services.analysis import (
    IN_TIME_MIN_PRE_PERIODS,
    IN_TIME_YEARS_EARLIER,
    LOO_MIN_WEIGHT,
    TREATED_KEY,
    compute,
    create_analysis,
    run_analysis,
)
from riep.impact.services.councils import donor_pool, resolve_units, unit_names
from riep.impact.services.evidence import (
    MARYLAND_COMPARISON_GROUP,
    candidate_gains,
    evidence_method_text,
    impact_evidence_table,
    use_as_evidence,
)
from riep.impact.services.panels import MAX_PROBLEMS, ParsedPanel, parse_panel, save_panel
from riep.impact.services.presentation import (
    adoption_text,
    balance_table,
    comparison_table,
    fmt,
    in_time_summary,
    in_time_table,
    leave_one_out_summary,
    leave_one_out_table,
    missing_summary,
    period_label,
    placebo_table,
    read_period,
    series_table,
    staggered_table,
    weights_table,
)

__all__ = [
    "IN_TIME_MIN_PRE_PERIODS", "IN_TIME_YEARS_EARLIER", "LOO_MIN_WEIGHT", "MARYLAND_COMPARISON_GROUP", "MAX_PROBLEMS",
    "TREATED_KEY", "adoption_text", "staggered_table", "ParsedPanel", "balance_table", "comparison_table", "missing_summary", "candidate_gains", "compute", "create_analysis", "donor_pool",
    "evidence_method_text", "fmt", "impact_evidence_table", "in_time_summary", "in_time_table",
    "leave_one_out_summary", "leave_one_out_table", "parse_panel", "period_label", "read_period", "placebo_table", "resolve_units",
    "run_analysis", "save_panel", "series_table", "unit_names", "use_as_evidence", "weights_table",
]
