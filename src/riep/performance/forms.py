from __future__ import annotations

from pathlib import PurePath

from django import forms

from riep.core.forms import UploadField

MAX_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = UploadField(label="File of indicator values (CSV or XLSX)",
                           help_text="The platform's layout or LG Inform's long export. Up to 10 MB.",
                           error_messages={"required": "Choose a CSV or XLSX file to import"})
    indicator = forms.CharField(required=False, max_length=40, label="Indicator (only for a single-metric file)",
                                help_text="For an LG Inform export without a metric column: the indicator, such as NI55.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 10 MB or smaller")
        if PurePath(upload.name or "").suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        return upload


class CommentaryForm(forms.Form):
    text = forms.CharField(label="What is being done about it", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say what is being done about this measure"})
