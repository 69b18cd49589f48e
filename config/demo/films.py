"""People, films, credits, awards and jury service named in the source texts."""

import datetime

from alliance.models import Country
from config.demo.sync import sync, sync_set
from core.models import DatePrecision, Status
from filmweek.models import (
    Award,
    Credit,
    CreditRole,
    Film,
    FilmCountry,
    FilmKind,
    JuryService,
    Language,
    Person,
    Position,
)

PUBLISHED = {"status": Status.PUBLISHED}

LANGUAGES = [
    ("zh", "Mandarin Chinese", "普通话"),
    ("ru", "Russian", "俄语"),
    ("it", "Italian", "意大利语"),
    ("en", "English", "英语"),
]

# slug: (English name, Chinese name, name in its own script, country, career start, bio EN, bio ZH)
# The sources give Sun Hengqin and Kim-Wai Chung in pinyin/romanisation only: their Chinese
# characters are left empty rather than guessed (the pages then show the romanised name).
PEOPLE = {
    "zhao-tao": (
        "Zhao Tao",
        "赵涛",
        "",
        "CN",
        2000,
        "Zhao Tao started her career in film acting in 2000. In 2012, she won the Best Actress at "
        'the 57th David di Donatello Awards for her role in the Italian film "Io Sono Li". She '
        'has appeared in numerous films such as "Still Life", "Mountains May Depart" and "Ash '
        'Is Purest White", which have received awards at major film festivals and film prizes '
        "both domestically and internationally. She has also served as a jury member for the 7th "
        "Rome International Film Festival and the Main Competition of the 22nd SIFF.",
        "赵涛2000年开始电影表演生涯。2012年凭借意大利电影《我是李》获得第57届大卫·迪·多纳泰罗奖"
        "最佳女主角。她出演过《三峡好人》《山河故人》《江湖儿女》等多部在国内外重要电影节和电影奖"
        "项中获奖的影片，并担任过第7届罗马国际电影节评委和第22届上海国际电影节主竞赛单元评委。",
    ),
    "lei-jiayin": (
        "Lei Jiayin",
        "雷佳音",
        "",
        "CN",
        None,
        'Lei Jiayin rose to prominence in 2012 with his role in the film "Guns and Roses" '
        "directed by Ning Hao. He has since appeared in various films and TV series. In 2022, he "
        "won the Best Actor at the 31st China TV Golden Eagle Awards for his performance in the TV "
        'drama "A Lifelong Journey". He is known for his dedication to acting and his ability to '
        "portray diverse characters; his relaxed and nuanced acting style has garnered "
        "recognition and popularity among industry professionals and audiences.",
        "雷佳音2012年凭借宁浩执导的电影《黄金大劫案》崭露头角，此后出演多部电影和电视剧。2022年"
        "凭借电视剧《人世间》获得第31届中国电视金鹰奖最佳男演员。他以敬业和塑造多样角色的能力"
        "著称，松弛而细腻的表演风格赢得了业内和观众的认可与喜爱。",
    ),
    "su-lun": (
        "Su Lun",
        "苏伦",
        "",
        "CN",
        None,
        'Director and writer of "Five Hundred Miles".',
        "电影《交换人生》的导演和编剧。",
    ),
    "zhang-xiaofei": ("Zhang Xiaofei", "张小斐", "", "CN", None, "", ""),
    "zhang-youhao": ("Zhang Youhao", "张宥浩", "", "CN", None, "", ""),
    "ning-hao": (
        "Ning Hao",
        "宁浩",
        "",
        "CN",
        None,
        'Director of "Guns and Roses".',
        "电影《黄金大劫案》的导演。",
    ),
    "alena-sviridova": (
        "Alena Sviridova",
        "阿廖娜·斯维里多娃",
        "Алёна Свиридова",
        "RU",
        None,
        'Popular Russian singer who sings the theme song of "The Red Silk". She made a stellar '
        "appearance at the opening ceremony of the SCO Film and Television Week in Qingdao.",
        "俄罗斯著名歌手，演唱电影《红丝绸》主题曲，出席了在青岛举行的上合组织电影电视周开幕式。",
    ),
    "oleg-brizhatty": (
        "Oleg Brizhatty",
        "奥列格·布里扎蒂",
        "",
        "RU",
        None,
        "Attaché of the Humanitarian Section of the Russian Embassy.",
        "俄罗斯驻华大使馆人文处专员。",
    ),
    "sun-hengqin": (
        "Sun Hengqin",
        "",
        "",
        "CN",
        None,
        "CEO of Qingdao Oriental Film Metropolis.",
        "青岛东方影都首席执行官。",
    ),
    "kim-wai-chung": (
        "Kim-Wai Chung",
        "",
        "",
        None,
        None,
        'A set decorator with 38 years of experience who has worked on films such as "Mulan", '
        '"Mummies III" and "Operation Leviatha".',
        "拥有38年经验的陈设师，参与过《花木兰》《木乃伊3》《蛟龙行动》等影片。",
    ),
}

