from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "riep.care"
    label = "care"
    verbose_name = "Care funding calculator"
