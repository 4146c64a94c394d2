from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "riep.impact"
    label = "impact"
    verbose_name = "Impact analysis (counterfactual evidence)"
