"""Resolution across councils: stable supplier references, people's decisions change the result and survive every
later run, classification by value with a manual category that sticks."""
import pytest

from riep.procurement.models import ResolutionDecision, Supplier, SupplierName
from riep.procurement.services.classification import classification_coverage, set_category
from riep.procurement.services.importing import import_spend
from riep.procurement.services.resolution import decide, run_resolution
from tests.procurement.test_import_real_files import council

NEWCASTLE = ("Paid Date,Supplier Name,Total (excludes VAT),Group Description\n"
             "2021-04-01,NORTHUMBRIAN WATER LTD,1200.00,Water Services\n"
             "2021-04-02,Acme Cleaning Ltd,600.00,Cleaning and domestic supplies\n"
             "2021-04-02,Zenith Print Ltd,700.00,Printing\n").encode()
GATESHEAD = ("Period,Supplier ID(T),Amount,Cipfsubs(T)\n"
             "202101,Northumbrian Water Limited,900.00,Water Services\n"
             "202101,ZENITH PRINTING AND DESIGN,650.00,Printing\n").encode()


@pytest.fixture
def names(db, django_user_model):
    import_spend(council("E08000021"), NEWCASTLE, "newcastle.csv")
    import_spend(council("E08000037"), GATESHEAD, "gateshead.csv")
    return {n.raw_name: n for n in SupplierName.objects.all()}


def ref(name: SupplierName) -> str:
    return SupplierName.objects.get(pk=name.pk).supplier.reference


@pytest.mark.django_db
def test_the_same_supplier_across_councils_is_one_supplier_with_a_stable_reference(names):
    run_resolution()
    water = ref(names["NORTHUMBRIAN WATER LTD"])
    assert water == ref(names["Northumbrian Water Limited"])
    assert Supplier.objects.get(reference=water).total_amount == 2100
    run_resolution()
    assert ref(names["NORTHUMBRIAN WATER LTD"]) == water  # re-running keeps the reference


@pytest.mark.django_db
def test_decisions_change_the_result_and_survive_a_rerun(names, django_user_model):
    reviewer = django_user_model.objects.create_user(email="r@example.org", password="x")
    run_resolution()
    water_a, water_b = names["NORTHUMBRIAN WATER LTD"], names["Northumbrian Water Limited"]
    zenith_a, zenith_b = names["Zenith Print Ltd"], names["ZENITH PRINTING AND DESIGN"]
    decide(reviewer, (water_a, water_b), same=False, note="checked: two companies")
    decide(reviewer, (zenith_a, zenith_b), same=True)
    for _ in range(2):  # the decisions hold through every later run
        run_resolution()
        assert ref(water_a) != ref(water_b)
        assert ref(zenith_a) == ref(zenith_b)
    decision = ResolutionDecision.objects.filter(left=water_a).get()
    assert decision.decided_by == reviewer and decision.decided_at is not None
    # a later decision on the same pair supersedes the first; both stay in the history
    decide(reviewer, (water_a, water_b), same=True)
    assert ref(water_a) == ref(water_b)
    assert ResolutionDecision.objects.filter(left=water_a).count() == 2


@pytest.mark.django_db
def test_a_category_set_by_a_person_sticks_and_coverage_is_by_value(names, django_user_model):
    person = django_user_model.objects.create_user(email="p@example.org", password="x")
    run_resolution()
    before = classification_coverage()
    assert before.total == 4050 and before.confirmed == 0
    acme = Supplier.objects.get(names__raw_name="Acme Cleaning Ltd")
    some_code = next(s.category_code for s in Supplier.objects.exclude(category_code="")) or "C1"
    set_category(person, acme, some_code)
    run_resolution()
    acme.refresh_from_db()
    assert acme.category_code == some_code and acme.category_basis == "set by a person"
    assert classification_coverage().confirmed == 600
