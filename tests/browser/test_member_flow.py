"""A member's whole journey in a real browser: staff invite a representative, who sets a
password, edits the profile and logo; staff approve the change in the admin; the public
institution page shows it."""

import re

import pytest
from django.core import mail

from tests.browser.admin import sign_in_to_admin
from tests.factories import image_bytes, make_institution, make_staff

STAFF_PASSWORD = "staff-password-for-browser-42"
MEMBER_PASSWORD = "member-password-for-browser-42"
MANAGER_PERMISSIONS = (
    "view_profilechange",
    "change_profilechange",
    "add_representativeinvitation",
    "view_representativeinvitation",
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return settings.MEDIA_ROOT


def invite(page, base, email):
    page.goto(f"{base}/admin/alliance/representativeinvitation/add/")
    page.fill("#id_email", email)
    page.select_option("#id_institution", label="Durban International Film Festival")
    page.click("button[name=_save]")
    page.wait_for_url(f"{base}/admin/alliance/representativeinvitation/")


def test_invited_representative_edits_profile_and_staff_approve_it(
    browser, page, live_server, media, tmp_path
):
    base = live_server.url
    institution = make_institution(
        slug="durban-international-film-festival",
        name_en="Durban International Film Festival",
        status="published",
        description_en="The oldest film festival in South Africa.",
    )
    make_staff(*MANAGER_PERMISSIONS, username="manager", password=STAFF_PASSWORD)
    logo_file = tmp_path / "new-logo.png"
    logo_file.write_bytes(image_bytes("PNG", size=(400, 400), color=(20, 60, 160, 255)))

    sign_in_to_admin(page, base, "manager", STAFF_PASSWORD)
    invite(page, base, "rep@durban.example")
    link = re.search(r"https?://\S+/account/invitation/\S+/", mail.outbox[-1].body).group(0)

    member = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    member.goto(link)
    member.get_by_label("New password", exact=True).fill(MEMBER_PASSWORD)
    member.get_by_label("New password confirmation").fill(MEMBER_PASSWORD)
    member.get_by_role("button", name="Create my account").click()
    member.wait_for_url(f"{base}/en/account/institution/")
    member.get_by_label("Description in English").fill(
        "Africa's oldest film festival, in Durban since 1979."
    )
    member.get_by_label("New logo").set_input_files(str(logo_file))
    member.get_by_role("button", name="Send for review").click()
    member.wait_for_url(re.compile(r".*/en/account/institution/changes/\d+/$"))
    status = member.locator(".status").first.inner_text()

    page.goto(f"{base}/admin/alliance/profilechange/")
    page.click("table#result_list a:has-text('Durban International Film Festival')")
    diff = page.locator("table.profile-diff").inner_text()
    page.check("input[name=decision][value=approve]")
    page.fill("#id_review_comment", "Thank you, published.")
    page.click("button[name=_save]")
    page.wait_for_url(f"{base}/admin/alliance/profilechange/")

    page.goto(f"{base}{institution.get_absolute_url()}")
    lede = page.locator("p.lede").inner_text()
    logo_src = page.locator("figure.logo img").get_attribute("src")

    assert status == "Waiting for review"
    assert "Africa's oldest film festival" in diff
    assert lede == "Africa's oldest film festival, in Durban since 1979."
    assert re.fullmatch(r"/media/logos/[0-9a-f]{32}(-thumb)?\.png", logo_src)
    member.context.close()
