"""Sources, countries, institutions, festival editions, the alliance and its members."""

import datetime

from alliance.continents import add_missing_countries
from alliance.models import (
    Alliance,
    AllianceItem,
    AllianceUnit,
    Country,
    CountryGroup,
    FestivalEdition,
    Institution,
    InstitutionKind,
    Membership,
    Milestone,
    Source,
)
from config.demo.sync import sync, sync_set
from core.models import DatePrecision, Status

PUBLISHED = {"status": Status.PUBLISHED}

SCO_MEMBER_STATES = ["BY", "CN", "IN", "IR", "KZ", "KG", "PK", "RU", "TJ", "UZ"]


def load_sources():
    return {
        "film_week_2023": sync(
            Source,
            {
                "title": "The Belt and Road Film Week | Zhao Tao and Lei Jiayin invited as "
                "Promotion Ambassadors"
            },
            title_zh="“一带一路”电影周｜赵涛、雷佳音受邀担任推广大使",
            publisher="Shanghai International Film Festival",
            publisher_zh="上海国际电影节",
            published_on=None,
        ),
        "alliance_intro": sync(
            Source,
            {"title": "Introduction to the Alliance"},
            title_zh="联盟简介",
            publisher="Belt and Road Film Festival Alliance",
            publisher_zh="“一带一路”电影节联盟",
            published_on=datetime.date(2020, 6, 4),
        ),
        "sco_week": sync(
            Source,
            {
                "title": "China's Qingdao cements SCO's cultural \"silk road\" as hub for "
                "multinational cinematic collaboration"
            },
            title_zh="青岛助力上合组织文化“丝绸之路”，打造多国电影合作枢纽",
            publisher="",
            publisher_zh="",
            published_on=None,
        ),
    }


def load_countries():
    """A flushed database (`manage.py flush`, or a test after a transactional one) has lost the
    countries migration 0003 made."""
    add_missing_countries(Country)


def load_country_groups():
    group = sync(
        CountryGroup,
        {"slug": "sco-member-states"},
        name_en="SCO member states",
        name_zh="上海合作组织成员国",
        description_en="The member states of the Shanghai Cooperation Organisation.",
        description_zh="上海合作组织的成员国。",
    )
    sync_set(group.countries, list(Country.objects.filter(code__in=SCO_MEMBER_STATES)))
    return {"sco": group}


def _institution(slug, name_en, name_zh, kind, country, **extra):
    country_obj = Country.objects.get(code=country) if country else None
    defaults = {
        "short_name": "",
        "city_en": "",
        "city_zh": "",
        "website": "",
        "description_en": "",
        "description_zh": "",
    }
    defaults.update(extra)
    return sync(
        Institution,
        {"slug": slug},
        name_en=name_en,
        name_zh=name_zh,
        kind=kind,
        country=country_obj,
        **defaults,
        **PUBLISHED,
    )


