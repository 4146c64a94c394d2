"""The scope module's answers, and the defects the permission probe found, each through the real routes."""
from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path

import pytest

import riep

NORFOLK, SUFFOLK, KENT, WEST_SUFFOLK = "E10000020", "E10000029", "E10000016", "E07000245"


@pytest.fixture
def users(demo, db):
    from riep.accounts.models import ApiToken, User
    from riep.accounts.services import create_user

    create_user("admin-ee@scope.test", "partnership_admin", "x", partnership_codes=["EE"], check_password=False)

    def token(email):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(User.objects.get(email=email))[1]}"}

    return token


def _org(gss):
    from riep.registry.models import Organisation

    return Organisation.objects.get(gss_code=gss)


def _gain(reference, lead, shares, year="2009-10"):
    return {"reference": reference, "council_gss_code": lead, "service_area": "Fleet", "category": "asset",
            "description": "Shared fleet", "first_year": year, "status": "realised",
            "years": [{"year": year, "gross_saving": "50000.00"}],
            "shares": [{"gss_code": c, "share": s} for c, s in shares.items()]}


def test_a_partnership_has_its_member_councils_not_its_regions(users):
    from riep.ledger.services import gains_for_partnership
    from riep.registry import scope
    from riep.registry.models import Membership, OrganisationKind, Partnership

    ee = Partnership.objects.get(code="EE")
    councils = set(scope.councils_of_partnership(ee).values_list("gss_code", flat=True))
    members = set(Membership.objects.filter(partnership=ee, organisation__kind=OrganisationKind.COUNCIL)
                  .values_list("organisation__gss_code", flat=True))
    assert councils == members and {NORFOLK, SUFFOLK} <= councils
    # West Suffolk (2019) is in the East of England region but was never a member of Improvement East.
    assert _org(WEST_SUFFOLK).region_id == ee.region_id and WEST_SUFFOLK not in councils
    assert not scope.councils_of_partnership(ee).filter(kind=OrganisationKind.PUBLIC_BODY).exists()
    # Councils abolished in 2009 stay: their 2008-09 gains still count.
    assert scope.councils_of_partnership(ee).filter(end_date__isnull=False).exists()
    # The value report's gains are those of the same councils.
    assert set(gains_for_partnership(ee).filter(project__isnull=True).values_list("council__gss_code", flat=True)) <= councils


def test_staff_may_not_record_gains_for_a_region_council_outside_the_partnership(client, users):
    manager = users("manager@improvementeast.example")
    refused = client.post("/api/v1/ledger/gains", json.dumps(_gain("EE-WSF-001", WEST_SUFFOLK, {})),
                          content_type="application/json", **manager)
    assert refused.status_code == 403 and "West Suffolk" in refused.json()["detail"]


def test_norfolk_may_not_raise_kents_ni179_with_a_share(client, users):
    from riep.core.fy import FinancialYear
    from riep.ledger.models import EfficiencyGain
    from riep.ledger.services import ni179_for_council

    before = ni179_for_council(_org(KENT), FinancialYear(2009)).total
    refused = client.post("/api/v1/ledger/gains", json.dumps(_gain("EE-NFK-KENT", NORFOLK, {NORFOLK: "0.5", KENT: "0.5"})),
                          content_type="application/json", **users("officer@norfolk.example"))
    assert refused.status_code == 403
    assert "Kent County Council (E10000016)" in refused.json()["detail"]
    assert not EfficiencyGain.objects.filter(reference="EE-NFK-KENT").exists()
    assert ni179_for_council(_org(KENT), FinancialYear(2009)).total == before == Decimal("0.00")


def test_a_shared_gain_changes_only_for_someone_who_acts_for_every_council_it_names(client, users, sign_in):
    from riep.ledger.models import EfficiencyGain

    # The demo's administrator (all partnerships) records a Norfolk-led gain shared with Kent.
    created = client.post("/api/v1/ledger/gains", json.dumps(_gain("EE-NFK-KENT", NORFOLK, {NORFOLK: "0.5", KENT: "0.5"})),
                          content_type="application/json", **users("admin@riep.example"))
    assert created.status_code == 201, created.content
    for email in ("officer@norfolk.example", "officer@kent.example", "manager@improvementeast.example"):
        patch = client.patch("/api/v1/ledger/gains/EE-NFK-KENT", json.dumps({"reason": "Withdraw", "status": "withdrawn"}),
                             content_type="application/json", **users(email))
        assert patch.status_code == 403, email
    sign_in("officer@norfolk.example")
    assert client.get("/ledger/gains/EE-NFK-KENT/edit/").status_code == 403
    assert "Change this gain" not in client.get("/ledger/gains/EE-NFK-KENT/").content.decode()
    withdrawn = client.patch("/api/v1/ledger/gains/EE-NFK-KENT", json.dumps({"reason": "Withdraw", "status": "withdrawn"}),
                             content_type="application/json", **users("admin@riep.example"))
    assert withdrawn.status_code == 200 and EfficiencyGain.objects.get(reference="EE-NFK-KENT").status == "withdrawn"


