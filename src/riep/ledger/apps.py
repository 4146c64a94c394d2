from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "riep.ledger"
    label = "ledger"
    verbose_name = "Efficiency ledger"

    def ready(self):
        from riep.ledger import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401  registers this capability's kinds of background job
        )
        from riep.ledger.todo import ledger_todos  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.portfolio.todo import add_todo_lists  # noqa: PLC0415 (kept with the import it serves)

        add_todo_lists(ledger_todos)
