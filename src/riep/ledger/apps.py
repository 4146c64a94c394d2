from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "riep.ledger"
    label = "ledger"
    verbose_name = "Efficiency ledger"

    def ready(self):
        from riep.core.search import add_finder  # noqa: PLC0415 (apps' ready)
        from riep.ledger import search  # noqa: PLC0415 (imports models: only once apps are ready)

        add_finder("gains", "Efficiency gains", search.find_gains, order=40)  # its results in the search box
        from riep.ledger import sections  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (same)

        add_council_section(sections.council_gains)
        add_council_section(sections.council_returns)  # its section on a council's page
        from riep.ledger import history_words  # noqa: PLC0415 (imports models: only once apps are ready)

        history_words.register()  # how its records read in audit trails
        from riep.ledger import jobs  # noqa: F401  registers this capability's kinds of background job
        from riep.ledger.todo import ledger_todos  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.portfolio.todo import add_todo_lists  # noqa: PLC0415 (kept with the import it serves)

        add_todo_lists(ledger_todos)
