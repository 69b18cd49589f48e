from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from core.mail import queue_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, whose email goes through core.mail like every other
    (recorded, sent by a task, retried)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        html = ""
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
        queue_email(
            subject=loader.render_to_string(subject_template_name, context),
            body=loader.render_to_string(email_template_name, context),
            from_email=from_email,
            to=[to_email],
            html=html,
            secret=True,
        )