def load_institutions():
    K = InstitutionKind
    return {
        "siff": _institution(
            "shanghai-international-film-festival",
            "Shanghai International Film Festival",
            "上海国际电影节",
            K.FESTIVAL,
            "CN",
            short_name="SIFF",
            city_en="Shanghai",
            city_zh="上海",
            description_en=(
                "Its Organizing Committee initiated the Belt and Road Film Festival Alliance in "
                '2018. The "Silk Road" film exhibition unit was established at the 2015 '
                'festival, and in 2016 "the Belt and Road" became a permanent unit of its '
                "international exhibition module. The festival runs the Belt and Road Film Week "
                "and the Belt and Road Film Tour."
            ),
            description_zh=(
                "2018年，上海国际电影节组委会发起成立“一带一路”电影节联盟。2015年上海国际电影节"
                "设立“丝绸之路”电影展映单元，2016年“一带一路”成为国际展映板块的常设单元。"
                "电影节举办“一带一路”电影周和“一带一路”电影巡展。"
            ),
        ),
        "durban": _institution(
            "durban-international-film-festival",
            "Durban International Film Festival",
            "德班国际电影节",
            K.FESTIVAL,
            "ZA",
            short_name="DIFF",
            city_en="Durban",
            city_zh="德班",
            description_en=(
                "Officially joined the Belt and Road Film Festival Alliance in April 2020, the "
                "second African institution in the alliance."
            ),
            description_zh="2020年4月正式加入“一带一路”电影节联盟，是联盟的第二家非洲机构。",
        ),
        "moscow": _institution(
            "moscow-international-film-festival",
            "Moscow International Film Festival",
            "莫斯科国际电影节",
            K.FESTIVAL,
            "RU",
            city_en="Moscow",
            city_zh="莫斯科",
        ),
        "rome": _institution(
            "rome-international-film-festival",
            "Rome International Film Festival",
            "罗马国际电影节",
            K.FESTIVAL,
            "IT",
            city_en="Rome",
            city_zh="罗马",
        ),
        "donatello": _institution(
            "david-di-donatello-awards",
            "David di Donatello Awards",
            "大卫·迪·多纳泰罗奖",
            K.AWARD_BODY,
            "IT",
        ),
        "golden_eagle": _institution(
            "china-tv-golden-eagle-awards",
            "China TV Golden Eagle Awards",
            "中国电视金鹰奖",
            K.AWARD_BODY,
            "CN",
        ),
        "sfa": _institution(
            "state-film-administration",
            "State Film Administration",
            "国家电影局",
            K.GOVERNMENT,
            "CN",
        ),
        "cmg": _institution(
            "china-media-group",
            "China Media Group",
            "中央广播电视总台",
            K.MEDIA,
            "CN",
        ),
        "shanghai_government": _institution(
            "shanghai-municipal-peoples-government",
            "Shanghai Municipal People's Government",
            "上海市人民政府",
            K.GOVERNMENT,
            "CN",
            city_en="Shanghai",
            city_zh="上海",
        ),
        "qofm": _institution(
            "qingdao-oriental-film-metropolis",
            "Qingdao Oriental Film Metropolis",
            "青岛东方影都",
            K.PRODUCTION_BASE,
            "CN",
            city_en="Qingdao",
            city_zh="青岛",
            description_en=(
                'A production base for major films including "Wandering Earth 2" and "Pacific '
                'Rim: Uprising". It continues to attract international filmmakers with its '
                "advanced facilities and supportive policies, and the expertise and craftsmanship "
                "at the complex have drawn praise from industry veterans."
            ),
            description_zh=(
                "《流浪地球2》《环太平洋：雷霆再起》等大片的拍摄基地，以先进的设施和扶持政策"
                "持续吸引国际电影人，其专业水准与工艺受到业内资深人士的赞誉。"
            ),
        ),
        "russian_embassy": _institution(
            "embassy-of-russia-in-china",
            "Embassy of the Russian Federation in China",
            "俄罗斯驻华大使馆",
            K.GOVERNMENT,
            "RU",
        ),
        "sco": _institution(
            "shanghai-cooperation-organisation",
            "Shanghai Cooperation Organisation",
            "上海合作组织",
            K.INTERNATIONAL,
            None,
            short_name="SCO",
        ),
    }


def _edition(institution, year, number=None, **dates):
    return sync(
        FestivalEdition,
        {"institution": institution, "year": year},
        number=number,
        **dates,
    )


def load_editions(inst):
    return {
        "siff_21": _edition(inst["siff"], 2018, 21),
        "siff_22": _edition(inst["siff"], 2019, 22),
        "siff_25": _edition(inst["siff"], 2023, 25),
        "rome_7": _edition(inst["rome"], 2012, 7),
        "durban_2022": _edition(inst["durban"], 2022),
        "moscow_45": _edition(
            inst["moscow"],
            2023,
            45,
            starts_on=datetime.date(2023, 4, 1),
            dates_precision=DatePrecision.MONTH,
        ),
    }


CRITERIA = [
    (
        "An important film festival or film institution of local country, with a certain influence "
        "in the surrounding area;",
        "所在国家重要的电影节或电影机构，在周边地区具有一定影响力；",
    ),
    (
        "Strong curatorial and industrial resources to help other alliance members understand the "
        "country's films, invite films and filmmakers;",
        "拥有较强的策展和产业资源，能够帮助其他联盟成员了解本国电影、邀请影片和电影人；",
    ),
    (
        "Actively organize cross-regional and cross-cultural film exchange activities;",
        "积极组织跨区域、跨文化的电影交流活动；",
    ),
    (
        "Applicants introduced and recommended by the Alliance members are preferred;",
        "经联盟成员介绍和推荐的申请者优先；",
    ),
]

SCOPE = [
    (
        "Taking film as the carrier, to enhance the dissemination and exchange of culture and art "
        "among countries;",
        "以电影为载体，促进各国文化艺术的传播与交流；",
    ),
    (
        "Taking film as the carrier, to enhance the understanding and dissemination of culture and "
        "customs among countries;",
        "以电影为载体，增进各国对彼此文化习俗的了解与传播；",
    ),
    (
        "To facilitate exhibitions and other activities of films from various countries at film "
        "festivals or film institutions in other countries;",
        "推动各国影片在他国电影节或电影机构的展映等活动；",
    ),
    (
        "To promote mutual recommendation of film festival judges, guests and guests of exhibition "
        "activities among countries;",
        "推动各国之间互荐电影节评委、嘉宾及展映活动嘉宾；",
    ),
    (
        "To strengthen exchanges and cooperation in film production, co-production and "
        "distribution among countries;",
        "加强各国在电影制作、合拍和发行方面的交流与合作；",
    ),
    (
        "To establish and push forward film information sharing mechanism among signatories",
        "建立并推进成员之间的电影信息共享机制",
    ),
]


