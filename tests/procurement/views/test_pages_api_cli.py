"""The hub's pages, API and command line on the demo's real North East files: upload with column confirmation,
who sees what, an opportunity made a project, a validated saving reaching the ledger and the value report."""
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from riep.cli.main import app as riep_app
from riep.core.jobs import work
from riep.core.models import Job, JobStatus
from riep.procurement.models import FileStatus, JointContractSaving, SpendFile, Supplier
from riep.procurement.services.opportunities import opportunities_for
from riep.registry.models import Organisation, Partnership
from tests.procurement.conftest import sample_file

pytestmark = pytest.mark.usefixtures("demo_spend")
ADMIN = "admin@riep.example"
REVIEWER = "reviewer@communities.example"
NORFOLK_OFFICER = "officer@norfolk.example"
NEWCASTLE = "E08000021"


@pytest.fixture(autouse=True)
def _lines_written_by_a_test_go_with_it():
    """The database rolls back after each test; the Parquet files a test wrote must go too."""
    from riep.procurement.services.storage import spend_dir

    before = set(spend_dir().rglob("*.parquet"))
    yield
    for path in set(spend_dir().rglob("*.parquet")) - before:
        path.unlink()


@pytest.fixture
def ne():
    return Partnership.objects.get(code="NE")


def test_the_demo_loaded_the_north_east_files_and_found_opportunities(db, ne):
    files = SpendFile.objects.filter(status=FileStatus.IMPORTED)
    assert files.count() == 4 and sum(f.lines_imported for f in files) == 1679 + 12461 + 5617 + 13911
    found = opportunities_for(ne)
    assert found and all(o["councils"] >= 2 for o in found)
    assert found == sorted(found, key=lambda o: -o["spend"])


def test_upload_confirm_columns_and_import_in_the_worker(db, client, sign_in):
    sign_in(ADMIN)
    newcastle = Organisation.objects.get(gss_code=NEWCASTLE)
    data = b"When,Who,How much\n24/05/2021,NORTHUMBRIAN WATER LTD,1200.00\n25/05/2021,Acme Widgets Ltd,99.50\n"
    response = client.post("/procurement/upload/", {"council": newcastle.pk,
                                                    "file": SimpleUploadedFile("may.csv", data, "text/csv")})
    assert response.status_code == 302 and "/columns/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Please check" in page and "Acme Widgets Ltd" in page  # unsure, with sample values
    refused = client.post(response["Location"], {"payment_date": "0", "amount": "2"})
    assert "Choose the column with the supplier" in refused.content.decode()
    confirmed = client.post(response["Location"], {"payment_date": "0", "supplier_name": "1", "amount": "2"})
    assert confirmed.status_code == 302 and confirmed["Location"].startswith("/jobs/")
    assert work(once=True) == 1
    job = Job.objects.get(pk=int(confirmed["Location"].strip("/").split("/")[-1]))
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["imported"] == 2 and job.result["total_amount"] == "1299.50"
    record = SpendFile.objects.get(file_name="may.csv")
    assert record.status == FileStatus.IMPORTED and record.upload_id is not None
    report = client.get(f"/procurement/files/{record.pk}/").content.decode()
    assert "1,299.50" in report


def test_a_refused_upload_lists_every_bad_row(db, client, sign_in):
    sign_in(ADMIN)
    newcastle = Organisation.objects.get(gss_code=NEWCASTLE)
    data = b"Paid Date,Supplier Name,Total (excludes VAT)\n2021-05-01,A Ltd,12\n2021-05-40,B Ltd,1\n2021-05-02,C,x\n"
    response = client.post("/procurement/upload/", {"council": newcastle.pk,
                                                    "file": SimpleUploadedFile("bad.csv", data, "text/csv")})
    client.post(response["Location"], {"payment_date": "0", "supplier_name": "1", "amount": "2"})
    work(once=True)
    record = SpendFile.objects.get(file_name="bad.csv")
    assert record.status == FileStatus.REFUSED and [p["row"] for p in record.problems] == [3, 4]
    page = client.get(f"/procurement/files/{record.pk}/").content.decode()
    assert "Why nothing was imported" in page and "Paid Date" in page
    csv_text = b"".join(client.get(f"/procurement/files/{record.pk}/?download=problems&format=csv")).decode()
    assert "Total (excludes VAT)" in csv_text


@pytest.mark.parametrize("email, status", [(ADMIN, 200), (REVIEWER, 200), (NORFOLK_OFFICER, 403)])
def test_who_sees_a_north_east_councils_spend(db, client, sign_in, email, status):
    sign_in(email)
    assert client.get(f"/procurement/councils/{NEWCASTLE}/").status_code == status
    assert client.get("/procurement/opportunities/NE/").status_code == status


def test_the_review_queue_is_for_partnership_staff(db, client, sign_in):
    sign_in(REVIEWER)
    assert client.get("/procurement/review/").status_code == 403
    sign_in(ADMIN)
    assert client.get("/procurement/review/").status_code == 200


