"""`python -m tests.core.enqueue_job KIND PARAMS_JSON ...`: queue test jobs in the database of DATABASE_URL."""
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")
django.setup()

import tests.core.job_kinds  # noqa: E402,F401  registers the test kinds
from riep.core.jobs import enqueue  # noqa: E402

for params in sys.argv[2:]:
    print(enqueue(sys.argv[1], json.loads(params)).pk)
