from django.apps import AppConfig


class ImportedFilesConfig(AppConfig):
    name = "riep.core.imported_files"
    label = "imported_files"
    verbose_name = "Imported files"
