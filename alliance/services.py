"""Writes of the member self-service area and the membership applications: keyword-only
functions, each one transaction, validating with full_clean() before saving. Emails are
rendered at once and sent by a task when the transaction commits (core.mail); an invitation's
email, which holds a one-time link, is built only when it is sent (`invitation_message`)."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from alliance.continents import CONTINENT_BY_COUNTRY, REGION_BY_COUNTRY
from alliance.models import (
    INVITATION_DAYS,
    PROFILE_FIELDS,
    ApplicationAnswer,
    ApplicationStatus,
    Country,
    Institution,
    Membership,
    MembershipApplication,
    ProfileChange,
    Representative,
    RepresentativeInvitation,
    ReviewStatus,
    public_profile,
)
from core.mail import Message, MessageGone, queue_built_email, queue_email
from core.models import Status

INVITATION_SALT = "alliance.representative-invitation"
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
PROFILE_MANAGER_PERMISSION = "alliance.change_profilechange"
APPLICATION_MANAGER_PERMISSION = "alliance.change_membershipapplication"


# Email -------------------------------------------------------------------------------------


def send_notice(template, recipients, context):
    """Render `alliance/emails/<template>*.txt` now, in the active language, and queue one
    message to each recipient, sent once the transaction commits."""
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    subject, body = render_notice(template, context)
    for address in recipients:
        queue_email(subject=subject, body=body, to=[address])


def render_notice(template, context):
    """(subject, text) of `alliance/emails/<template>*.txt` in the active language."""
    return notice_subject(template, context), render_to_string(
        f"alliance/emails/{template}.txt", context
    )


def notice_subject(template, context):
    subject = render_to_string(f"alliance/emails/{template}_subject.txt", context)
    return " ".join(subject.split())


def managers_emails(permission):
    """The addresses of the active staff who hold `permission` (superusers included)."""
    users = get_user_model().objects.with_perm(permission, backend=PERMISSION_BACKEND)
    return list(users.filter(is_staff=True).exclude(email="").values_list("email", flat=True))


def representatives_emails(institution):
    return list(
        institution.representatives.filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _admin_link(origin, obj):
    opts = obj._meta
    return origin + reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


# Invitations -------------------------------------------------------------------------------


def invitation_token(invitation):
    return signing.dumps({"id": invitation.pk, "key": invitation.key}, salt=INVITATION_SALT)


def invitation_from_token(token):
    """The invitation a link's token names, or None for a forged, altered or too old token.
    Whether it is still open is for the caller to check (`invitation.is_open`)."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        RepresentativeInvitation.objects.select_related("institution")
        .filter(pk=data.get("id"), key=str(data.get("key")))
        .first()
    )


def representative_invite(*, email, institution, by, origin, application=None):
    """Record an invitation and email its one-time link to `email`."""
    with transaction.atomic():
        invitation = RepresentativeInvitation(
            email=email, institution=institution, invited_by=by, application=application
        )
        invitation.full_clean()
        invitation.save()
        queue_built_email(
            subject=notice_subject("invitation", {"invitation": invitation}),
            build=invitation_message,
            arguments={"invitation_id": invitation.pk, "origin": origin},
            to=[invitation.email],
        )
    return invitation


def invitation_message(*, invitation_id, origin):
    """The invitation's email, with its link made now (core.mail builds it when sending)."""
    invitation = (
        RepresentativeInvitation.objects.select_related("institution", "application__alliance")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise MessageGone("the invitation no longer exists, or was used, revoked or expired.")
    link = origin + reverse("account-invitation", args=[invitation_token(invitation)])
    context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS}
    return Message(*render_notice("invitation", context))


