"""Film weeks with their ambassadors, activities, figures and quotes; the production base and
its incentive; the Belt and Road Film Tour and its stop."""

import datetime

from alliance.models import Country
from config.demo.sync import sync
from core.models import DatePrecision, Status
from filmweek.models import (
    Activity,
    ActivityKind,
    Ambassador,
    FilmLocation,
    FilmWeek,
    IncentivePolicy,
    Participation,
    Quote,
    ReportedFigure,
)
from screenings.models import Tour, TourStop

PUBLISHED = {"status": Status.PUBLISHED}


def load_film_weeks(alliance, inst, editions, sources, people):
    china = Country.objects.get(code="CN")
    common = {
        "organiser": inst["siff"],
        "alliance": alliance,
        "city_en": "Shanghai",
        "city_zh": "上海",
        "country": china,
        "name_en": "Belt and Road Film Week",
        "name_zh": "“一带一路”电影周",
    }
    first = sync(
        FilmWeek,
        {"slug": "belt-and-road-film-week-2018"},
        **common,
        festival_edition=editions["siff_21"],
        edition_number=1,
        year=2018,
        description_en=(
            "Launched in 2018, the year the Belt and Road Film Festival Alliance was established "
            "during the 21st SIFF, featuring a series of activities such as screenings, forums, "
            "industry dialogues and market promotions."
        ),
        description_zh="2018年，“一带一路”电影周随联盟在第21届上海国际电影节期间成立而启动，"
        "包括展映、论坛、行业对话和市场推介等系列活动。",
        **PUBLISHED,
    )
    activities = [
        (ActivityKind.SCREENING_PROGRAMME, "Screenings", "展映"),
        (ActivityKind.FORUM, "Forums", "论坛"),
        (ActivityKind.INDUSTRY_DIALOGUE, "Industry dialogues", "行业对话"),
        (ActivityKind.MARKET_PROMOTION, "Market promotions", "市场推介"),
    ]
    for kind, title_en, title_zh in activities:
        sync(Activity, {"film_week": first, "title_en": title_en}, kind=kind, title_zh=title_zh)

    week_2023 = sync(
        FilmWeek,
        {"slug": "belt-and-road-film-week-2023"},
        **common,
        festival_edition=editions["siff_25"],
        edition_number=None,
        year=2023,
        theme_en="Dialogue",
        theme_zh="对话",
        description_en=(
            'Themed around "Dialogue", focusing on the emotions and reflections both on and off '
            "the screen, as well as the resonance initiated by dialogue. Established five years "
            "ago, the Belt and Road Film Week has been committed to promoting diverse films and "
            "deepening cultural exchanges in the film industry with countries along the Belt and "
            "Road, building an open platform for in-depth exchanges between film cultures and "
            "industries in different countries. Its Promotion Ambassadors Zhao Tao and Lei Jiayin "
            "leverage their influence and international exchange experience to spread Belt and "
            "Road film culture, draw attention to outstanding films from Belt and Road countries "
            "and encourage participation in the Film Week activities, so that the week serves as "
            "a hub and bridge connecting filmmakers, industry professionals and film enthusiasts."
        ),
        description_zh=(
            "本届电影周以“对话”为主题，关注银幕内外的情感与思考，以及对话引发的共鸣。“一带一路”"
            "电影周创办五年来，致力于推广多元电影、深化与“一带一路”沿线国家的电影文化交流，搭建"
            "了各国电影文化与产业深度交流的开放平台。推广大使赵涛、雷佳音将发挥影响力和国际交流"
            "经验，助力“一带一路”电影文化传播，吸引更多人关注沿线国家的优秀影片、参与电影周活动。"
        ),
        poster_caption_en="2023 Belt and Road Film Week theme poster",
        poster_caption_zh="2023“一带一路”电影周主题海报",
        **PUBLISHED,
    )
    for order, slug in enumerate(["zhao-tao", "lei-jiayin"], start=1):
        sync(
            Ambassador,
            {"film_week": week_2023, "person": people[slug]},
            role_en="Promotion Ambassador",
            role_zh="推广大使",
            order=order,
        )
    sync(
        ReportedFigure,
        {"film_week": week_2023, "label_en": "films screened by the Belt and Road Film Week"},
        label_zh="“一带一路”电影周展映影片",
        value=87,
        is_lower_bound=False,
        period_en="over the past five years (2018–2023)",
        period_zh="过去五年（2018–2023）",
        source=sources["film_week_2023"],
    )
    return {"brfw_2018": first, "brfw_2023": week_2023}


