"""Bilingual names and titles for synthetic records, drawn from a seeded random.Random.

Chinese names are written in characters and their English form is the pinyin (pypinyin), so
a search by pinyin finds them as it finds real ones. Names of other countries are written in
Latin letters and have no Chinese form."""

from pypinyin import Style, lazy_pinyin

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建文辉玉兰晨宇浩然子轩欣怡思雨佳琪梓涵"

# Film titles: (Chinese, English) halves, combined as "adjective + noun".
TITLE_FIRST = [
    ("遥远的", "Distant"),
    ("沉默的", "Silent"),
    ("春天的", "Spring"),
    ("最后的", "The Last"),
    ("北方的", "Northern"),
    ("金色的", "Golden"),
    ("漫长的", "Long"),
    ("夜晚的", "Night"),
    ("草原的", "Steppe"),
    ("丝路", "Silk Road"),
    ("海边的", "Seaside"),
    ("雪山", "Snow Mountain"),
]
TITLE_SECOND = [
    ("河流", "River"),
    ("列车", "Train"),
    ("故乡", "Homeland"),
    ("旅程", "Journey"),
    ("月亮", "Moon"),
    ("骆驼", "Camel"),
    ("信件", "Letters"),
    ("婚礼", "Wedding"),
    ("花园", "Garden"),
    ("灯塔", "Lighthouse"),
    ("守望者", "Watchman"),
    ("歌声", "Song"),
]

# First and family names by the countries that write them so; the rest use INTERNATIONAL.
NAMES_BY_GROUP = {
    "ru": (
        ["Alexei", "Anna", "Dmitry", "Elena", "Ivan", "Olga", "Sergei", "Tatiana", "Pavel"],
        ["Ivanov", "Petrova", "Smirnov", "Volkova", "Sokolov", "Orlova", "Morozov", "Lebedeva"],
    ),
    "central_asia": (
        ["Aigerim", "Nurlan", "Dilnoza", "Rustam", "Madina", "Timur", "Zarina", "Bakyt"],
        ["Nurmagambetov", "Karimova", "Tashkentov", "Abdullaev", "Suleimenova", "Rakhimov"],
    ),
    "africa": (
        ["Amara", "Kwame", "Zanele", "Thabo", "Nia", "Sipho", "Ayodele", "Fatou", "Kofi"],
        ["Mensah", "Ndlovu", "Okafor", "Diallo", "Mokoena", "Abebe", "Nkosi", "Traore"],
    ),
    "europe": (
        ["Marco", "Sofia", "Lukas", "Elena", "Jan", "Ana", "Pierre", "Milena", "Nikos"],
        ["Rossi", "Novak", "Schmidt", "Kowalski", "Petrovic", "Dubois", "Papadopoulos"],
    ),
    "international": (
        ["Ali", "Maria", "Rahul", "Laila", "Carlos", "Yasmin", "Omar", "Priya", "Diego"],
        ["Khan", "Silva", "Sharma", "Haddad", "Gonzalez", "Rahman", "Perera", "Santos"],
    ),
}
RUSSIAN_SPEAKING = {"RU", "BY", "UA"}
CENTRAL_ASIA = {"KZ", "UZ", "KG", "TJ", "TM"}


def pinyin_name(chinese):
    """ "王伟" -> "Wang Wei": the surname, then the given name written as one word."""
    syllables = lazy_pinyin(chinese, style=Style.NORMAL)
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"


def chinese_person_name(rng):
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def name_group(country_code, continent):
    if country_code in RUSSIAN_SPEAKING:
        return "ru"
    if country_code in CENTRAL_ASIA:
        return "central_asia"
    return {"AF": "africa", "EU": "europe"}.get(continent, "international")


def person_name(rng, country_code, continent):
    """(name_en, name_zh) of a person of that country."""
    if country_code == "CN":
        chinese = chinese_person_name(rng)
        return pinyin_name(chinese), chinese
    first, family = NAMES_BY_GROUP[name_group(country_code, continent)]
    return f"{rng.choice(first)} {rng.choice(family)}", ""


def film_title(rng):
    """(title_zh, title_en): "遥远的河流" / "Distant River"."""
    first_zh, first_en = rng.choice(TITLE_FIRST)
    second_zh, second_en = rng.choice(TITLE_SECOND)
    return first_zh + second_zh, f"{first_en} {second_en}"
