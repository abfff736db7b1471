"""Authentication backend: Django's ModelBackend, loading the user's staff profile in the same query.

Nearly every page a staff member opens needs ``request.user.staff``; joining it here saves one query
per request (the quiz autosave is the hottest path).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class StaffProfileBackend(ModelBackend):
    def get_user(self, user_id):
        UserModel = get_user_model()
        try:
            user = UserModel._default_manager.select_related("staff").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
