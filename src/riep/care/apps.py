from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "riep.care"
    label = "care"
    verbose_name = "Care funding calculator"

    def ready(self):
        from riep.care import sections  # noqa: PLC0415 (imports models: only once apps are ready)
        from riep.registry.sections import add_council_section  # noqa: PLC0415 (same)

        add_council_section(sections.council_placements)  # its section on a council's page
        from riep.care import history_words  # noqa: PLC0415 (imports models: only once apps are ready)

        history_words.register()  # how its records read in audit trails
        from riep.care import jobs  # noqa: F401  registers this capability's kinds of background job
