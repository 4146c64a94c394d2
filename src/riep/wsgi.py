import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")
application = get_wsgi_application()


def _freeze_start_up_objects() -> None:
    """Moves everything loaded at start-up (models, the URL patterns, their modules) out of the garbage collector's
    reach: they live as long as the process, yet every full collection walked them all. On the value report at
    national scale one request in two paid about 110 ms for that (bench/bench_load.py; gc.freeze, Python 3.7+)."""
    get_resolver().url_patterns  # noqa: B018 (imports every view module now, not during the first request)
    gc.collect()
    gc.freeze()


_freeze_start_up_objects()
