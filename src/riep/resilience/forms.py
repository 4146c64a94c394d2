"""Forms of the resilience pages: numbers through riep.core.forms, so nothing typed gives a 500."""
from django import forms

from riep.core.forms import NumberField, UploadField
from riep.resilience.calc.indicators import INDICATORS
from riep.resilience.models import ActionStatus, InterventionLevel, NoteKind, Outcome, TriggerKind

AVAILABLE = [(i.key, i.name) for i in INDICATORS if i.available]


class RuleForm(forms.Form):
    name = forms.CharField(max_length=200)
    indicator = forms.ChoiceField(choices=AVAILABLE)
    comparison = forms.ChoiceField(choices=[("below", "Flag when below the threshold"), ("above", "Flag when above the threshold")])
    threshold = NumberField(max_digits=12, decimal_places=4, min_value=-100, max_value=1000, example="0.10",
                            help_text="A ratio as a fraction (0.10 is 10%), or years for reserves sustainability.")
    active = forms.BooleanField(required=False, initial=True)
    reason = forms.CharField(max_length=100, help_text="Why the rule changes: kept in its history.",
                             error_messages={"required": "Give a reason for the change"})


class NoteForm(forms.Form):
    year = forms.CharField(max_length=7, help_text="Financial year, e.g. 2017-18.")
    kind = forms.ChoiceField(choices=NoteKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    line_key = forms.CharField(max_length=30, required=False, label="Line corrected (for a correction)",
                               help_text="e.g. RS-916-31mar (unallocated reserves at 31 March).")
    corrected_value = NumberField(max_digits=26, decimal_places=12, required=False, label="Corrected value (£ thousand)",
                                  example="12656")
    source = forms.CharField(max_length=300, required=False, help_text="Where the corrected figure comes from.")


class CaseForm(forms.Form):
    council = forms.ChoiceField()
    title = forms.CharField(max_length=200)
    trigger = forms.ChoiceField(choices=TriggerKind.choices)
    trigger_detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    level = forms.TypedChoiceField(choices=InterventionLevel.choices, coerce=int)


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300)
    owner = forms.CharField(max_length=200)
    due_on = forms.DateField(required=False, help_text="e.g. 2019-03-31")


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(choices=InterventionLevel.choices, coerce=int)
    reason = forms.CharField(max_length=100)


class PeerSupportForm(forms.Form):
    council = forms.ChoiceField()
    description = forms.CharField(max_length=300)


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200)
    meeting_on = forms.DateField(required=False)
    file = UploadField()


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices)
    detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
