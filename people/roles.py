"""The four roles (groups) and how to ask which ones a user has.

The groups are created by a data migration; their names are the stable identifiers used in code.
"""

STAFF = "Staff"
TRAINER = "Trainer"
HALL_MANAGER = "Hall manager"
HR = "HR"
ALL_ROLES = (STAFF, TRAINER, HALL_MANAGER, HR)
ORGANISERS = frozenset({TRAINER, HALL_MANAGER, HR})
"""The roles that follow other people's training (each within ``people.selectors.staff_visible_to``)."""


def roles_of(user) -> frozenset[str]:
    """Return the role names of ``user`` (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_peixun_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        if user.is_superuser:
            cached = cached | {HR}
        user._peixun_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def is_organiser(user) -> bool:
    """Whether ``user`` trains, manages a hall or works in HR: the admin, dashboards and reports are theirs."""
    return bool(roles_of(user) & ORGANISERS)


def grant_group_permissions(apps, group_name: str, perms: list[str]) -> None:
    """Add ``app_label.codename`` permissions to a group; for use in data migrations.

    Permissions are created after migrations by ``post_migrate``, so this creates the
    ones it needs for the given apps first.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in {p.split(".", 1)[0] for p in perms}:
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:  # an app without models (e.g. wagtailadmin) made its permissions itself
            continue
        app_config.models_module = True  # historical app configs have none; create_permissions needs one
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _ = Group.objects.get_or_create(name=group_name)
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
