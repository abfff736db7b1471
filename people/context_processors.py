from django.conf import settings

from . import roles


def user_roles(request):
    """Expose the current user's roles to templates: names, Chinese labels and one flag per role."""
    names = roles.roles_of(getattr(request, "user", None))
    return {
        "peixun_roles": names,
        "peixun_role_labels": [settings.PEIXUN_ROLE_LABELS[r] for r in roles.ALL_ROLES if r in names],
        "is_hr": roles.HR in names,
        "is_trainer": roles.TRAINER in names,
        "is_hall_manager": roles.HALL_MANAGER in names,
        # Only these roles are given the admin; asking ``perms`` costs two queries, so staff skip it.
        "may_use_admin": bool(names & roles.ORGANISERS),
    }
