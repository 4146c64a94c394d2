"""`python -m tests.core.schema_only` creates every table straight from the models (as pytest-django's
--nomigrations does) in the database DATABASE_URL names: for tests that start real processes on a database of
their own, a second or two instead of a minute or more of migrations. The migrations themselves are run by the
test suite's own databases and by tests/core/test_job_worker.py."""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riep.settings")


class _NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


def create_tables() -> None:
    import django  # noqa: PLC0415 (a program: Django is set up here, once the settings module is chosen)

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    settings.MIGRATION_MODULES = _NoMigrations()
    call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)


if __name__ == "__main__":
    create_tables()