# slug: (original title, English title, Chinese title, year, kind, [(country, role)], [languages])
FILMS = {
    "five-hundred-miles": (
        "交换人生",
        "Five Hundred Miles",
        "交换人生",
        2023,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "io-sono-li": (
        "Io sono Li",
        "Io Sono Li",
        "我是李",
        2011,
        FilmKind.FEATURE,
        [("IT", "sole")],
        ["it", "zh"],
    ),
    "still-life": (
        "三峡好人",
        "Still Life",
        "三峡好人",
        2006,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "mountains-may-depart": (
        "山河故人",
        "Mountains May Depart",
        "山河故人",
        2015,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "ash-is-purest-white": (
        "江湖儿女",
        "Ash Is Purest White",
        "江湖儿女",
        2018,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "guns-and-roses": (
        "黄金大劫案",
        "Guns and Roses",
        "黄金大劫案",
        2012,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "brotherhood-of-blades-ii": (
        "绣春刀II：修罗战场",
        "Brotherhood of Blades II: The Infernal Battlefield",
        "绣春刀II：修罗战场",
        2017,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "how-long-will-i-love-u": (
        "超时空同居",
        "How Long Will I Love U",
        "超时空同居",
        2018,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "a-writers-odyssey": (
        "刺杀小说家",
        "A Writer's Odyssey",
        "刺杀小说家",
        2021,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "the-longest-day-in-changan": (
        "长安十二时辰",
        "The Longest Day in Chang'an",
        "长安十二时辰",
        2019,
        FilmKind.TV_SERIES,
        [("CN", "sole")],
        ["zh"],
    ),
    "a-lifelong-journey": (
        "人世间",
        "A Lifelong Journey",
        "人世间",
        2022,
        FilmKind.TV_SERIES,
        [("CN", "sole")],
        ["zh"],
    ),
    "the-heart-of-genius": (
        "天才基本法",
        "The Heart of Genius",
        "天才基本法",
        2022,
        FilmKind.TV_SERIES,
        [("CN", "sole")],
        ["zh"],
    ),
    "full-river-red": (
        "满江红",
        "Full River Red",
        "满江红",
        2023,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "the-red-silk": (
        "Красный шёлк",
        "The Red Silk",
        "红丝绸",
        2025,
        FilmKind.FEATURE,
        [("RU", "partner"), ("CN", "partner")],
        ["ru", "zh"],
    ),
    "wandering-earth-2": (
        "流浪地球2",
        "Wandering Earth 2",
        "流浪地球2",
        2023,
        FilmKind.FEATURE,
        [("CN", "sole")],
        ["zh"],
    ),
    "pacific-rim-uprising": (
        "Pacific Rim: Uprising",
        "Pacific Rim: Uprising",
        "环太平洋：雷霆再起",
        2018,
        FilmKind.FEATURE,
        [("US", "sole")],
        ["en"],
    ),
    "mulan": ("Mulan", "Mulan", "花木兰", 2020, FilmKind.FEATURE, [("US", "sole")], ["en"]),
    # Titles as the source gives them; the films could not be identified with certainty.
    "mummies-iii": ("Mummies III", "Mummies III", "木乃伊3", None, FilmKind.FEATURE, [], []),
    "operation-leviatha": (
        "Operation Leviatha",
        "Operation Leviatha",
        "蛟龙行动",
        None,
        FilmKind.FEATURE,
        [],
        [],
    ),
}

SYNOPSES = {
    "five-hundred-miles": (
        "A prominent lawyer, Zhong Da, after a blind date with Jin Hao, accidentally swaps bodies "
        "with a young boy, Lu Xiaogu, who secretly admires Jin Hao. The two men also inadvertently "
        "switch families and embark on a journey of laughter and tears.",
        "知名律师仲达与金好相亲后，意外与暗恋金好的少年陆小谷互换了身体，两人也阴差阳错地交换了"
        "家庭，踏上了一段笑中带泪的旅程。",
    ),
    "the-red-silk": (
        "An action spy film about a Russian intelligence officer tasked with delivering a secret "
        "document, assisted by a Chinese friend played by a Chinese actress who studied acting in "
        "Russia. A Russia-China collaboration.",
        "一部动作谍战片：一名俄罗斯情报人员受命递送一份秘密文件，得到一位中国朋友的协助，这位"
        "朋友由一位曾在俄罗斯学习表演的中国女演员饰演。中俄合作影片。",
    ),
}

# Further facts of single films, written with the rest of the film.
FILM_DETAILS = {
    "five-hundred-miles": {
        "released_on": datetime.date(2023, 1, 22),
        "released_precision": DatePrecision.DAY,
        "release_note_en": "Premiered during the Spring Festival",
        "release_note_zh": "春节档上映",
    },
    "the-red-silk": {"genre_en": "Action, spy", "genre_zh": "动作、谍战"},
}

# (film, person, role, character EN, character ZH, order)
CREDITS = [
    ("five-hundred-miles", "su-lun", CreditRole.DIRECTOR, "", "", 1),
    ("five-hundred-miles", "su-lun", CreditRole.WRITER, "", "", 1),
    ("five-hundred-miles", "lei-jiayin", CreditRole.CAST, "Zhong Da", "仲达", 1),
    ("five-hundred-miles", "zhang-xiaofei", CreditRole.CAST, "Jin Hao", "金好", 2),
    ("five-hundred-miles", "zhang-youhao", CreditRole.CAST, "Lu Xiaogu", "陆小谷", 3),
    ("io-sono-li", "zhao-tao", CreditRole.CAST, "", "", 1),
    ("still-life", "zhao-tao", CreditRole.CAST, "", "", 1),
    ("mountains-may-depart", "zhao-tao", CreditRole.CAST, "", "", 1),
    ("ash-is-purest-white", "zhao-tao", CreditRole.CAST, "", "", 1),
    ("guns-and-roses", "ning-hao", CreditRole.DIRECTOR, "", "", 1),
    ("guns-and-roses", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("brotherhood-of-blades-ii", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("how-long-will-i-love-u", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("a-writers-odyssey", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("the-longest-day-in-changan", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("a-lifelong-journey", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("the-heart-of-genius", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("full-river-red", "lei-jiayin", CreditRole.CAST, "", "", 1),
    ("the-red-silk", "alena-sviridova", CreditRole.THEME_SONG, "", "", 1),
    ("mulan", "kim-wai-chung", CreditRole.SET_DECORATOR, "", "", 1),
    ("mummies-iii", "kim-wai-chung", CreditRole.SET_DECORATOR, "", "", 1),
    ("operation-leviatha", "kim-wai-chung", CreditRole.SET_DECORATOR, "", "", 1),
]


def load_people(inst):
    people = {}
    for slug, (name_en, name_zh, original, country, start, bio_en, bio_zh) in PEOPLE.items():
        people[slug] = sync(
            Person,
            {"slug": slug},
            name_en=name_en,
            name_zh=name_zh,
            name_original=original,
            country=Country.objects.get(code=country) if country else None,
            career_start_year=start,
            bio_en=bio_en,
            bio_zh=bio_zh,
            **PUBLISHED,
        )
    positions = [
        ("sun-hengqin", inst["qofm"], "CEO", "首席执行官"),
        ("oleg-brizhatty", inst["russian_embassy"], "Attaché, Humanitarian Section", "人文处专员"),
    ]
    for slug, institution, title_en, title_zh in positions:
        sync(
            Position,
            {"person": people[slug], "institution": institution, "title_en": title_en},
            title_zh=title_zh,
        )
    return people


def load_films(people):
    languages = {
        code: sync(Language, {"code": code}, name_en=name_en, name_zh=name_zh)
        for code, name_en, name_zh in LANGUAGES
    }
    films = {}
    for slug, (original, title_en, title_zh, year, kind, countries, langs) in FILMS.items():
        synopsis_en, synopsis_zh = SYNOPSES.get(slug, ("", ""))
        films[slug] = film = sync(
            Film,
            {"slug": slug},
            title_original=original,
            title_en=title_en,
            title_zh=title_zh,
            year=year,
            kind=kind,
            synopsis_en=synopsis_en,
            synopsis_zh=synopsis_zh,
            **FILM_DETAILS.get(slug, {}),
            **PUBLISHED,
        )
        for position, (code, role) in enumerate(countries, start=1):
            sync(
                FilmCountry,
                {"film": film, "country": Country.objects.get(code=code)},
                role=role,
                position=position,
            )
        sync_set(film.languages, [languages[code] for code in langs])
    for film, person, role, character_en, character_zh, order in CREDITS:
        sync(
            Credit,
            {
                "film": films[film],
                "person": people[person],
                "role": role,
                "character_en": character_en,
            },
            character_zh=character_zh,
            order=order,
        )
    return films


def load_awards(inst, people, films):
    awards = [
        (inst["donatello"], 57, 2012, "Best Actress", "最佳女主角", "zhao-tao", "io-sono-li"),
        (
            inst["golden_eagle"],
            31,
            2022,
            "Best Actor",
            "最佳男演员",
            "lei-jiayin",
            "a-lifelong-journey",
        ),
    ]
    for body, number, year, category_en, category_zh, person, film in awards:
        sync(
            Award,
            {"body": body, "year": year, "category_en": category_en, "person": people[person]},
            edition_number=number,
            category_zh=category_zh,
            result=Award.Result.WON,
            film=films[film],
        )


def load_jury_service(inst, editions, people):
    services = [
        (editions["rome_7"], "", "", None, "", ""),
        (editions["siff_22"], "Main Competition", "主竞赛单元", None, "", ""),
        (
            editions["durban_2022"],
            "Feature Film Competition",
            "故事片竞赛单元",
            inst["siff"],
            "The Durban International Film Festival asked for a Chinese female filmmaker for its "
            "competition jury; after coordination, Zhao Tao accepted and joined two other "
            "international jurors for the Feature Film section.",
            "德班国际电影节希望邀请一位中国女性电影人担任竞赛单元评委，经协调，赵涛欣然接受邀请，"
            "与另外两位国际评委共同担任故事片单元评委。",
        ),
    ]
    for edition, section_en, section_zh, recommended_by, note_en, note_zh in services:
        sync(
            JuryService,
            {"person": people["zhao-tao"], "festival_edition": edition, "section_en": section_en},
            section_zh=section_zh,
            recommended_by=recommended_by,
            note_en=note_en,
            note_zh=note_zh,
        )
