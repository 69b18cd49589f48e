"""Continent and UN geoscheme sub-region for every ISO 3166-1 alpha-2 code in django-countries."""

# Sub-region -> (continent, space-separated country codes), following the UN geoscheme (M49).
# Deliberate departures / judgement calls:
# - CY is in "Western Asia" (UN) but mapped to continent EU as an EU member (see overrides below).
# - AQ, BV, HM, TF, GS are all put under continent AN / region "Antarctica" (UN files BV and GS
#   under South America, HM under Australia and New Zealand, TF under Eastern Africa).
# - Transcontinental states follow the UN: RU -> EU; TR, GE, AM, AZ, KZ -> AS; EG -> AF.
# - IO (British Indian Ocean Territory) follows the UN (Eastern Africa, AF); some lists use Asia.
# - CX and CC follow the UN (Australia and New Zealand, OC); some lists use Asia.
# - TW is not listed by the UN; it is put in "Eastern Asia".
_REGIONS: dict[str, tuple[str, str]] = {
    "Northern Africa": ("AF", "DZ EG EH LY MA SD TN"),
    "Eastern Africa": ("AF", "BI DJ ER ET IO KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW"),
    "Middle Africa": ("AF", "AO CD CF CG CM GA GQ ST TD"),
    "Southern Africa": ("AF", "BW LS NA SZ ZA"),
    "Western Africa": ("AF", "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG"),
    "Central Asia": ("AS", "KG KZ TJ TM UZ"),
    "Eastern Asia": ("AS", "CN HK JP KP KR MN MO TW"),
    "South-eastern Asia": ("AS", "BN ID KH LA MM MY PH SG TH TL VN"),
    "Southern Asia": ("AS", "AF BD BT IN IR LK MV NP PK"),
    "Western Asia": ("AS", "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY TR YE"),
    "Eastern Europe": ("EU", "BG BY CZ HU MD PL RO RU SK UA"),
    "Northern Europe": ("EU", "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE SJ"),
    "Southern Europe": ("EU", "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA"),
    "Western Europe": ("EU", "AT BE CH DE FR LI LU MC NL"),
    "Caribbean": (
        "NA",
        "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI",
    ),
    "Central America": ("NA", "BZ CR GT HN MX NI PA SV"),
    "Northern America": ("NA", "BM CA GL PM US"),
    "South America": ("SA", "AR BO BR CL CO EC FK GF GY PE PY SR UY VE"),
    "Australia and New Zealand": ("OC", "AU CC CX NF NZ"),
    "Melanesia": ("OC", "FJ NC PG SB VU"),
    "Micronesia": ("OC", "FM GU KI MH MP NR PW UM"),
    "Polynesia": ("OC", "AS CK NU PF PN TK TO TV WF WS"),
    "Antarctica": ("AN", "AQ BV GS HM TF"),
}

# Continent overrides on top of the sub-region's continent.
_CONTINENT_OVERRIDES = {"CY": "EU"}

REGION_BY_COUNTRY: dict[str, str] = {
    code: region for region, (_, codes) in _REGIONS.items() for code in codes.split()
}

CONTINENT_BY_COUNTRY: dict[str, str] = {
    code: _CONTINENT_OVERRIDES.get(code, continent)
    for continent, codes in _REGIONS.values()
    for code in codes.split()
}


def add_missing_countries(country_model):
    """Create every country not yet in the table (used by migration 0003 with its historical
    model, and by load_demo for a database that was flushed)."""
    existing = set(country_model.objects.values_list("code", flat=True))
    country_model.objects.bulk_create(
        country_model(code=code, continent=continent, region=REGION_BY_COUNTRY[code])
        for code, continent in sorted(CONTINENT_BY_COUNTRY.items())
        if code not in existing
    )