def load_alliance(inst, editions, sources):
    alliance = sync(
        Alliance,
        {"slug": "belt-and-road-film-festival-alliance"},
        name_en="Belt and Road Film Festival Alliance",
        name_zh="“一带一路”电影节联盟",
        founded_on=datetime.date(2018, 6, 16),
        initiator=inst["siff"],
        founded_during=editions["siff_21"],
        description_en=(
            "Initiated by the Organizing Committee of Shanghai International Film Festival under "
            "the background of the Belt and Road Initiative, the Alliance makes mutual "
            "recommendation of films and exchanges among filmmakers as its core, aiming to "
            "jointly enhance film curatorial capability, promote mutual understanding among "
            "filmmakers, push forward film collaborative programs and strengthen film cultural "
            "exchanges among countries, so as to establish a close information sharing mechanism "
            "and explore the development mode for film festivals in the future."
        ),
        description_zh=(
            "联盟由上海国际电影节组委会在“一带一路”倡议背景下发起，以影片互荐和电影人交流为"
            "核心，旨在共同提升电影策展能力，促进电影人之间的相互了解，推动电影合作项目，加强"
            "各国电影文化交流，建立紧密的信息共享机制，探索未来电影节的发展模式。"
        ),
        background_en=(
            'The "Silk Road" film exhibition unit was established at 2015 Shanghai International '
            'Film Festival. In 2016, "the Belt and Road" was set to be a permanent unit of the '
            "international exhibition module. Relative cooperation mechanisms and MOUs were "
            "signed with many countries for two consecutive years. In 2018, the Belt and Road "
            'Film Festival Alliance was founded and "the Belt and Road" Film Week was set up to '
            "explore diverse ways of cooperation with an open and inclusive mind, foster mutual "
            'exchanges with film practitioners in countries along "the Belt and Road", and '
            "promote film cooperation to greater depths, which has received a positive response "
            'from film institutions along "the Belt and Road" and more global film '
            "counterparts. Taking film as the medium, everyone learns and draws inspiration from "
            "each other through active participation, which reflects a good wish of filmmakers "
            "from various countries for strengthened film cooperations and deepened cultural and "
            "educational exchanges."
        ),
        background_zh=(
            "2015年上海国际电影节设立“丝绸之路”电影展映单元；2016年“一带一路”成为国际展映板块"
            "的常设单元，连续两年与多国签署相关合作机制和谅解备忘录。2018年，“一带一路”电影节"
            "联盟成立，“一带一路”电影周同时设立，以开放包容的姿态探索多元合作方式，促进与"
            "“一带一路”沿线国家电影人的交流，推动电影合作走向深入，得到沿线电影机构和更多全球"
            "同行的积极响应。"
        ),
        **PUBLISHED,
    )
    for kind, items in ((AllianceItem.Kind.CRITERION, CRITERIA), (AllianceItem.Kind.SCOPE, SCOPE)):
        for position, (text_en, text_zh) in enumerate(items, start=1):
            sync(
                AllianceItem,
                {"alliance": alliance, "kind": kind, "position": position},
                text_en=text_en,
                text_zh=text_zh,
            )
    units = [
        (inst["sfa"], AllianceUnit.Role.GUIDING, 1),
        (inst["cmg"], AllianceUnit.Role.HOST, 1),
        (inst["shanghai_government"], AllianceUnit.Role.HOST, 2),
    ]
    for institution, role, position in units:
        sync(
            AllianceUnit,
            {"alliance": alliance, "institution": institution, "role": role},
            position=position,
        )
    milestones = [
        (
            datetime.date(2018, 6, 16),
            DatePrecision.DAY,
            31,
            29,
            "At founding",
            "成立时",
            sources["alliance_intro"],
        ),
        (
            datetime.date(2020, 5, 1),
            DatePrecision.MONTH,
            49,
            43,
            "As of May 2020",
            "截至2020年5月",
            sources["alliance_intro"],
        ),
        (
            datetime.date(2023, 1, 1),
            DatePrecision.YEAR,
            55,
            48,
            "In 2023",
            "2023年",
            sources["film_week_2023"],
        ),
    ]
    for reported_on, precision, members, countries, label_en, label_zh, source in milestones:
        sync(
            Milestone,
            {"alliance": alliance, "reported_on": reported_on},
            reported_precision=precision,
            members=members,
            countries=countries,
            label_en=label_en,
            label_zh=label_zh,
            source=source,
        )
    return alliance


def load_memberships(alliance, inst, sources):
    sync(
        Membership,
        {"institution": inst["siff"], "alliance": alliance, "left_on": None},
        joined_on=alliance.founded_on,
        joined_precision=DatePrecision.DAY,
        is_founding=True,
        note_en="Its Organizing Committee initiated the alliance.",
        note_zh="其组委会发起成立了联盟。",
        source=sources["alliance_intro"],
    )
    sync(
        Membership,
        {"institution": inst["durban"], "alliance": alliance, "left_on": None},
        joined_on=datetime.date(2020, 4, 1),
        joined_precision=DatePrecision.MONTH,
        is_founding=False,
        note_en="The second African institution to join the alliance.",
        note_zh="联盟的第二家非洲机构。",
        source=sources["film_week_2023"],
    )
