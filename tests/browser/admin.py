"""Steps in the back office that several browser tests take."""


def sign_in_to_admin(page, base, username, password):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form [type=submit]")
    page.wait_for_url(f"{base}/admin/")
