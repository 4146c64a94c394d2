from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "riep.care"
    label = "care"
    verbose_name = "Care funding calculator"

    def ready(self):
        from riep.care import (
            import_templates,  # noqa: F401, PLC0415  the import page's template and example
            jobs,  # noqa: F401  registers this capability's kinds of background job
        )
        from riep.care.todo import care_todos  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.portfolio.todo import add_todo_lists  # noqa: PLC0415 (kept with the import it serves)

        add_todo_lists(care_todos)
