"""Importing indicator values: both layouts, every bad-input rule named by row and column, all or nothing."""
import io
from decimal import Decimal as D

import openpyxl
import pytest

from riep.accounts.models import User
from riep.core.importing import ImportRefused
from riep.performance.models import IndicatorValue, Target
from riep.performance.services.importer import import_values
from tests.performance.conftest import MANAGER_EE, OFFICER_NORFOLK

pytestmark = pytest.mark.usefixtures("performance")
NORFOLK, SUFFOLK, KENT = "E10000020", "E10000029", "E10000016"


def _csv(text: str) -> bytes:
    return text.strip().encode("utf-8")


def test_platform_layout_with_targets_then_the_same_file_again_changes_nothing():
    data = _csv(f"""indicator,area code,period,value,vintage,note,baseline,target,stretch,tolerance
NI192,{NORFOLK},2011-12,44.5,WasteDataFlow 2012,,38,46,yes,1.5
NI112,{NORFOLK},2011,-30.2,ONS Feb 2013,,,,,
""")
    summary = import_values(data, "values.csv")
    assert (summary.added, summary.changed) == (3, 0)  # two values and one target
    value = IndicatorValue.objects.get(indicator__key="NI192", council__gss_code=NORFOLK, period="2011-12")
    assert value.value == D("44.5") and value.vintage == "WasteDataFlow 2012" and not value.approved
    target = Target.objects.get(indicator__key="NI192", council__gss_code=NORFOLK, period="2011-12")
    assert target.stretch and target.target == D(46) and target.tolerance == D("1.5")
    again = import_values(data, "values.csv")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3) and again.first_imported_at is not None


def test_lg_inform_long_export_with_one_metric_named_by_the_option():
    data = _csv(f"""Area code,Area name,Period,Value
{NORFOLK},Norfolk,2011/12,9.1
{SUFFOLK},Suffolk,2011/12,8.7
""")
    with pytest.raises(ImportRefused, match="no indicator column"):
        import_values(data, "lginform.csv")
    summary = import_values(data, "lginform.csv", indicator="NI55")
    assert summary.added == 2
    assert IndicatorValue.objects.get(indicator__key="NI55", council__gss_code=SUFFOLK, period="2011-12").value == D("8.7")


def test_lg_inform_metric_column_in_an_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Metric", "Area code", "Period", "Value"])
    sheet.append(["NI 56", NORFOLK, "2011/12", 18.2])
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_values(buffer.getvalue(), "export.xlsx").added == 1


def test_every_bad_row_is_named_and_nothing_is_imported():
    before = IndicatorValue.objects.count(), Target.objects.count()
    data = _csv(f"""indicator,area code,period,value,baseline,target
NI999,{NORFOLK},2011-12,5,,
NI192,E99999999,2011-12,5,,
NI192,{NORFOLK},2011-13,5,,
NI192,{NORFOLK},2012-13,104,,
NI191,{NORFOLK},2012-13,600,650,700
NI192,{NORFOLK},2013-14,forty,,
NI17,{NORFOLK},2011-12,20,,
""")
    with pytest.raises(ImportRefused) as refused:
        import_values(data, "bad.csv")
    problems = {(p.row, p.field): p.message for p in refused.value.problems}
    assert "not an indicator" in problems[(2, "indicator")]
    assert "GSS code of a council" in problems[(3, "area code")]
    assert "second year must follow" in problems[(4, "period")]
    assert "percentage above 100" in problems[(5, "value")]
    assert "contradicts the indicator's polarity" in problems[(6, "target")]  # NI 191: lower is better
    assert "not a number" in problems[(7, "value")]
    assert not any(p.row == 8 for p in refused.value.problems)
    assert (IndicatorValue.objects.count(), Target.objects.count()) == before


def test_an_officer_imports_only_for_their_own_council_and_a_changed_figure_loses_its_approval():
    officer = User.objects.get(email=OFFICER_NORFOLK)
    with pytest.raises(ImportRefused, match="you may not import figures for Kent"):
        import_values(_csv(f"indicator,area code,period,value\nNI192,{KENT},2010-11,40"), "kent.csv", user=officer)
    approved = IndicatorValue.objects.filter(indicator__key="NI17", council__gss_code=NORFOLK, approved_at__isnull=False).first()
    manager = User.objects.get(email=MANAGER_EE)
    summary = import_values(_csv(f"indicator,area code,period,value\nNI17,{NORFOLK},{approved.period},{approved.value + 1}"),
                            "fix.csv", user=manager)
    assert summary.changed == 1
    approved.refresh_from_db()
    assert not approved.approved


def test_a_target_without_a_baseline_is_checked_against_the_baseline_already_set_and_keeps_it():
    import_values(_csv(f"""indicator,area code,period,value,baseline,target,stretch,tolerance
NI191,{NORFOLK},2010-11,640,650,600,yes,5
"""), "first.csv")
    # NI 191 (residual waste per household): lower is better, so 700 against the stored baseline 650 is refused,
    # for this period's target and for a new period's alike
    with pytest.raises(ImportRefused) as refused:
        import_values(_csv(f"""indicator,area code,period,value,target
NI191,{NORFOLK},2010-11,640,700
NI191,{NORFOLK},2011-12,630,660
NI191,{SUFFOLK},2011-12,630,700
"""), "retarget.csv")
    problems = {(p.row, p.field): p.message for p in refused.value.problems}
    assert "worse than the baseline already set (650" in problems[(2, "target")]
    assert "worse than the baseline already set (650" in problems[(3, "target")]
    assert (4, "target") not in problems  # Suffolk has no baseline: nothing to contradict
    # a better target changes only the target: baseline, stretch and tolerance are kept
    summary = import_values(_csv(f"""indicator,area code,period,value,target,stretch
NI191,{NORFOLK},2010-11,640,590,
"""), "retarget.csv")
    assert summary.changed == 1
    target = Target.objects.get(indicator__key="NI191", council__gss_code=NORFOLK, period="2010-11")
    assert (target.target, target.baseline, target.stretch, target.tolerance) == (D(590), D(650), True, D(5))


def test_a_baseline_or_tolerance_without_a_target_is_named_not_dropped():
    with pytest.raises(ImportRefused) as refused:
        import_values(_csv(f"""indicator,area code,period,value,baseline,target,stretch,tolerance
NI191,{NORFOLK},2010-11,640,650,,no,
NI191,{NORFOLK},2011-12,630,,,,5
"""), "half.csv")
    problems = {(p.row, p.field): p.message for p in refused.value.problems}
    assert "without a target" in problems[(2, "baseline")] and (2, "stretch") not in problems
    assert "without a target" in problems[(3, "tolerance")]
