"""The public catalog as a person uses it in a real browser: following links, switching language,
filtering with the form, searching from the header, on a phone and with the keyboard. Every step
waits on what the page shows (Playwright's `expect` retries until it holds), never on a sleep."""

import re

from playwright.sync_api import expect

FIVE_HUNDRED_MILES = "/films/five-hundred-miles/"


def section(page, heading):
    """A <section> labelled by its heading; `heading` may be a pattern when the heading holds a
    count ("People 1")."""
    return page.get_by_role("region", name=heading)


def definition(page, term):
    """The <dd> that follows the <dt> reading `term` in a list of facts."""
    return page.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")).locator("+ dd")


def test_film_week_ambassador_film_path_shows_the_linked_records(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Film weeks").click()
    page.get_by_role("link", name="Belt and Road Film Week 2023").click()

    expect(page).to_have_url(f"{live_server.url}/en/film-weeks/belt-and-road-film-week-2023/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Belt and Road Film Week 2023")
    expect(definition(page, "Theme")).to_have_text("Dialogue")
    ambassadors = section(page, "Ambassadors")
    expect(ambassadors.get_by_role("listitem")).to_have_text(
        ["Zhao Tao, Promotion Ambassador", "Lei Jiayin, Promotion Ambassador"]
    )

    ambassadors.get_by_role("link", name="Lei Jiayin").click()

    expect(page).to_have_url(f"{live_server.url}/en/people/lei-jiayin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lei Jiayin")
    filmography = section(page, "Filmography")
    expect(filmography.locator("dt")).to_have_text(
        ["2023", "2022", "2021", "2019", "2018", "2017", "2012"]
    )
    expect(filmography.get_by_role("listitem").first).to_have_text(
        "Five Hundred Miles · Cast (as Zhong Da)"
    )

    filmography.get_by_role("link", name="Five Hundred Miles").click()

    expect(page).to_have_url(f"{live_server.url}/en{FIVE_HUNDRED_MILES}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Five Hundred Miles (2023)")
    expect(definition(page, "Chinese title")).to_have_text("交换人生")
    expect(section(page, "Tour stops").get_by_role("listitem")).to_have_text(
        [
            "45th Moscow International Film Festival (Russia), April 2023 · International premiere"
            " · Belt and Road Film Tour"
        ]
    )


def test_language_switch_on_film_page_keeps_the_film(page, live_server, demo):
    page.goto(f"{live_server.url}/en{FIVE_HUNDRED_MILES}")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()

    expect(page).to_have_url(f"{live_server.url}/zh-hans{FIVE_HUNDRED_MILES}")
    expect(page.get_by_role("heading", level=1)).to_have_text("交换人生（2023）")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()

    expect(page).to_have_url(f"{live_server.url}/en{FIVE_HUNDRED_MILES}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Five Hundred Miles (2023)")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_film_filter_form_coproductions_lists_only_the_red_silk(page, live_server, demo):
    page.goto(f"{live_server.url}/en/films/")
    form = page.get_by_role("form", name="Filter films")

    form.get_by_label("Co-productions only").check()
    form.get_by_role("button", name="Apply filters").click()

    expect(page).to_have_url(re.compile(r"/en/films/\?(.+&)?coproduction=1(&|$)"))
    results = section(page, re.compile(r"^\d+ films?$"))
    expect(results.get_by_role("heading", level=2)).to_have_text("1 film")
    expect(results.get_by_role("heading", level=3)).to_have_text(["The Red Silk"])
    expect(form.get_by_label("Co-productions only")).to_be_checked()


def test_header_search_finds_chinese_substring_and_pinyin(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")
    header_search = page.get_by_role("banner").get_by_role("search")
    box = header_search.get_by_label("Search films, people, institutions and film weeks")

    box.fill("雷佳")
    box.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/en/search/?q=%E9%9B%B7%E4%BD%B3")
    people = section(page, re.compile(r"^People \d+$"))
    expect(people.get_by_role("link")).to_have_text(["Lei Jiayin"])

    box.fill("jiaohuan rensheng")
    header_search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(f"{live_server.url}/en/search/?q=jiaohuan+rensheng")
    films = section(page, re.compile(r"^Films \d+$"))
    expect(films.get_by_role("link")).to_have_text(["Five Hundred Miles"])


def assert_fits_the_phone_and_nav_reachable(phone_page):
    """No horizontal scrolling, and every link of the main navigation is on screen."""
    widths = phone_page.evaluate(
        "[document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], f"the page scrolls sideways: {widths}"
    links = phone_page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(links.filter(has_text=re.compile("^(Film weeks|Films|People)$"))).to_have_count(3)
    for index in range(links.count()):
        expect(links.nth(index)).to_be_in_viewport()


def test_film_list_on_phone_fits_without_horizontal_scroll(phone_page, live_server, demo):
    phone_page.goto(f"{live_server.url}/en/films/")

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Films")
    assert_fits_the_phone_and_nav_reachable(phone_page)


def test_film_page_on_phone_fits_and_nav_leads_on(phone_page, live_server, demo):
    phone_page.goto(f"{live_server.url}/en{FIVE_HUNDRED_MILES}")

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Five Hundred Miles (2023)")
    assert_fits_the_phone_and_nav_reachable(phone_page)

    phone_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People", exact=True
    ).tap()

    expect(phone_page).to_have_url(f"{live_server.url}/en/people/")


def test_first_tab_reaches_the_visible_skip_link(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/en/#main")
