"""Counterfactual engine: synthetic control, placebo inference and difference-in-differences.

Pure computation on typed inputs (``Panel``, ``SynthSpec``) returning frozen dataclasses; the only
I/O is ``panel.load_panel``. The engine modules here (types, panel, predictors, optimise,
synth, diagnostics, inference, did, simulate, simulation, datasets) import no Django; the platform's
models, services and views around it live in `riep.impact` (a separate layer).
"""
from .inference import in_space_placebos, in_time_placebo, leave_one_out
from .panel import (
    DuplicateRowError,
    MissingColumnError,
    NonNumericError,
    PanelError,
    TooFewPrePeriodsError,
    UnitNotFoundError,
    load_panel,
    panel_from_frame,
)
from .predictors import parse_predictor
from .synth import fit_synth
from .types import ImpactError, Panel, PredictorSpec, SpecError, SynthResult, SynthSpec

__all__ = [
    "DuplicateRowError", "ImpactError", "MissingColumnError", "NonNumericError", "Panel",
    "PanelError", "PredictorSpec", "SpecError", "SynthResult", "SynthSpec", "TooFewPrePeriodsError",
    "UnitNotFoundError", "fit_synth", "in_space_placebos", "in_time_placebo", "leave_one_out",
    "load_panel", "panel_from_frame", "parse_predictor",
]
