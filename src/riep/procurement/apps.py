from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "riep.procurement"
    label = "procurement"
    verbose_name = "Procurement hub (councils' spend files)"
