from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "riep.care"
    label = "care"
    verbose_name = "Care funding calculator"

    def ready(self):
        # Everyday use (issue 15): history in words, the search box, sections on a council's page.
        from riep.care import (  # noqa: PLC0415 (they import models: only once apps are ready)
            history_words,
            jobs,  # noqa: F401  registers this capability's kinds of background job
            sections,
        )
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (apps' ready)

        history_words.register()  # how its records read in audit trails (riep.core.history)
        add_council_section(sections.council_placements)  # on a council's page
        from riep.care import import_templates  # noqa: F401, PLC0415  the import page's template and example
        from riep.care.todo import care_todos  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.portfolio.todo import add_todo_lists  # noqa: PLC0415 (kept with the import it serves)

        add_todo_lists(care_todos)