def test_the_gain_form_names_the_council_a_share_may_not_go_to(client, users, sign_in):
    sign_in("officer@norfolk.example")
    response = client.post("/ledger/gains/new/", {
        "reference": "EE-NFK-SFK", "council": _org(NORFOLK).pk, "service_area": "Fleet", "category": "asset",
        "description": "Shared fleet", "cash_releasing": "on", "service_quality_maintained": "on", "status": "realised",
        "first_year": "2010-11", "gross_saving_2010": "1000", "shares": f"{NORFOLK}=0.5; {SUFFOLK}=0.5"})
    text = response.content.decode()
    assert response.status_code == 200 and "You may not record a share for Suffolk" in text and SUFFOLK in text


def test_the_importer_refuses_a_share_for_another_council(users, tmp_path):
    from riep.accounts.models import User
    from riep.core.importing import ImportRefused
    from riep.ledger.importer import import_gains
    from riep.ledger.models import EfficiencyGain

    path = tmp_path / "gains.csv"
    path.write_text(
        "reference,council,service_area,category,description,status,first_year,year,gross_saving,shares\n"
        f"EE-NFK-IMP,{NORFOLK},Fleet,asset,Shared fleet,realised,2010-11,2010-11,1000,{NORFOLK}=0.5;{KENT}=0.5\n")
    with pytest.raises(ImportRefused) as refused:
        import_gains(path.read_bytes(), path.name, user=User.objects.get(email="officer@norfolk.example"))
    assert "Kent County Council" in " ".join(problem.message for problem in refused.value.problems)
    assert not EfficiencyGain.objects.filter(reference="EE-NFK-IMP").exists()


def test_a_manager_may_not_attach_an_analysis_to_another_partnerships_project_or_gain(client, users, sign_in):
    from riep.impact.models import ImpactAnalysis

    demo = ImpactAnalysis.objects.get(project__code="se-waste")
    count = ImpactAnalysis.objects.count()
    base = {"title": "Probe", "panel_id": demo.panel_id, "outcome": demo.outcome, "treated": demo.treated,
            "treatment_year": demo.treatment_year}
    manager = users("manager@improvementeast.example")
    for extra in ({"project_code": "se-waste"}, {"gain_reference": "SE-EKW-001"}):
        refused = client.post("/api/v1/impact/analyses", json.dumps({**base, **extra}), content_type="application/json", **manager)
        assert refused.status_code == 403 and "your partnerships" in refused.json()["detail"]
    sign_in("manager@improvementeast.example")
    page = client.get(f"/impact/analyses/new/?panel={demo.panel_id}").content.decode()
    assert "East Kent" not in page.split('name="project"')[1].split("</select>")[0]
    assert ImpactAnalysis.objects.count() == count
    allowed = client.post("/api/v1/impact/analyses", json.dumps({**base, "project_code": "se-waste"}),
                          content_type="application/json", **users("manager@iese.example"))
    assert allowed.status_code == 201, allowed.content


def test_an_administrator_sees_only_their_partnerships_care_savings(client, users, sign_in):
    sign_in("admin-ee@scope.test")
    assert client.get("/care/savings/?partnership=SE").status_code == 403
    page = client.get("/care/savings/").content.decode()
    assert "Improvement East" in page and "Improvement and Efficiency South East" not in page
    sign_in("reviewer@communities.example")
    assert client.get("/care/savings/?partnership=SE").status_code == 200


def test_core_permissions_imports_no_registry_or_capability():
    source = Path(riep.__file__).parent / "core" / "permissions.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    assert not {m for m in imported if m.startswith("riep.") and not m.startswith("riep.core")}


def test_care_views_hold_no_role_names():
    source = (Path(riep.__file__).parent / "care" / "views.py").read_text()
    from riep.core.permissions import Role

    assert not [r for r in Role.values if f'"{r}"' in source or f"'{r}'" in source or "Role." in source]
