from django.urls import path

from riep.procurement.views import files, opportunities, spend

app_name = "procurement"
urlpatterns = [
    path("", spend.hub, name="hub"),
    path("upload/", files.upload, name="upload"),
    path("files/<int:pk>/", files.file_report, name="file"),
    path("files/<int:pk>/columns/", files.mapping, name="mapping"),
    path("councils/<str:gss>/", spend.council, name="council"),
    path("suppliers/", spend.suppliers, name="suppliers"),
    path("suppliers/<str:reference>/", spend.supplier, name="supplier"),
    path("review/", spend.review, name="review"),
    path("opportunities/", opportunities.opportunities, name="opportunities-home"),
    path("opportunities/<str:code>/", opportunities.opportunities, name="opportunities"),
    path("opportunities/<str:code>/savings/new/", opportunities.new_saving, name="new-saving"),
    path("savings/<int:pk>/", opportunities.saving, name="saving"),
]
