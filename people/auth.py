"""Authentication backend: Django's ModelBackend, loading the user's staff profile in the same query.

Nearly every page a staff member opens needs ``request.user.staff``; ``select_related`` joins it here and
saves one query per request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError


class StaffProfileBackend(ModelBackend):
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
    try:
        return UserModel._default_manager.select_related("staff").get(pk=pk)
    except UserModel.DoesNotExist:
        return None
