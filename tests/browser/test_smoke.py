def test_home_page_shows_demo_film_week_in_browser(page, live_server, demo):
    page.goto(f"{live_server.url}/en/")

    assert page.locator("a.brand").inner_text() == "Film Alliance Catalog"
    assert page.get_by_role("link", name="SCO Film and Television Week 2025").count() == 1
