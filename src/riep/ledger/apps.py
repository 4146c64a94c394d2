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

        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.core.search import add_finder  # noqa: PLC0415 (apps' ready)
        from riep.ledger import history_words, search, sections  # noqa: PLC0415 (they import models: only once apps are ready)
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (apps' ready)

        history_words.register()  # how its records read in audit trails (riep.core.history)
        add_finder("gains", "Efficiency gains", search.find_gains, order=40)  # the search box
        add_council_section(sections.council_gains)  # on a council's page
        add_council_section(sections.council_returns)  # on a council's page
