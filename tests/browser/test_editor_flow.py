"""An editor's day in a real browser: add a film with its credits in the back office, find the
draft on its public page only while signed in, publish it from the list, and find it on the
public site."""

from config.roles import sync_roles
from tests.browser.admin import sign_in_to_admin
from tests.factories import make_country, make_person, make_user

PASSWORD = "editor-password-for-browser-42"


def make_editor():
    editor = make_user(username="editor", is_staff=True, password=PASSWORD)
    # A browser test empties the database after it runs: the roles come back here.
    editor.groups.set([sync_roles()["Editors"]])
    return editor


def choose_in_autocomplete(page, select_id, typed, option):
    """Pick `option` in the autocomplete (select2) widget of the <select id=select_id>."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def add_credit(page, row, role, typed, person):
    page.locator("#credits-group a.add-row").click()
    page.select_option(f"#id_credits-{row}-role", role)
    choose_in_autocomplete(page, f"id_credits-{row}-person", typed, person)


def test_editor_adds_a_film_with_credits_publishes_it_and_finds_it_public(page, live_server):
    base = live_server.url
    make_editor()
    make_country("CN")
    make_person(slug="zhang-yimou", name_en="Zhang Yimou", name_zh="张艺谋", status="published")
    make_person(slug="gong-li", name_en="Gong Li", name_zh="巩俐", status="published")

    sign_in_to_admin(page, base, "editor", PASSWORD)
    page.goto(f"{base}/admin/filmweek/film/add/")
    page.fill("#id_title_original", "红高粱")
    page.fill("#id_title_en", "Red Sorghum")
    page.fill("#id_title_zh", "红高粱")
    page.fill("#id_slug", "red-sorghum")
    page.fill("#id_year", "1988")
    add_credit(page, 0, "director", "Zhang", "Zhang Yimou")
    add_credit(page, 1, "cast", "巩俐", "Gong Li")
    page.fill("#id_credits-1-character_en", "Jiu'er")
    page.click("button[name=_save]")
    page.wait_for_url(f"{base}/admin/filmweek/film/")

    draft = page.context.new_page()
    draft.goto(f"{base}/en/films/red-sorghum/")
    banner = draft.locator(".draft-banner").inner_text()
    anonymous = page.context.browser.new_context().new_page()
    hidden = anonymous.goto(f"{base}/en/films/red-sorghum/").status

    page.locator("tr", has_text="Red Sorghum").locator("input.action-select").check()
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_url(f"{base}/admin/filmweek/film/")
    message = page.get_by_text("Published 1 film.").inner_text().strip()

    public = anonymous.goto(f"{base}/en/films/")
    anonymous.get_by_role("link", name="Red Sorghum").first.click()
    anonymous.wait_for_url(f"{base}/en/films/red-sorghum/")
    credits = anonymous.locator("main").inner_text()

    assert banner.startswith("Draft, visible to staff only.")
    assert hidden == 404
    assert message == "Published 1 film."
    assert public.status == 200
    assert anonymous.locator("h1").inner_text() == "Red Sorghum (1988)"
    assert "Zhang Yimou" in credits and "Gong Li" in credits and "Jiu'er" in credits
    assert anonymous.locator(".draft-banner").count() == 0
