from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "riep.portfolio"
    label = "portfolio"
    verbose_name = "Programme portfolio"

    def ready(self):
        # The registry's council and partnership pages show the portfolio's projects (the registry imports no
        # capability, so the portfolio adds its sections).
        from riep.portfolio import registry_sections  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.portfolio.todo import add_freshness_source, add_todo_lists  # noqa: PLC0415 (same)
        from riep.portfolio.todo_lists import portfolio_todos  # noqa: PLC0415 (same)
        from riep.registry.sections import add_council_section, add_partnership_section  # noqa: PLC0415 (same)

        add_todo_lists(portfolio_todos)
        # The finance returns sit below the portfolio and are imported from the command line (riep finance import)
        add_freshness_source("Last finance return (RS, RA)", "finance.return", "/jobs/")
        add_council_section(registry_sections.council_projects)
        add_partnership_section(registry_sections.partnership_projects)

        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.core.search import add_finder  # noqa: PLC0415 (apps' ready)
        from riep.portfolio import history_words, search  # noqa: PLC0415 (they import models: only once apps are ready)

        history_words.register()  # how its records read in audit trails (riep.core.history)
        add_finder("projects", "Projects", search.find_projects, order=30)  # the search box