def load_sco_week(inst, people, sources):
    week = sync(
        FilmWeek,
        {"slug": "sco-film-and-television-week-2025"},
        name_en="SCO Film and Television Week",
        name_zh="上海合作组织电影电视周",
        organiser=inst["sco"],
        alliance=None,
        festival_edition=None,
        edition_number=1,
        year=2025,
        city_en="Qingdao, Shandong province",
        city_zh="山东青岛",
        country=Country.objects.get(code="CN"),
        description_en=(
            "The Shanghai Cooperation Organization's first-ever multinational film week, in the "
            "coastal city of Qingdao. It kicked off on a Friday with a high-profile opening "
            "ceremony attended by diplomats, filmmakers and international stars, highlighting "
            "the city's growing role as a hub for multinational cinematic collaboration. Behind "
            "it lies a broader effort to strengthen real-world cultural ties among SCO countries "
            "through shared film projects and production partnerships, reflecting a strategic "
            "emphasis on cultural exchange and soft power."
        ),
        description_zh=(
            "上海合作组织首个多国电影周，在滨海城市青岛举行。电影周于周五以盛大的开幕式拉开帷幕，"
            "各国外交官、电影人和国际明星出席，彰显青岛作为多国电影合作枢纽日益重要的地位。盛会背后，"
            "是通过共同的电影项目和制作合作加强上合组织国家间切实文化纽带的更广泛努力，体现了对文化"
            "交流和软实力的战略重视。"
        ),
        **PUBLISHED,
    )
    ceremony = sync(
        Activity,
        {"film_week": week, "title_en": "Opening ceremony"},
        kind=ActivityKind.CEREMONY,
        title_zh="开幕式",
        description_en="Attended by diplomats, filmmakers and international stars.",
        description_zh="外交官、电影人和国际明星出席。",
    )
    for slug, role_en, role_zh in [
        (
            "alena-sviridova",
            'Made a stellar appearance; sings the theme song of "The Red Silk"',
            "亮相开幕式，演唱《红丝绸》主题曲",
        ),
        ("oleg-brizhatty", "Diplomat, Russian Embassy", "俄罗斯驻华大使馆外交官"),
    ]:
        sync(
            Participation,
            {"activity": ceremony, "person": people[slug]},
            role_en=role_en,
            role_zh=role_zh,
        )
    sync(
        ReportedFigure,
        {"film_week": week, "label_en": "co-produced films initiated among SCO member states"},
        label_zh="上合组织成员国之间启动的合拍片",
        value=40,
        is_lower_bound=True,
        period_en="since 2020",
        period_zh="2020年以来",
        source=sources["sco_week"],
    )
    quotes = [
        (
            "oleg-brizhatty",
            "The 'Red Silk', which is like an action movie, a spy movie about a Russian "
            "intelligence officer tasked with delivering a secret document and is assisted by a "
            "Chinese friend who is played by a beautiful Chinese actress who actually studied "
            "acting skills in Russia.",
            "《红丝绸》可以说是一部动作片、一部谍战片，讲述一名俄罗斯情报人员受命递送一份秘密文件，"
            "得到一位中国朋友的协助。这位朋友由一位美丽的中国女演员饰演，她其实曾在俄罗斯学习表演。",
        ),
        (
            "alena-sviridova",
            "It seems to be that it's the most important thing, the love between our people. I "
            "remember in my childhood, my grandmother kept a drawing from China of two beautiful "
            "little girls drinking tea. And I love China from my childhood because I love this "
            "painting. And also Russian people remember today the long way of friendship between "
            "our countries.",
            "我觉得最重要的是我们两国人民之间的情谊。记得小时候，我祖母珍藏着一幅来自中国的画，画上"
            "是两个正在喝茶的漂亮小女孩。因为喜欢这幅画，我从小就爱上了中国。今天的俄罗斯人也依然"
            "记得我们两国之间源远流长的友谊。",
        ),
        (
            "sun-hengqin",
            "The government has a set of policies or incentives to encourage foreign filmmakers to "
            "come here. If you stay here in the hotel, for example, they give you a certain amount "
            "of subsidy, it's about 40 percent of your spendings.",
            "政府有一整套鼓励外国电影人来这里拍摄的政策和激励措施。比如你住在这里的酒店，他们会给"
            "你一定的补贴，大约是你消费金额的40%。",
        ),
        (
            "kim-wai-chung",
            "Chinese manufacturing is very mature right now. And in terms of hardware production, "
            "we have the same level of production as Hollywood, with the only difference being the "
            "amount of time and money invested. However, that also pushes us to innovate.",
            "中国制造现在已经非常成熟。在硬件制作方面，我们的制作水平已与好莱坞相当，唯一的差别在于"
            "投入的时间和资金。不过，这也推动我们不断创新。",
        ),
    ]
    for slug, text_en, text_zh in quotes:
        sync(
            Quote,
            {"person": people[slug], "text_en": text_en},
            text_zh=text_zh,
            film_week=week,
            source=sources["sco_week"],
        )
    return week


