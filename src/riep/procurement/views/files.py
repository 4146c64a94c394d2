"""Uploading a spend file, confirming its columns, and the file's report (totals, notes, every refused row)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from riep.core.importing import ImportRefused
from riep.core.jobs import enqueue
from riep.core.permissions import requires
from riep.core.tables import TEXT, Column, Table, download_response
from riep.core.uploads import read_upload, receive_upload
from riep.procurement.forms import MappingForm, UploadForm
from riep.procurement.ingest.columns import FIELDS
from riep.procurement.models import FileStatus, SpendFile
from riep.procurement.permissions import councils_person_imports_spend_for, require_import_for, require_see_spend_of
from riep.procurement.services.importing import read_for_council


@requires("import_spend")
def upload(request):
    councils = councils_person_imports_spend_for(request.user).order_by("name")
    if not councils.exists():
        raise PermissionDenied("You do not import spend files for any council.")
    form = UploadForm(request.POST or None, request.FILES or None, councils=councils)
    if request.method == "POST" and form.is_valid():
        stored = receive_upload(form.cleaned_data["file"], request.user)
        record = SpendFile.objects.create(council=form.cleaned_data["council"], upload=stored, file_name=stored.name,
                                          content_hash=stored.sha256, uploaded_by=request.user,
                                          status=FileStatus.AWAITING_MAPPING)
        return redirect("procurement:mapping", pk=record.pk)
    recent = SpendFile.objects.filter(council__in=councils).select_related("council")[:20]
    return render(request, "procurement/upload.html", {"form": form, "recent": recent})


def _awaiting(request, pk) -> SpendFile:
    record = get_object_or_404(SpendFile.objects.select_related("council", "upload"), pk=pk)
    require_import_for(request.user, record.council)
    return record


@requires("import_spend")
def mapping(request, pk):
    """The proposed (or remembered) columns with sample values; confirming queues the import."""
    record = _awaiting(request, pk)
    if record.status != FileStatus.AWAITING_MAPPING:
        return redirect("procurement:file", pk=record.pk)
    data = read_upload(record.upload_id).content
    try:
        sheet = read_for_council(record.council, data, record.file_name)
    except ImportRefused as error:  # not a spend file we can read at all: say why, nothing to confirm
        record.status, record.problems = FileStatus.REFUSED, [p.as_dict() for p in error.problems]
        record.save()
        return redirect("procurement:file", pk=record.pk)
    proposal = sheet.proposal
    form = MappingForm(request.POST or None, headers=proposal.headers, initial_mapping=proposal.mapping)
    if request.method == "POST" and form.is_valid():
        record.chosen, record.status = form.chosen(), FileStatus.QUEUED
        record.save()
        job = enqueue("procurement.import_spend", {"file_id": record.pk, "upload_id": record.upload_id},
                      request.user, subject=record.council)
        return redirect("core:job", pk=job.pk)
    samples = Table("samples", "The file's columns with their first values", [
        Column("column", "Column", TEXT), Column("values", "First values", TEXT), Column("field", "Read as", TEXT)],
        [{"column": h or f"Column {i + 1}", "values": " · ".join(proposal.samples.get(i, [])),
          "field": ", ".join(FIELDS[n] for n, idx in proposal.mapping.items() if idx == i) or "—"}
         for i, h in enumerate(proposal.headers)])
    return render(request, "procurement/mapping.html", {
        "record": record, "form": form, "proposal": proposal, "sheet": sheet, "samples": samples,
        "how": {FIELDS[n]: how for n, how in proposal.how.items()}})


def _problems_table(record: SpendFile) -> Table:
    return Table("problems", f"Problems in {record.file_name}", [
        Column("row", "Row"), Column("field", "Column"), Column("value", "Value in the file"),
        Column("message", "What is wrong")],
        [{**p, "row": p["row"] or "Whole file"} for p in record.problems])


@requires("view_spend")
def file_report(request, pk):
    record = get_object_or_404(SpendFile.objects.select_related("council", "uploaded_by"), pk=pk)
    require_see_spend_of(request.user, record.council)
    problems = _problems_table(record)
    download = download_response(request, [problems], f"spend-file-{record.pk}-problems")
    if download:
        return download
    return render(request, "procurement/file.html", {"record": record, "problems": problems,
                                                     "mapping": [(FIELDS.get(k, k), v) for k, v in record.mapping.items()]})
