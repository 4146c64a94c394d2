from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "riep.impact"
    label = "impact"
    verbose_name = "Impact analysis (counterfactual evidence)"

    def ready(self):
        from riep.impact import jobs  # noqa: F401  registers this capability's kinds of background job