def load_production_base(inst, films, sources):
    base = inst["qofm"]
    for slug in ["wandering-earth-2", "pacific-rim-uprising"]:
        sync(FilmLocation, {"film": films[slug], "base": base})
    sync(
        IncentivePolicy,
        {"base": base, "title_en": "Hotel subsidy for visiting film crews"},
        title_zh="外来剧组酒店住宿补贴",
        description_en=(
            "Part of the government's policies and incentives to encourage foreign filmmakers to "
            "come to Qingdao: crews staying in hotels here receive a subsidy of about 40 percent "
            "of their spending."
        ),
        description_zh="政府鼓励外国电影人来青岛拍摄的扶持政策之一：剧组入住当地酒店可获得约40%的"
        "消费补贴。",
        rate_percent=40,
        is_approximate=True,
        source=sources["sco_week"],
    )


def load_tour(inst, editions, films):
    tour = sync(
        Tour,
        {"slug": "belt-and-road-film-tour"},
        name_en="Belt and Road Film Tour",
        name_zh="“一带一路”电影巡展",
        organiser=inst["siff"],
        description_en=(
            "Initiated by the SIFF, leveraging the platform advantages of the Belt and Road Film "
            "Festival Alliance, to recommend outstanding Chinese films and filmmakers to "
            "participate in film festivals in countries along the Belt and Road, forming a "
            "linkage for year-round screenings and global tours. Through it, outstanding art "
            "films from many countries have reached film festivals in the member countries. The "
            "initiative promotes extensive consultation, joint contribution and shared benefits "
            "among filmmakers and film institutions in Belt and Road countries, deepening the "
            "exchange and mutual learning of film culture and talent and facilitating "
            "people-to-people connectivity."
        ),
        description_zh=(
            "由上海国际电影节依托“一带一路”电影节联盟的平台优势发起，向“一带一路”沿线国家的电影节"
            "推荐优秀中国影片和电影人，形成全年展映和全球巡展的联动，促进沿线国家电影人和电影机构"
            "共商、共建、共享，深化电影文化与人才的交流互鉴，促进民心相通。"
        ),
        **PUBLISHED,
    )
    sync(
        TourStop,
        {"tour": tour, "film": films["five-hundred-miles"], "host_edition": editions["moscow_45"]},
        starts_on=datetime.date(2023, 4, 1),
        dates_precision=DatePrecision.MONTH,
        premiere=TourStop.Premiere.INTERNATIONAL,
    )
    return tour
