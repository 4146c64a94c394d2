from django.apps import AppConfig


class ReorgConfig(AppConfig):
    name = "riep.reorg"
    label = "reorg"
    verbose_name = "Structural change models (reorganisation, shared services, planning capacity)"
