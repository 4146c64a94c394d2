"""Classification to ProClass v17 (and CPV 2008): the councils' own expense types, and coverage by value."""
from decimal import Decimal

import pytest

from riep.procurement.engine import classify_rules
from riep.procurement.engine.classify import UNCLASSIFIED, classify, coverage, cpv, proclass


def test_the_data_files_are_the_published_vocabularies():
    assert len(proclass()) == 586
    assert proclass()["371100"].path == "Utilities > Gas"
    assert len(cpv()) == 9454 and cpv()["09310000-5"] == "Electricity"


def test_every_code_the_rules_use_exists():
    codes = {code for _pattern, code in classify_rules.EXPENSE_RULES + classify_rules.SUPPLIER_RULES}
    codes |= set(classify_rules.LEVEL2_CPV)
    assert codes <= set(proclass())
    assert set(classify_rules.LEVEL1_CPV.values()) | set(classify_rules.LEVEL2_CPV.values()) <= set(cpv())
    assert set(classify_rules.LEVEL1_CPV) == {c.level1 for c in proclass().values()}


@pytest.mark.parametrize("expense_type, description, supplier, code", [
    ("CATERING.FOOD & BEVERAGES", None, None, "111200"),          # North Tyneside publishes ProClass itself
    ("SOCIAL CARE.NURSING & RESIDENTIAL CARE", None, None, "321017"),
    ("Comms & Computing", None, None, "271501"),                   # Gateshead's CIPFA subjective headings
    ("Agency Staff Costs - Non Teaching", None, None, "261400"),   # Darlington
    ("Electricity", None, None, "371000"),                         # Manchester
    ("Gas", None, None, "371100"),
    ("Home Care", None, None, "321014"),                           # Leeds
    ("Independent Fostering Agencies", None, None, "401301"),
    ("Public Transport and Taxi Fares", None, None, "261600"),
    ("Legal Fees", None, None, "281300"),
    ("Revenue Expenditure", None, "BLUE LINE TAXIS", "361450"),    # Newcastle: only the supplier says what it is
    ("Weather forecasting", None, None, "182100"),                 # ProClass's own label words
])
def test_lines_are_classified(expense_type, description, supplier, code):
    result = classify(expense_type, description, supplier)
    assert result.code == code, result
    assert result.scheme == "ProClass v17" and 0 < result.confidence <= 1 and result.basis


def test_confidence_follows_the_evidence():
    published = classify("CATERING.FOOD & BEVERAGES")
    rule = classify("Electricity")
    supplier_only = classify(None, None, "Northumbrian Water Ltd")
    assert published.confidence > rule.confidence > supplier_only.confidence
    assert supplier_only.code == "371300" and "supplier name" in supplier_only.basis
    assert rule.cpv_code == "09310000-5" and rule.cpv_label == "Electricity"


def test_nothing_to_go_on_is_unclassified():
    assert classify(None, None, "ZYXW") == UNCLASSIFIED
    assert classify("", "", "") == UNCLASSIFIED


def test_coverage_is_by_value_and_counts_credit_notes_by_size():
    items = [(Decimal("900"), "371000", True), (Decimal("-100"), "371000", False), (Decimal("500"), None, False),
             (Decimal("500"), "111200", False)]
    result = coverage(items)
    assert result.total == Decimal("2000") and result.classified == Decimal("1500")
    assert result.confirmed == Decimal("900")
    assert str(result) == "75% of spend by value classified, 45% confirmed"
    assert coverage([]).classified_share == 0.0
