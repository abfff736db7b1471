"""Authentication backend: Django's ModelBackend, loading the user's staff profile in the same query, and
the user's and their groups' permissions in one query.

Nearly every page a staff member opens needs ``request.user.staff``; joining it here saves one query
per request. The query is what ``select_related("staff").get(pk=...)`` sends, written out once per
database; its rows are turned into model instances with the fields' own converters (``Model.from_db``),
and ``tests/people/test_auth.py`` checks every field equals the ORM's load. Building the same query
through the ORM on every request costs ~0.5 ms more CPU (0.72 ms against 0.2 ms a call here), and the
request a whole hall sends at once pays it: ``bench/quiz_load.py``, 200-burst submit p99 (goal 500 ms),
with ``select_related`` 508 and 564 ms (hand-in written out), 627 and 758 ms (hand-in through the ORM
too); with both written out 402 and 490 ms.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Q

from .models import Staff


class StaffProfileBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query (Django's backend sends two; every
        admin page asks, if only for ``wagtailadmin.access_admin``)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            perms = Permission.objects.all()
            if not user_obj.is_superuser:
                perms = perms.filter(Q(user=user_obj) | Q(group__user=user_obj))
            pairs = perms.values_list("content_type__app_label", "codename").order_by()
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in pairs}
        return user_obj._perm_cache

    def get_user(self, user_id):
        UserModel = get_user_model()
        try:
            pk = UserModel._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = user_with_staff(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


def user_with_staff(pk):
    """The user with primary key ``pk`` and their staff profile (cached on ``user.staff``, or known absent),
    in one query; None if there is no such user."""
    UserModel = get_user_model()
    db = router.db_for_read(UserModel)
    connection = connections[db]
    sql, user_fields, staff_fields, converters = _join(db)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, expression, functions in converters:
        if values[index] is not None:
            for function in functions:
                values[index] = function(values[index], expression, connection)
    user = UserModel.from_db(db, [f.attname for f in user_fields], values[: len(user_fields)])
    staff_values = values[len(user_fields) :]
    staff = Staff.from_db(db, [f.attname for f in staff_fields], staff_values) if staff_values[0] is not None else None
    link = Staff._meta.get_field("user")
    link.remote_field.set_cached_value(user, staff)  # as select_related does: None means "has no profile"
    if staff is not None:
        link.set_cached_value(staff, user)
    return user


@functools.cache
def _join(db: str):
    """The query, the fields of its columns in order, and the converters the ORM's compiler would apply
    to each column (the backend's, then the field's), as (index, expression, functions)."""
    UserModel = get_user_model()
    connection = connections[db]
    qn = connection.ops.quote_name
    user_fields, staff_fields = list(UserModel._meta.concrete_fields), list(Staff._meta.concrete_fields)
    link = Staff._meta.get_field("user")
    pk_column = qn(UserModel._meta.pk.column)
    columns = [f"u.{qn(f.column)}" for f in user_fields] + [f"s.{qn(f.column)}" for f in staff_fields]
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(UserModel._meta.db_table)} u "
        f"LEFT OUTER JOIN {qn(Staff._meta.db_table)} s ON s.{qn(link.column)} = u.{pk_column} "
        f"WHERE u.{pk_column} = %s"
    )
    converters = []
    for index, field in enumerate(user_fields + staff_fields):
        expression = field.get_col(field.model._meta.db_table)
        functions = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if functions:
            converters.append((index, expression, functions))
    return sql, user_fields, staff_fields, converters
