"""Property test: every form of the project, fed any number a person (or a fuzzer) might type into any of its number
fields, either refuses it with an error on that field or accepts a value that fits where it is stored. Nothing raises.
And (issue 15): every form submitted empty shows only messages that name their field; no radio has a "---------".
"""
import importlib
import pkgutil
import re
from decimal import Decimal

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import riep
from riep.core.forms import FinancialYearFormField, NumberField
from tests.conftest import _demo
from tests.core.typed_numbers import typed_numbers

# The demo data for this module only (tests/core has no demo of its own; a package-scoped one would outlive it).
demo = pytest.fixture(scope="module", name="demo")(_demo)
pytestmark = pytest.mark.usefixtures("demo")


def _form_classes():
    for info in pkgutil.walk_packages(riep.__path__, "riep."):
        if info.name.rsplit(".", 1)[-1] != "forms":
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == info.name:
                yield f"{value.__module__}.{value.__name__}", value


def _factories():
    """For each form: how to build it (its keyword arguments) and a body that is otherwise valid."""
    from riep.accounts.models import User
    from riep.impact.models import IndicatorPanel
    from riep.ledger.models import EfficiencyGain
    from riep.performance.models import Indicator
    from riep.performance.services.catalogue import questions
    from riep.portfolio.models import Project
    from riep.registry.models import Organisation, Partnership

    ee = Partnership.objects.get(code="EE")
    norfolk = Organisation.objects.get(gss_code="E10000020")
    project = Project.objects.get(code="ee-aspire2perform")
    source = project.funding_sources.first()
    panel = IndicatorPanel.objects.get(illustrative=True)
    manager = User.objects.get(email="manager@improvementeast.example")
    none = lambda: ({}, {})  # noqa: E731
    return {
        "riep.accounts.forms.SignInForm": none,
        "riep.accounts.forms.ApiTokenForm": none,
        "riep.care.forms.NeedsForm": lambda: ({}, {"service_type": "residential", "shared_core_hours": "100",
                                                   "shared_by": "4", "waking_night_hours": "70"}),
        "riep.care.forms.RateCardForm": none,
        "riep.care.forms.CostsForm": lambda: ({}, {"provider_fee": "950"}),
        "riep.care.forms.OutcomeForm": lambda: ({}, {"agreed_weekly_fee": "950", "agreed_on": "01/04/2026"}),
        "riep.care.forms.ImportForm": lambda: ({"councils": Organisation.objects.filter(pk=norfolk.pk)}, {}),
        "riep.impact.forms.PanelUploadForm": none,
        "riep.impact.forms.ChoosePanelForm": none,
        "riep.impact.forms.AnalysisForm": lambda: ({"panel": panel, "user": manager}, {
            "title": "t", "outcome": panel.numeric_columns[0], "treated": panel.units[0],
            "treatment_year": str(panel.last_period), "donor_rule": "same_type", "v_method": "nested"}),
        "riep.impact.forms.EvidenceForm": lambda: ({"gains": EfficiencyGain.objects.all()}, {}),
        "riep.impact.forms.SeriesPanelForm": none,
        "riep.ledger.forms.GainForm": lambda: ({"councils": Organisation.objects.filter(pk=norfolk.pk)}, {
            "reference": "EE-PROP-1", "council": str(norfolk.pk), "service_area": "Fleet", "category": "asset",
            "description": "d", "status": "forecast", "first_year": "2009-10", "gross_saving_2009": "1000"}),
        "riep.ledger.forms.EvidenceForm": none,
        "riep.ledger.forms.ImportForm": none,
        "riep.ledger.forms.ReasonForm": none,
        "riep.ledger.forms.AdditionalityForm": lambda: ({}, {"parameter_set": "cost_saving_no_reference_case",
                                                            "attribution": "1", "value_multiplier": "1.2",
                                                            "reason_multiplier": "local evidence"}),
        "riep.portfolio.forms.ProjectForm": lambda: ({"partnerships": Partnership.objects.filter(pk=ee.pk)}, {}),
        "riep.portfolio.forms.CouncilOfficerProjectForm": none,
        "riep.portfolio.forms.FundingSourceForm": none,
        "riep.portfolio.forms.ConfidenceForm": none,
        "riep.portfolio.forms.MilestoneForm": none,
        "riep.portfolio.forms.FundingLinesForm": lambda: ({"source": source, "years": project.funding_period.years},
                                                          {f"allocation_{y.start_year}": "1000"
                                                           for y in project.funding_period.years}),
        "riep.registry.forms.PartnerOrganisationForm": lambda: ({"partnership": ee}, {}),
        "riep.registry.forms.PersonForm": lambda: ({"partnership": ee}, {}),
        "riep.procurement.forms.UploadForm": lambda: ({"councils": Organisation.objects.filter(pk=norfolk.pk)}, {}),
        "riep.procurement.forms.MappingForm": lambda: ({"headers": ["Date", "Supplier", "Amount"],
                                                        "initial_mapping": {}}, {}),
        "riep.procurement.forms.DecisionForm": none,
        "riep.procurement.forms.CategoryForm": none,
        "riep.procurement.forms.SavingForm": lambda: ({}, {"supplier": "S1", "baseline_from": "01/04/2021",
                                                           "baseline_to": "30/04/2021", "contract_start": "01/07/2021",
                                                           "new_annual_cost": "1000"}),
        "riep.reorg.forms.AssumptionForm": lambda: ({}, {"low": "1", "central": "2", "high": "3", "source_note": "s",
                                                          "reason": "r"}),
        "riep.reorg.forms.TaxPlanForm": lambda: ({}, {"tax_target": "weighted_average", "tax_years": "3",
                                                       "referendum_limit": "4.99"}),
        "riep.reorg.forms.HarmoniseForm": lambda: ({}, {"band_d": "1200,1300", "tax_base": "100,200", "years": "3"}),
        "riep.reorg.forms.RealisedSavingForm": lambda: ({}, {"year": "2010-11", "amount": "1000"}),
        "riep.reorg.forms.AgreePlacementForm": lambda: ({}, {"offer": "1", "request": "2", "recharge_per_day": "350"}),
        "riep.reorg.forms.CouncilTaxFileForm": none,
        "riep.resilience.forms.RuleForm": lambda: ({}, {"name": "n", "indicator": "reserves_level", "comparison": "below",
                                                         "threshold": "0.1", "active": "on", "reason": "r"}),
        "riep.resilience.forms.NoteForm": lambda: ({}, {"year": "2017-18", "kind": "narrative", "text": "t"}),
        "riep.resilience.forms.CaseForm": none,
        "riep.resilience.forms.ActionForm": none,
        "riep.resilience.forms.ActionStatusForm": none,
        "riep.resilience.forms.LevelForm": none,
        "riep.resilience.forms.PeerSupportForm": none,
        "riep.resilience.forms.PaperForm": none,
        "riep.resilience.forms.CloseForm": none,
        "riep.performance.forms.ImportForm": none,
        "riep.performance.forms.CommentaryForm": none,
        "riep.performance.forms.TargetForm": lambda: ({"indicator": Indicator.objects.get(key="NI55")}, {
            "period": "2011-12", "target": "8.5", "baseline": "9.6", "baseline_period": "2007-08", "tolerance": "0.4",
            "tolerance_kind": "absolute"}),
        "riep.performance.forms.LocalIndicatorForm": lambda: ({"partnership": ee}, {
            "code": "L9", "name": "n", "definition": "d", "unit": "%", "polarity": "lower",
            "frequency": "financial_year", "decimals": "1", "source": "s", "geography": "g"}),
        "riep.performance.forms.PriorityOutcomeForm": lambda: ({"partnership": ee}, {}),
        "riep.performance.forms.PriorityChangeForm": lambda: ({"own_outcome": True}, {}),
        "riep.performance.forms.ProjectsForm": lambda: ({"projects": Project.objects.filter(partnership=ee)}, {}),
        "riep.performance.forms.ResourceForm": lambda: ({}, {"direction": "requested", "description": "d",
                                                             "amount": "250000"}),
        "riep.performance.forms.AssessmentYearForm": lambda: ({}, {"year": "2011-12"}),
        "riep.performance.forms.AnswersForm": lambda: ({"questions": questions()}, {}),
        "riep.performance.forms.ActionForm": lambda: ({"questions": questions()}, {}),
        "__users__": lambda: User.objects.count(),
    }


