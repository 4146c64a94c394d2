from decimal import Decimal
from fractions import Fraction

import pytest

from riep.core.fy import FinancialYear
from riep.ledger.calc.additionality import (
    Assessment,
    Override,
    additionality,
    assess_additionality,
    load_parameter_sets,
    parameter_set_from_levels,
    ready_reckoner,
)
from riep.ledger.calc.gains import Gain, GainYear

from .examples import worked_gains

D = Decimal


def _gain(gain_id):
    return next(g for g in worked_gains() if g.id == gain_id)


def test_ready_reckoner_levels_carry_source_and_verify_flag():
    low = ready_reckoner("leakage", "low")
    assert low.value == D("0.10") and low.verify and "Additionality Guide" in low.source
    assert ready_reckoner("displacement", "high").value == D("0.75")
    assert ready_reckoner("multiplier", "medium").value == D("1.5")
    with pytest.raises(KeyError):
        ready_reckoner("leakage", "enormous")


def test_named_sets_are_marked_illustrative():
    sets = load_parameter_sets()
    assert {"cost_saving_no_reference_case", "collaborative_procurement_national_framework"} <= set(sets)
    assert all(s.illustrative for s in sets.values())
    assert sets["cost_saving_no_reference_case"].get("deadweight").value == 0
    # Reference-case factors default to the gross side's.
    assert sets["shared_service_some_cost_shift"].get("reference_displacement").value == D("0.25")


def test_worked_example_leakage_deadweight_attribution():
    # G6 in 2010-11 (gross 150,000, ongoing costs 10,000), low leakage 10%, deadweight 20%, attribution 50%.
    # gross side     = 150,000 × (1 − 0.10) × 1 × 1 × 1 = 135,000
    # reference side = (0.20 × 150,000 = 30,000) × (1 − 0.10) = 27,000
    # additional     = (135,000 − 27,000) × 0.5 = 54,000; net of the 10,000 costs: 44,000 (gain's own net 140,000)
    params = parameter_set_from_levels("g6", "G6", leakage="low", deadweight=D("0.2"))
    result = assess_additionality(Assessment(_gain("G6"), params, attribution=D("0.5")), ["2010-11"])
    (year,) = result.years
    assert (year.gross_side, year.reference_impact, year.reference_side) == (D("135000"), D("30000"), D("27000"))
    assert (year.additional, year.costs, year.additional_net, year.net) == (
        D("54000"), D("10000"), D("44000"), D("140000"))


def test_worked_example_heavy_reference_case():
    # G5: NI 179 counts 120,000 a year in full. Buying at the national framework price would have saved
    # 90,000 a year anyway, so only (120,000 − 90,000) × 1 = 30,000 a year is additional: 90,000 over three years.
    sets = load_parameter_sets()
    reference = {y: D("90000") for y in ("2009-10", "2010-11", "2011-12")}
    result = assess_additionality(
        Assessment(_gain("G5"), sets["collaborative_procurement_national_framework"], reference_amounts=reference)
    )
    assert [y.additional for y in result.years] == [D("30000")] * 3
    assert result.additional == D("90000") and result.gross_impact == D("360000")
    deadweight = next(p for p in result.parameters if p.name == "deadweight")
    assert deadweight.value is None and "amounts per year" in deadweight.source


def test_worked_example_every_factor():
    # 100,000 gross; leakage 10%, displacement 25% (cost shifted to another public body), deadweight 30%,
    # attribution 75%:  gross side 100,000 × 0.9 × 0.75 = 67,500; reference side 30,000 × 0.9 × 0.75 = 20,250;
    # additional (67,500 − 20,250) × 0.75 = 47,250 × 0.75 = 35,437.50
    gain = Gain("S1", "NTH", "shared_service", True, True, "realised", "2008-09", (GainYear("2008-09", 100_000),))
    params = load_parameter_sets()["shared_service_some_cost_shift"]
    override = Override("deadweight", D("0.3"), "council's own efficiency plan would have saved 30%")
    result = assess_additionality(Assessment(gain, params, D("0.75"), (override,)))
    assert result.years[0].additional == D("35437.50")
    used = {p.name: p for p in result.parameters}
    assert used["deadweight"].override_reason.startswith("council's own")


def test_override_needs_a_reason_and_a_known_parameter():
    with pytest.raises(ValueError, match="needs a reason"):
        Override("leakage", D("0.2"), "  ")
    with pytest.raises(ValueError, match="not an additionality parameter"):
        Override("optimism", D("0.2"), "because")


def test_deadweight_must_be_estimated():
    params = load_parameter_sets()["collaborative_procurement_national_framework"]
    with pytest.raises(ValueError, match="no universal default"):
        assess_additionality(Assessment(_gain("G5"), params))


def test_out_of_range_factor_refused():
    params = load_parameter_sets()["cost_saving_no_reference_case"]
    bad = Override("leakage", D("1.2"), "typo")
    with pytest.raises(ValueError, match="between 0 and 1"):
        assess_additionality(Assessment(_gain("G5"), params, overrides=(bad,)))


def test_multiplier_above_one_warns_for_cost_savings():
    params = load_parameter_sets()["economic_output_sub_regional_medium"]
    override = Override("deadweight", D("0"), "illustration")
    result = assess_additionality(Assessment(_gain("G5"), params, overrides=(override,)), ["2009-10"])
    # 120,000 × 0.75 × 0.5 × 1 × 1.5 = 67,500
    assert result.years[0].additional == D("67500")
    assert any("Multiplier above 1" in w for w in result.warnings)
    assert any("illustrative" in w for w in result.warnings)


def test_aggregated_per_project_council_and_partnership():
    sets = load_parameter_sets()
    g5 = Assessment(_gain("G5"), sets["collaborative_procurement_national_framework"],
                    reference_amounts={"2010-11": D("90000")})
    g6 = Assessment(_gain("G6"), parameter_set_from_levels("g6", "G6", leakage="low", deadweight=D("0.2")),
                    attribution=Fraction(1, 2))
    summary = additionality([g5, g6], ["2010-11"])
    # G5 30,000 (all NTH); G6 54,000 split 60/40: NTH 32,400, STH 21,600.
    assert summary.additional == D("84000")
    assert summary.by_project() == {"P-PROC": D("30000"), "P-SS": D("54000")}
    assert summary.by_council() == {"NTH": D("62400"), "STH": D("21600")}
    assert summary.by_year() == {FinancialYear(2010): D("84000")}
    # Net: G5 has no costs (30,000); G6 54,000 − 10,000 = 44,000.
    assert summary.additional_net == D("74000")


def test_gain_assessed_twice_refused():
    params = load_parameter_sets()["cost_saving_no_reference_case"]
    with pytest.raises(ValueError, match="assessed twice"):
        additionality([Assessment(_gain("G1"), params), Assessment(_gain("G1"), params)])


def test_evidence_strength_is_maryland_1_to_5():
    params = load_parameter_sets()["cost_saving_no_reference_case"]
    assert Assessment(_gain("G1"), params, evidence_strength=3).evidence_strength == 3
    with pytest.raises(ValueError, match="Maryland"):
        Assessment(_gain("G1"), params, evidence_strength=6)
