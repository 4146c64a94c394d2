"""`riep backup` then `riep restore` gives back every table row and every stored file (issue 16)."""
import io
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from riep.core import backup as backups
from riep.core.errors import UserError
from riep.core.uploads import store_bytes

pytestmark = pytest.mark.django_db(transaction=True)  # restore replaces the database: no test transaction around it


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, with bytes as bytes (PostgreSQL gives memoryviews)."""
    dump = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()]
            dump[name] = sorted(rows, key=repr)
    return dump


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_backup_restores_every_table_and_file(settings, tmp_path, django_user_model):
    media = Path(settings.MEDIA_ROOT)
    (media / "ledger/evidence/2009").mkdir(parents=True)
    (media / "ledger/evidence/2009/contract.pdf").write_bytes(b"%PDF-1.4 the signed contract")
    person = django_user_model.objects.create_user(email="jo@norfolk.example", password="a long password 1")
    store_bytes(b"council,amount\nNorfolk,100\n", "gains.csv", person)
    before, stored = everything(), files(media)

    summary = backups.backup(tmp_path)
    assert summary.archive.name.startswith("riep-backup-") and summary.archive.exists()
    assert summary.tables["accounts_user"] == 1 and "media/ledger/evidence/2009/contract.pdf" in summary.files

    person.delete()  # what a bad day does
    (media / "ledger/evidence/2009/contract.pdf").write_bytes(b"overwritten")
    (media / "stray.txt").write_text("not in the backup")
    assert everything() != before

    restored = backups.restore(summary.archive)
    assert everything() == before
    assert files(media) == stored
    assert restored.tables == summary.tables


def test_a_damaged_archive_restores_nothing(settings, tmp_path, django_user_model):
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "a.txt").write_text("kept")
    archive = backups.backup(tmp_path / "b.tar.gz").archive
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/a.txt":
                data = b"changed"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    django_user_model.objects.create_user(email="late@norfolk.example", password="a long password 1")
    with pytest.raises(UserError, match="media/a.txt does not match its checksum. Nothing was restored"):
        backups.restore(damaged)
    assert django_user_model.objects.filter(email="late@norfolk.example").exists()


def test_something_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(UserError, match="not a backup archive we can read"):
        backups.restore(junk)


def test_the_spend_lines_folder_is_backed_up_too(settings, tmp_path):
    spend = Path(settings.RIEP_SPEND_DIR)  # the test's own folder (tests/conftest.py), read when the backup runs
    (spend / "council_gss=E06000005").mkdir(parents=True)
    (spend / "council_gss=E06000005/lines.parquet").write_bytes(b"PAR1 lines")
    summary = backups.backup(tmp_path / "with-spend.tar.gz")
    assert "spend/council_gss=E06000005/lines.parquet" in summary.files
    (spend / "council_gss=E06000005/lines.parquet").unlink()
    backups.restore(summary.archive)
    assert (spend / "council_gss=E06000005/lines.parquet").read_bytes() == b"PAR1 lines"