# Text fields that take numbers without saying so in their type.
NUMERIC_TEXT = {"riep.ledger.forms.AdditionalityForm": {"attribution"}}


def _numeric_fields(name, form) -> list[str]:
    return [field_name for field_name, field in form.fields.items()
            if isinstance(field, (NumberField, forms.IntegerField, forms.DecimalField, forms.FloatField,
                                  FinancialYearFormField))
            or field.widget.attrs.get("inputmode") in ("decimal", "numeric")
            or field_name in NUMERIC_TEXT.get(name, ())]


def test_every_form_has_a_factory(db):
    assert {name for name, _ in _form_classes()} <= set(_factories())


def _fits(field, value) -> bool:
    if value is None or isinstance(value, str):
        return True
    if isinstance(field, NumberField):
        if isinstance(value, int):
            return field.min_value is None or value >= field.min_value
        exponent = value.as_tuple().exponent
        whole = len(str(abs(value)).split(".")[0].lstrip("0"))
        return value.is_finite() and -exponent <= field.decimal_places and whole <= field.max_digits - field.decimal_places
    if isinstance(value, int):
        return -2**31 <= value < 2**31
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value) < 10**12
    return True


FORMS_WITH_NUMBERS = ["riep.care.forms.NeedsForm", "riep.care.forms.CostsForm", "riep.care.forms.OutcomeForm",
                      "riep.ledger.forms.GainForm", "riep.ledger.forms.AdditionalityForm",
                      "riep.portfolio.forms.FundingLinesForm", "riep.procurement.forms.SavingForm",
                      "riep.reorg.forms.AssumptionForm", "riep.reorg.forms.TaxPlanForm", "riep.reorg.forms.HarmoniseForm",
                      "riep.reorg.forms.RealisedSavingForm", "riep.reorg.forms.AgreePlacementForm",
                      "riep.resilience.forms.RuleForm", "riep.resilience.forms.NoteForm",
                      "riep.performance.forms.TargetForm", "riep.performance.forms.LocalIndicatorForm",
                      "riep.performance.forms.ResourceForm",
                      "riep.impact.forms.AnalysisForm"]  # its penalty (lambda)