def test_council_page_tables_and_every_line_download(db, client, sign_in):
    sign_in(ADMIN)
    page = client.get(f"/procurement/councils/{NEWCASTLE}/").content.decode()
    assert "Spend by month" in page and "Spend by supplier" in page
    lines = b"".join(client.get(f"/procurement/councils/{NEWCASTLE}/?download=lines&format=csv").streaming_content)
    assert lines.decode("utf-8-sig").count("\n") == 5617 + 1


def test_an_opportunity_becomes_a_project_in_one_click(db, client, sign_in, ne):
    sign_in(ADMIN)
    top = opportunities_for(ne)[0]
    response = client.post("/procurement/opportunities/NE/", {"key": top["key"]})
    assert response.status_code == 302
    from riep.portfolio.models import Project

    project = Project.objects.get(name__startswith="Joint contract:", partnership=ne)
    assert project.participating_councils.count() == top["councils"]


def test_a_validated_saving_reaches_the_ledger_and_the_value_report(db, sign_in, ne):
    from riep.ledger.models import EfficiencyGain
    from riep.ledger.services import evidence_tables
    from riep.procurement.services.savings import record_joint_contract_saving

    admin = sign_in(ADMIN)
    supplier_opportunity = next(o for o in opportunities_for(ne) if o["kind"] == "supplier")
    supplier = Supplier.objects.get(reference=supplier_opportunity["supplier_ref"])
    councils = Organisation.objects.filter(gss_code__in=[e["council_gss"] for e in supplier_opportunity["by_council"]])
    prior = supplier_opportunity["spend"] * 12  # April 2021 is the baseline month: a year is 12 times it
    saving = record_joint_contract_saving(
        admin, ne, councils, supplier=supplier, baseline_from=dt.date(2021, 4, 1), baseline_to=dt.date(2021, 4, 30),
        contract_start=dt.date(2021, 7, 1), new_annual_cost=(prior * Decimal("0.9")).quantize(Decimal("0.01")))
    assert saving.baseline_annual == prior and saving.annual_saving == prior - saving.new_annual_cost
    gain = EfficiencyGain.objects.get(pk=saving.ledger_gain_id)
    assert gain.years.get().gross_saving == saving.annual_saving
    assert {s.council.gss_code for s in gain.shares.all()} == set(councils.values_list("gss_code", flat=True))
    evidence = [t for t in evidence_tables([gain]) if t.name == "spend_validation"]
    assert evidence and list(evidence[0].rows)[0]["saving"] == saving.annual_saving
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="does not cost less"):
        record_joint_contract_saving(admin, ne, councils, supplier=supplier, baseline_from=dt.date(2021, 4, 1),
                                     baseline_to=dt.date(2021, 4, 30), contract_start=dt.date(2021, 7, 1),
                                     new_annual_cost=prior + 1)
    assert JointContractSaving.objects.count() == 1


def test_api_suppliers_spend_and_opportunities(db, client, sign_in):
    sign_in(REVIEWER)
    suppliers = client.get(f"/api/v1/procurement/suppliers?council={NEWCASTLE}&limit=5").json()
    assert len(suppliers) == 5 and all(n["council_gss"] == NEWCASTLE for n in suppliers[0]["names"])
    page = client.get(f"/api/v1/procurement/spend?council={NEWCASTLE}&limit=10&offset=10").json()
    assert page["count"] == 5617 and len(page["lines"]) == 10
    assert client.get("/api/v1/procurement/spend?month=2021-13").status_code == 422
    opportunities = client.get("/api/v1/procurement/partnerships/NE/opportunities").json()
    assert opportunities[0]["councils"] >= 2
    sign_in(NORFOLK_OFFICER)
    assert client.get(f"/api/v1/procurement/spend?council={NEWCASTLE}").json()["count"] == 0
    assert client.get("/api/v1/procurement/partnerships/NE/opportunities").status_code == 403


def test_cli_import_suppliers_and_opportunities(db, tmp_path):
    runner = CliRunner()
    path = tmp_path / "darlington_2010-12.csv"
    path.write_bytes(sample_file("darlington_2010-12"))
    result = runner.invoke(riep_app, ["spend", "import", str(path), "--council", "E06000005", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["imported"] == 794 and out["files"][0]["mapping"]["payment_date"] == "Date"
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"When,Who,How much\n24/12/2010,Acme Widgets Ltd,100.00\n")
    refused = runner.invoke(riep_app, ["spend", "import", str(odd), "--council", "E06000005", "--format", "json"])
    assert refused.exit_code == 2 and json.loads(refused.stdout)["files"][0]["problems"]
    mapped = runner.invoke(riep_app, ["spend", "import", str(odd), "--council", "E06000005", "--map",
                                      "supplier_name=Who", "--map", "amount=How much", "--map", "payment_date=When"])
    assert mapped.exit_code == 0, mapped.output
    names = runner.invoke(riep_app, ["spend", "suppliers", "--council", "E06000005", "--format", "csv"])
    assert names.stdout.splitlines()[0] == "council_gss,raw_name,supplier_id,supplier_name"
    opportunities = runner.invoke(riep_app, ["spend", "opportunities", "--partnership", "NE", "--format", "json"])
    assert json.loads(opportunities.stdout)[0]["councils"] >= 2
