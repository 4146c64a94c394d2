from riep.core.permissions import has_permission


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "can_view_people": has_permission(user, "view_people"),
        "can_create_projects": has_permission(user, "create_projects"),
        "can_manage_registry": has_permission(user, "manage_registry"),
    }