# (The analysis form's start is a financial year typed as text, "2009-10": it is checked with the other text.)


def test_the_forms_with_number_fields_are_the_ones_walked(db):
    classes = dict(_form_classes())
    factories = _factories()
    found = []
    for name, cls in classes.items():
        kwargs, data = factories[name]()
        form = cls(data or None, **kwargs)
        if _numeric_fields(name, form):
            found.append(name)
            assert form.is_valid(), (name, form.errors)  # the baseline is valid, so clean() runs in full
    assert sorted(found) == sorted(FORMS_WITH_NUMBERS)


@pytest.mark.parametrize("name", FORMS_WITH_NUMBERS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), typed=typed_numbers())
def test_no_number_makes_a_form_raise(db, name, data, typed):
    cls = dict(_form_classes())[name]
    kwargs, baseline = _factories()[name]()
    fields = _numeric_fields(name, cls(None, **kwargs))
    field_name = data.draw(st.sampled_from(fields))
    form = cls({**baseline, field_name: typed}, **kwargs)
    valid = form.is_valid()  # must not raise
    if field_name in form.errors:
        assert all(isinstance(m, str) and m for m in form.errors[field_name])
        assert typed in str(form[field_name]) or typed.strip() == "" or "&" in str(form[field_name])  # shown back
    else:
        value = form.cleaned_data.get(field_name)
        assert _fits(form.fields[field_name], value), (field_name, typed, value)
        if name == "riep.ledger.forms.AdditionalityForm" and valid:
            for override in form.cleaned_data["overrides"]:
                assert Decimal(override["value"]).is_finite() and Decimal(override["value"]) <= 10


# --- messages that name their field (issue 15): an empty submit of every form, sharing this module's demo -----

DJANGO_WORDS = ("This field is required", "Select a valid choice", "Enter a valid", "Ensure this value", "---------")


STOP = {"the", "a", "an", "of", "your", "this", "what", "how", "which", "is", "are", "do", "does", "for", "to"}


def _words(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)", "", str(text))  # "Spend file (CSV or XLSX)": the parenthesis is a hint
    return re.sub(r"[^\w£ ]", " ", text).casefold().split()


def _names_field(message: str, label: str) -> bool:
    """The message names the field: its label, or the label's first significant word (singular or plural)."""
    words = [w for w in _words(label) if w not in STOP]
    said = " ".join(_words(message))
    return bool(words) and (" ".join(words) in said or words[0].rstrip("s") in said)


def _empty_forms():
    factories = _factories()
    for name, cls in _form_classes():
        kwargs, _ = factories[name]()
        yield name, cls(data={}, files={}, **kwargs)


def test_an_empty_submit_of_every_form_names_each_field_in_its_messages(db):
    problems = []
    walked = 0
    for name, form in _empty_forms():
        walked += 1
        form.is_valid()
        for field_name, errors in form.errors.items():
            if field_name == "__all__":
                continue
            label = form[field_name].label
            for message in errors:
                if any(word in message for word in DJANGO_WORDS) or not _names_field(message, label):
                    problems.append(f"{name}.{field_name} ({label}): {message}")
    assert walked >= 40
    assert problems == [], "\n".join(problems)


def test_no_radio_group_offers_a_placeholder_choice(db):
    for name, form in _empty_forms():
        for bound in form:
            if isinstance(bound.field.widget, forms.RadioSelect):
                assert all(str(option.data["value"]) != "" for option in bound), (name, bound.name)
                assert "---------" not in str(bound), (name, bound.name)


