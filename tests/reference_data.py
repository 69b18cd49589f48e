"""The rows data migrations write (countries, role groups), which a transactional test's flush
removes: put back for the tests that follow."""


def restore_reference_data():
    from alliance.continents import add_missing_countries
    from alliance.models import Country
    from config.roles import sync_roles

    add_missing_countries(Country)
    sync_roles()