def representative_invitation_accept(*, invitation, password):
    """Create the representative's account with `password` (already validated by the form)
    and close the invitation; return the new user."""
    User = get_user_model()
    with transaction.atomic():
        invitation = RepresentativeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise ValidationError(_("This invitation has expired or has already been used."))
        email = invitation.email
        taken = User.objects.filter(username__iexact=email) | User.objects.filter(
            email__iexact=email
        )
        if taken.exists():
            raise ValidationError(
                _(
                    "An account with this email address exists already. Ask the alliance "
                    "staff to link it to your institution."
                )
            )
        user = User(username=email, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
        representative = Representative(user=user, institution=invitation.institution)
        representative.full_clean()
        representative.save()
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.full_clean()
        invitation.save()
    return user


def representative_invitation_revoke(*, invitation):
    with transaction.atomic():
        invitation = RepresentativeInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            return invitation
        invitation.revoked_at = timezone.now()
        invitation.full_clean()
        invitation.save()
    return invitation


# Profile changes ---------------------------------------------------------------------------


def profile_change_submit(*, institution, by, values, logo=None, origin):
    """Record an edit of `institution`'s public profile as a change waiting for review; an
    earlier waiting change is replaced (its new logo carried over unless a new one comes)."""
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        earlier = institution.profile_changes.filter(status=ReviewStatus.PENDING).first()
        change = ProfileChange(
            institution=institution,
            submitted_by=by,
            **{field: values[field] for field in PROFILE_FIELDS},
        )
        if earlier is not None:
            earlier.status = ReviewStatus.SUPERSEDED
            earlier.full_clean()
            earlier.save(update_fields=["status"])
            if logo is None and earlier.logo:
                change.logo = earlier.logo.name
                change.logo_thumbnail = earlier.logo_thumbnail.name
        change.full_clean()
        if logo is not None:
            change.logo.save(logo.image.name, logo.image, save=False)
            change.logo_thumbnail.save(logo.thumbnail.name, logo.thumbnail, save=False)
        change.save()
        send_notice(
            "profile_change_submitted",
            managers_emails(PROFILE_MANAGER_PERMISSION),
            {"change": change, "link": _admin_link(origin, change)},
        )
    return change


def _locked_pending_change(change):
    change = ProfileChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ReviewStatus.PENDING:
        raise ValidationError(_("This change has already been decided or withdrawn."))
    return change


def _decide(change, status, by, comment, previous):
    change.status = status
    change.reviewed_by = by
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.previous = previous
    change.full_clean()
    change.save()


def _notify_decision(change, origin):
    institution = change.institution
    recipients = representatives_emails(institution)
    if change.submitted_by is not None:
        recipients.append(change.submitted_by.email)
    link = origin + reverse("account-change", args=[change.pk])
    send_notice("profile_change_decided", recipients, {"change": change, "link": link})


def profile_change_approve(*, change, by, comment="", origin):
    """Publish the proposed values on the institution and record it in its admin history."""
    with transaction.atomic():
        change = _locked_pending_change(change)
        institution = Institution.objects.select_for_update().get(pk=change.institution_id)
        previous = public_profile(institution)
        changed = [f for f in PROFILE_FIELDS if getattr(institution, f) != getattr(change, f)]
        for field in changed:
            setattr(institution, field, getattr(change, field))
        if change.logo and change.logo.name != institution.logo.name:
            institution.logo = change.logo.name
            institution.logo_thumbnail = change.logo_thumbnail.name
            changed.append("logo")
        institution.full_clean()
        institution.save()
        change.institution = institution
        _decide(change, ReviewStatus.APPROVED, by, comment, previous)
        labels = [str(Institution._meta.get_field(field).verbose_name) for field in changed]
        LogEntry.objects.log_actions(
            by.pk,
            [institution],
            CHANGE,
            change_message=[{"changed": {"fields": labels}}] if labels else "",
            single_object=True,
        )
        _notify_decision(change, origin)
    return change


def profile_change_reject(*, change, by, comment, origin):
    """Close the change with the reviewer's comment; the public profile stays as it is."""
    with transaction.atomic():
        change = _locked_pending_change(change)
        _decide(change, ReviewStatus.REJECTED, by, comment, public_profile(change.institution))
        _notify_decision(change, origin)
    return change


def profile_change_withdraw(*, change):
    with transaction.atomic():
        change = _locked_pending_change(change)
        change.status = ReviewStatus.WITHDRAWN
        change.full_clean()
        change.save(update_fields=["status"])
    return change


# Membership applications -------------------------------------------------------------------


def membership_application_submit(*, alliance, values, answers, logo=None, origin):
    """Record an application with its answers, [(criterion, text)] in the order asked, and
    acknowledge it to the applicant and the membership managers."""
    with transaction.atomic():
        application = MembershipApplication(
            alliance=alliance, language=translation.get_language() or "en", **values
        )
        application.full_clean()
        if logo is not None:
            application.logo.save(logo.image.name, logo.image, save=False)
            application.logo_thumbnail.save(logo.thumbnail.name, logo.thumbnail, save=False)
        application.save()
        rows = [
            ApplicationAnswer(
                application=application,
                criterion=criterion,
                position=position,
                question_en=criterion.text_en,
                question_zh=criterion.text_zh,
                answer=text,
            )
            for position, (criterion, text) in enumerate(answers, start=1)
        ]
        for row in rows:
            row.full_clean()
        ApplicationAnswer.objects.bulk_create(rows)
        send_notice(
            "application_received", [application.contact_email], {"application": application}
        )
        send_notice(
            "application_submitted",
            managers_emails(APPLICATION_MANAGER_PERMISSION),
            {"application": application, "link": _admin_link(origin, application)},
        )
    return application


def unique_institution_slug(name):
    base = slugify(name)[:100].strip("-") or "institution"
    slug, number = base, 1
    while Institution.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def country_row(code):
    country = Country.objects.filter(code=code).first()
    if country is None:
        country = Country(
            code=code,
            continent=CONTINENT_BY_COUNTRY.get(code, ""),
            region=REGION_BY_COUNTRY.get(code, ""),
        )
        country.full_clean()
        country.save()
    return country


def institution_from_application(application):
    institution = Institution(
        slug=unique_institution_slug(application.name_en),
        name_en=application.name_en,
        name_zh=application.name_zh,
        kind=application.kind,
        country=country_row(application.country.code),
        city_en=application.city_en,
        website=application.website,
        description_en=application.description_en,
        logo=application.logo.name,
        logo_thumbnail=application.logo_thumbnail.name,
        status=Status.PUBLISHED,
    )
    institution.full_clean()
    institution.save()
    return institution


def _locked_pending_application(application):
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("This application has already been decided."))
    return application


def membership_application_approve(*, application, by, joined_on, institution=None, origin):
    """In one transaction: the institution (`institution`, or a new one made from the
    application), its membership from `joined_on`, and an invitation for the contact person."""
    with transaction.atomic():
        application = _locked_pending_application(application)
        if institution is None:
            institution = institution_from_application(application)
        recommender = application.recommended_by
        membership = Membership(
            institution=institution,
            alliance=application.alliance,
            joined_on=joined_on,
            recommended_by=recommender if recommender != institution else None,
        )
        membership.full_clean()
        membership.save()
        application.status = ApplicationStatus.APPROVED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.institution = institution
        application.membership = membership
        application.full_clean()
        application.save()
        with translation.override(application.language):
            representative_invite(
                email=application.contact_email,
                institution=institution,
                by=by,
                origin=origin,
                application=application,
            )
    return application


def membership_application_reject(*, application, by, reason):
    with transaction.atomic():
        application = _locked_pending_application(application)
        application.status = ApplicationStatus.REJECTED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.decision_reason = reason
        application.full_clean()
        application.save()
        with translation.override(application.language):
            send_notice(
                "application_rejected", [application.contact_email], {"application": application}
            )
    return application
