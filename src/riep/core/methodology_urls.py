from django.urls import path

from riep.core import methodology

app_name = "methodology"
urlpatterns = [
    path("", methodology.index, name="index"),
    path("<slug:slug>/", methodology.page, name="page"),
]
