"""Suggestions as you type in the header's search box, in a real browser: they appear while
typing (typos forgiven), the arrow keys and Enter open one, Escape closes them, a click opens
one; in English and in Chinese."""

import re

from playwright.sync_api import expect


def search_box(page):
    return page.locator("#site-search-q")


def test_suggestions_appear_while_typing_and_enter_opens_the_chosen_one(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")
    box = search_box(page)

    box.press_sequentially("durbn")

    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Durban International Film Festival")
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-q-suggestions-0")
    box.press("Enter")

    expect(page).to_have_url(
        f"{live_server.url}/en/institutions/durban-international-film-festival/"
    )


def test_suggestions_close_on_escape_and_enter_then_submits_the_search(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")
    box = search_box(page)
    box.press_sequentially("zhao")
    expect(page.get_by_role("option")).to_have_count(1)

    box.press("Escape")

    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=zhao$"))


def test_suggestions_in_chinese_show_chinese_names_and_a_click_opens_one(page, live_server, demo):
    page.goto(f"{live_server.url}/zh-hans/")
    box = search_box(page)

    box.press_sequentially("lei jia")

    option = page.get_by_role("option").first
    expect(option).to_contain_text("雷佳音")
    expect(option).to_contain_text("人物")
    option.get_by_role("link").click()

    expect(page).to_have_url(f"{live_server.url}/zh-hans/people/lei-jiayin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("雷佳音")
