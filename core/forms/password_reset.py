from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.mail import Message, MessageGone, queue_built_email


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset form, whose email goes through core.mail like every other
    (recorded, sent by a task, retried). The email records who asked and is built when sent
    (`password_reset_message`): the link is never stored."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        queue_built_email(
            subject=loader.render_to_string(subject_template_name, context),
            build=password_reset_message,
            arguments={
                "user_id": context["user"].pk,
                "email": to_email,
                "domain": context["domain"],
                "site_name": context["site_name"],
                "protocol": context["protocol"],
                "templates": [subject_template_name, email_template_name, html_email_template_name],
            },
            from_email=from_email,
            to=[to_email],
        )


def password_reset_message(*, user_id, email, domain, site_name, protocol, templates):
    """The reset email of the user, with a link made now (Django's token, which a new
    password or a sign-in since makes invalid), as PasswordResetForm renders it; none when the
    account's address is no longer `email`, the one the reset was asked for and is sent to."""
    User = get_user_model()
    user = User._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise MessageGone("the account no longer exists or is not active.")
    if (getattr(user, User.get_email_field_name()) or "").casefold() != email.casefold():
        raise MessageGone("the account's email address has changed since the reset was asked for.")
    context = {
        "email": getattr(user, User.get_email_field_name()),
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(User._meta.pk.value_to_string(user))),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject_template, body_template, html_template = templates
    return Message(
        subject=loader.render_to_string(subject_template, context),
        body=loader.render_to_string(body_template, context),
        html=loader.render_to_string(html_template, context) if html_template else "",
    )
