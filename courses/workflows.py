"""What happens when a moderation workflow is approved.

Trainers may add and change course pages but hold no publish permission, so that every change goes
through the "课程审核" review. Wagtail's default finish action publishes as the approving user and checks
that user's publish permission, which would make the review impossible for trainers; here the approval
of the workflow's last task is the authority to publish (the task checked who may approve).
"""


def publish_approved(workflow_state, user=None):
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