def test_the_project_form_words_its_own_messages(db):
    from riep.portfolio.forms import ProjectForm
    from riep.registry.models import Partnership

    form = ProjectForm({"code": "Bad code!"}, partnerships=Partnership.objects.filter(code="EE"))
    assert not form.is_valid()
    assert form.errors["name"] == ["Enter the project name"]
    assert form.errors["code"] == ["Project code must only include lower case letters, numbers and hyphens"]
    assert form.errors["lead_council"] == ["Select the lead council"]
    assert form.errors["funding_period"] == ["Select the funding period"]


# --- only the choices a person may make (issue 15): each form as its page builds it for a council officer -------

# Forms with records to choose from that a council officer never opens, and the permission that keeps them out.
STAFF_ONLY = {
    "riep.portfolio.forms.ProjectForm": "create_projects",  # officers change their part: CouncilOfficerProjectForm
    "riep.impact.forms.AnalysisForm": "run_impact_analysis",
    "riep.impact.forms.ChoosePanelForm": "run_impact_analysis",
    "riep.impact.forms.EvidenceForm": "run_impact_analysis",
    "riep.performance.forms.LocalIndicatorForm": "approve_performance",
    "riep.performance.forms.PriorityOutcomeForm": "approve_performance",
    "riep.performance.forms.ProjectsForm": "approve_performance",
    "riep.registry.forms.PersonForm": "manage_registry",
    "riep.resilience.forms.CaseForm": "run_support_cases",
    "riep.resilience.forms.PeerSupportForm": "run_support_cases",
}


def _officer_forms(officer):
    """The forms a council officer of one council opens that offer records, built as their pages build them (the
    pages' own permission calls), each with the records of each kind the officer may choose."""
    from riep.care.forms import ImportForm as PlacementsImportForm
    from riep.care.permissions import councils_person_manages_care_for
    from riep.ledger.forms import GainForm
    from riep.ledger.permissions import councils_person_may_record_gains_for
    from riep.portfolio.forms import FundingSourceForm
    from riep.portfolio.models import FundingSource, Project
    from riep.procurement.forms import UploadForm
    from riep.procurement.permissions import councils_person_imports_spend_for
    from riep.registry import scope
    from riep.registry.models import Organisation

    own = scope.councils_person_acts_for(officer)
    project = Project.objects.get(code="ee-aspire2perform")  # a project of the officer's council
    return {
        "riep.ledger.forms.GainForm": (GainForm(councils=councils_person_may_record_gains_for(officer)), {
            Organisation: own, Project: Project.objects.filter(participating_councils__in=own)}),
        "riep.care.forms.ImportForm": (PlacementsImportForm(councils=councils_person_manages_care_for(officer)),
                                       {Organisation: own}),
        "riep.procurement.forms.UploadForm": (UploadForm(councils=councils_person_imports_spend_for(officer)),
                                              {Organisation: own}),
        # A contribution comes from one of the project's own councils.
        "riep.portfolio.forms.FundingSourceForm": (FundingSourceForm(instance=FundingSource(project=project)),
                                                   {Organisation: project.participating_councils.all()}),
    }


def _offers_records(form) -> bool:
    return any(isinstance(f, forms.ModelChoiceField) or name in ("council", "councils") for name, f in form.fields.items())


def test_every_form_offering_records_is_checked_for_an_officer_or_kept_from_officers(db):
    from riep.accounts.models import User
    from riep.core.permissions import has_permission

    officer = User.objects.get(email="officer@norfolk.example")
    checked = set(_officer_forms(officer))
    factories = _factories()
    offering = {name for name, cls in _form_classes() if _offers_records(cls(**factories[name]()[0]))}
    assert offering == checked | set(STAFF_ONLY), offering ^ (checked | set(STAFF_ONLY))
    assert [name for name, permission in STAFF_ONLY.items() if has_permission(officer, permission)] == []


def test_a_council_officer_is_offered_only_the_records_they_may_choose(db):
    from riep.accounts.models import User

    officer = User.objects.get(email="officer@norfolk.example")
    problems = []
    for name, (form, permitted) in _officer_forms(officer).items():
        for field_name, field in form.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            allowed = {str(pk) for pk in permitted[field.queryset.model].values_list("pk", flat=True)}
            offered = {str(option.data["value"]) for option in form[field_name].subwidgets} - {""}
            accepted = {str(pk) for pk in field.queryset.values_list("pk", flat=True)}
            if not offered or offered - allowed or accepted - allowed:
                problems.append(f"{name}.{field_name}: offers {len(offered)}, {len(offered - allowed)} not permitted, "
                                f"accepts {len(accepted - allowed)} not permitted")
    assert problems == [], "\n".join(problems)
