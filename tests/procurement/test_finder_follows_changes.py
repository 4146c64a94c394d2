"""The collaboration finder's answer follows every change to what it is made from: a new import, a resolution
decision, a category set by hand — never answered from the map's file or the totals made before the change."""
import pytest

from riep.procurement.analytics import cube, queries
from riep.procurement.models import SupplierMapVersion, SupplierName
from riep.procurement.services import map_file
from riep.procurement.services.classification import set_category
from riep.procurement.services.importing import import_spend
from riep.procurement.services.opportunities import opportunities_for
from riep.procurement.services.resolution import decide, run_resolution
from riep.procurement.services.storage import spend_dir
from riep.procurement.services.suppliers import supplier_map
from riep.registry.models import Membership, Partnership
from tests.procurement.test_import_real_files import council

NEWCASTLE = ("Paid Date,Supplier Name,Total (excludes VAT),Group Description\n"
             "2021-04-01,NORTHUMBRIAN WATER LTD,1200.00,Water Services\n"
             "2021-04-02,Zenith Print Ltd,700.00,Printing\n"
             "2021-04-09,Zenith Print Ltd,700.00,Printing\n").encode()
GATESHEAD = ("Period,Supplier ID(T),Amount,Cipfsubs(T)\n"
             "202101,Northumbrian Water Limited,900.00,Water Services\n"
             "202101,ZENITH PRINTING AND DESIGN,650.00,Printing\n").encode()
LATER = ("Period,Supplier ID(T),Amount,Cipfsubs(T)\n"
         "202102,Northumbrian Water Limited,300.00,Water Services\n").encode()


@pytest.fixture
def partnership(db):
    newcastle, gateshead = council("E08000021"), council("E08000037")
    found = Partnership.objects.create(code="NE", name="North East", accountable_body=newcastle)
    for member in (newcastle, gateshead):
        Membership.objects.create(partnership=found, organisation=member)
    import_spend(newcastle, NEWCASTLE, "newcastle.csv")
    import_spend(gateshead, GATESHEAD, "gateshead.csv")
    run_resolution()
    return found


def _answer(partnership):
    found = opportunities_for(partnership)
    gss = ["E08000021", "E08000037"]
    # the same as from every line with the map read from the database now
    assert found and [{k: v for k, v in o.items() if k not in ("key", "name")} | {
        "by_council": [{k: v for k, v in e.items() if k != "council"} for e in o["by_council"]]} for o in found] == \
        queries.opportunities(spend_dir(), supplier_map(), gss, from_lines=True)
    return {o["key"]: (o["spend"], o["councils"]) for o in found}


def _water(answer):
    return next(v for k, v in answer.items() if k.startswith("supplier:"))


@pytest.mark.django_db
def test_a_new_import_changes_the_answer(partnership):
    before = _answer(partnership)
    assert map_file.map_path().is_file()  # the finder wrote the map's file and used it
    import_spend(council("E08000037"), LATER, "gateshead-later.csv")
    run_resolution()
    after = _answer(partnership)
    assert _water(after)[0] == _water(before)[0] + 300


@pytest.mark.django_db
def test_a_resolution_decision_changes_the_answer(partnership, django_user_model):
    reviewer = django_user_model.objects.create_user(email="r@example.org", password="x")
    water = [SupplierName.objects.get(raw_name=n) for n in ("NORTHUMBRIAN WATER LTD", "Northumbrian Water Limited")]
    before = _answer(partnership)
    assert len([k for k in before if k.startswith("supplier:")]) == 1
    decide(reviewer, tuple(water), same=False)  # two companies after all: no supplier bought by both
    assert not [k for k in _answer_or_empty(partnership) if k.startswith("supplier:")]
    zenith = [SupplierName.objects.get(raw_name=n) for n in ("Zenith Print Ltd", "ZENITH PRINTING AND DESIGN")]
    decide(reviewer, tuple(zenith), same=True)
    (supplier,) = [o for o in opportunities_for(partnership) if o["kind"] == "supplier"]
    assert supplier["spend"] == 2050 and supplier["name"].lower().startswith("zenith")


def _answer_or_empty(partnership):
    return {o["key"]: o for o in opportunities_for(partnership)}


@pytest.mark.django_db
def test_a_category_set_by_hand_changes_the_answer(partnership, django_user_model):
    person = django_user_model.objects.create_user(email="p@example.org", password="x")
    before = {k for k in _answer(partnership) if k.startswith("category:")}
    water = SupplierName.objects.get(raw_name="NORTHUMBRIAN WATER LTD").supplier
    code = "371000" if "category:371000" not in before else "261400"
    set_category(person, water, code)
    assert f"category:{code}" in _answer(partnership)


@pytest.mark.django_db
def test_a_map_file_from_before_a_change_or_a_rolled_back_one_is_never_used(partnership):
    opportunities_for(partnership)
    made_at = cube.map_file_version(map_file.map_path())
    SupplierName.objects.update(supplier=None)  # as a change would, had it not said so...
    map_file.map_changed()  # ...which every change does
    assert map_file.supplier_map_file() is not None
    assert cube.map_file_version(map_file.map_path()) != made_at
    assert opportunities_for(partnership) == []  # nothing resolved: nothing to buy together
    # a file whose token is not the database's (its change rolled back) is written again, not used
    SupplierMapVersion.objects.update(token="0" * 32)
    map_file.supplier_map_file()
    assert cube.map_file_version(map_file.map_path()) == "version " + "0" * 32
