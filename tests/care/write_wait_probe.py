"""Run as a program by test_writes_during_import.py: a large placements import in one thread while the main
thread keeps writing through its own connection, as a sign-in or an API PATCH would during the import.

`python -m tests.care.write_wait_probe ROWS [--one-transaction]` with DATABASE_URL naming an empty database
(a SQLite file, so that WAL and the write lock behave as in production, or a fresh PostgreSQL database). Prints
one JSON object: the import's outcome and every write's latency, each tagged with the import phase it fell in.
`--one-transaction` writes the whole file in one transaction, as imports did before: the baseline that
bench/bench_write_wait.py measures beside it.
"""
import json
import os
import sys
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from riep.accounts.models import User  # noqa: E402
from riep.care.models import Placement  # noqa: E402
from riep.care.services import importing  # noqa: E402
from riep.core import importing as core_importing  # noqa: E402
from riep.registry.models import Organisation  # noqa: E402
from tests.core.schema_only import create_tables  # noqa: E402

HEADER = ("person_reference,service_type,shared_core_hours,shared_by,one_to_one_hours,two_to_one_hours,"
          "waking_night_hours,sleep_in_nights,nights_shared_by,provider,current_weekly_fee,review_date")


def placements_file(rows: int, fee: int = 950) -> bytes:
    lines = [HEADER]
    for i in range(rows):
        lines.append(f"P-{i:06d},residential,{900 + i % 300},{30 + i % 20},{i % 12},0,{70 + i % 70},0,,"
                     f"Provider {i % 400},{fee + i % 500}.{i % 100:02d},{1 + i % 28:02d}/0{1 + i % 9}/2027")
    return ("\n".join(lines) + "\n").encode()


def main(rows: int, one_transaction: bool) -> None:
    create_tables()
    if one_transaction:  # one batch with no pause: the old single transaction
        core_importing.WRITE_BATCH, core_importing.PAUSE_ON_SQLITE = max(rows, 1), False
    council = Organisation.objects.create(name="Probe Council", gss_code="E07999999")
    person = User.objects.create(email="writer@example.org")
    # A placement already on record that the file changes: on PostgreSQL a write to its row waits for whichever
    # transaction of the import updated it (the whole import, before), as a commissioner's edit would.
    importing.import_placements(council, placements_file(1, fee=900), "earlier.csv")
    edited = Placement.objects.get(council=council)
    data = placements_file(rows)
    phase = {"now": "reading"}
    outcome = {}

    def progress(done, total, message=""):
        if message.startswith("Saving"):
            phase["now"] = "writing"

    def run_import():
        began = time.perf_counter()
        try:
            summary = importing.import_placements(council, data, "placements.csv", progress=progress)
            outcome.update(added=summary.added, rows=summary.rows)
        except Exception as error:  # reported, so the test shows it rather than a bare exit status
            outcome.update(error=repr(error))
        finally:
            outcome["seconds"] = time.perf_counter() - began
            connection.close()

    importer = threading.Thread(target=run_import)
    importer.start()
    writes = []
    while importer.is_alive():
        began, failed = time.perf_counter(), None
        try:
            with transaction.atomic():  # IMMEDIATE on SQLite: takes the write lock at once, as a page's write does
                User.objects.filter(pk=person.pk).update(last_login=timezone.now())
                Placement.objects.filter(pk=edited.pk).update(remaining_years_reason=f"Reviewed {len(writes)}")
        except OperationalError as error:  # "database is locked" after the busy timeout: what people used to see
            failed = str(error)
        writes.append({"phase": phase["now"], "seconds": time.perf_counter() - began, "error": failed})
        time.sleep(0.05)
    importer.join()
    print(json.dumps({"import": outcome, "writes": writes, "vendor": connection.vendor}))


if __name__ == "__main__":
    main(int(sys.argv[1]), "--one-transaction" in sys.argv)
