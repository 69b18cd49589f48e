"""Where synthetic records are: country weights, cities with their time zones, and the kinds
of institutions, all fixed tables so that a seed always gives the same data."""

# Relative weights by country code, then by continent for the rest: the alliance's members
# and films come mostly from China, Russia, Central Asia, Europe and Africa.
COUNTRY_WEIGHTS = {"CN": 40, "RU": 12, "KZ": 5, "UZ": 4, "KG": 3, "TJ": 2, "TM": 1, "IN": 4}
CONTINENT_WEIGHTS = {"EU": 1.5, "AF": 1.0, "AS": 0.8, "SA": 0.3, "NA": 0.2, "OC": 0.2}

# (country code, city in English, city in Chinese, IANA time zone): film weeks and venues.
CITIES = [
    ("CN", "Shanghai", "上海", "Asia/Shanghai"),
    ("CN", "Qingdao", "青岛", "Asia/Shanghai"),
    ("CN", "Xi'an", "西安", "Asia/Shanghai"),
    ("CN", "Chengdu", "成都", "Asia/Shanghai"),
    ("RU", "Moscow", "莫斯科", "Europe/Moscow"),
    ("RU", "Kazan", "喀山", "Europe/Moscow"),
    ("KZ", "Almaty", "阿拉木图", "Asia/Almaty"),
    ("UZ", "Tashkent", "塔什干", "Asia/Tashkent"),
    ("KG", "Bishkek", "比什凯克", "Asia/Bishkek"),
    ("RS", "Belgrade", "贝尔格莱德", "Europe/Belgrade"),
    ("GR", "Athens", "雅典", "Europe/Athens"),
    ("EG", "Cairo", "开罗", "Africa/Cairo"),
    ("ZA", "Durban", "德班", "Africa/Johannesburg"),
    ("KE", "Nairobi", "内罗毕", "Africa/Nairobi"),
]
CITIES_BY_COUNTRY = {}
for _city in CITIES:
    CITIES_BY_COUNTRY.setdefault(_city[0], []).append(_city)

# kind -> (weight, English, Chinese)
INSTITUTION_KINDS = {
    "festival": (5, "Film Festival", "电影节"),
    "institution": (3, "Film Institute", "电影学院"),
    "archive": (1, "Film Archive", "电影资料馆"),
    "production_base": (2, "Film Studio", "电影制片厂"),
    "agency": (1, "Film Agency", "电影局"),
}
DESCRIPTORS = [
    ("International", "国际"),
    ("Youth", "青年"),
    ("Documentary", "纪录"),
    ("Silk Road", "丝路"),
    ("Asian", "亚洲"),
    ("Independent", "独立"),
]


def country_weight(code, continent):
    return COUNTRY_WEIGHTS.get(code, CONTINENT_WEIGHTS.get(continent, 0.1))
