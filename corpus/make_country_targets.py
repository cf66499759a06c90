"""Write countries.toml from the source table plus the hand-written forms below.

Run from the checkout: ``python corpus/make_country_targets.py``. Each
country of :func:`discourse.corpus.sources.default_table` becomes one target
named after its display name, with its name (unless ``DROP_NAME`` says the
name alone is ambiguous) and the forms in ``FORMS``: adjectives and
demonyms, the capital, common short and former names. ``SHIELDS`` are
targets that are not countries; they exist so that a longer match of them
("Latin America", "Gulf of Guinea", "Paris Agreement") takes its words away
from a country (see :mod:`discourse.analysis.targets`, "overlapping
targets").

Checks on the UNGDC (10,760 speeches; raw token/phrase counts, before shields):
``niger`` 974 vs ``nigeria`` 1,613 (distinct tokens: no glob ``niger*``);
``guinea`` 3,632, of which ``papua new guinea`` 1,098, ``equatorial guinea``
696, ``gulf of guinea`` 87 (all shielded; ``guinea-bissau`` is one token);
``jordan`` 1,712, of which ``jordan river``/``river jordan``/``jordan valley``
55 (shielded); ``georgia`` 1,145, ``south georgia`` 49 (shielded);
``turkey`` 2,137 (the bird: none seen in a sample of lines), ``turkish
cypriot*`` 511 (kept: about the Cyprus question, where Turkey is a party);
``chad`` 2,230 (as a first name: none seen); ``america`` 12,191, of which
``latin america`` 4,807 (shielded), ``american`` 8,903 / ``latin american``
2,388; ``paris`` 3,313 with ``paris agreement`` 1,083: ``paris`` is NOT a
form of France (agreements, conferences); ``beijing`` 474 with ``beijing
platform``/``declaration`` 104 (shielded); ``washington`` 1,163 (kept).
"""

from __future__ import annotations

import json
from pathlib import Path

from discourse.corpus.sources import default_table

HERE = Path(__file__).resolve().parent.parent / "discourse" / "data" / "targets"

# the name alone matches more than this country; its other forms carry it
DROP_NAME = {
    "COD": "'congo' alone is either Congo; the long forms and the capital are kept",
    "COG": "'congo' alone is either Congo; the long forms and the capital are kept",
    "CIV": "kept as 'cote d ivoire' and 'ivory coast' (accent-free forms below)",
    "PRK": "'korea' alone is either Korea",
    "KOR": "'korea' alone is either Korea",
    "TUR": "the display name Türkiye is added below with the older spelling",
    "VAT": "kept as 'holy see' and 'vatican'",
}

# hand-written forms: adjectives/demonyms, capitals, short and former names
FORMS: dict[str, list[str]] = {
    "AFG": ["afghan", "afghans", "afghani", "kabul"],
    "AGO": ["angolan", "angolans", "luanda"],
    "ALB": ["albanian", "albanians", "tirana"],
    "AND": ["andorran", "andorrans"],
    "ARE": ["emirati", "emiratis", "uae", "abu dhabi"],
    "ARG": ["argentine", "argentinian", "argentinians", "argentines", "buenos aires"],
    "ARM": ["armenian", "armenians", "yerevan"],
    "ATG": ["antiguan", "antiguans"],
    "AUS": ["australian", "australians", "canberra"],
    "AUT": ["austrian", "austrians", "vienna"],
    "AZE": ["azerbaijani", "azerbaijanis", "baku"],
    "BDI": ["burundian", "burundians", "bujumbura"],
    "BEL": ["belgian", "belgians", "brussels"],
    "BEN": ["beninese", "porto-novo", "dahomey"],
    "BFA": ["burkinabe", "burkinabè", "ouagadougou", "upper volta"],
    "BGD": ["bangladeshi", "bangladeshis", "dhaka", "dacca"],
    "BGR": ["bulgarian", "bulgarians", "sofia"],
    "BHR": ["bahraini", "bahrainis", "manama"],
    "BHS": ["bahamian", "bahamians", "nassau"],
    "BIH": ["bosnian", "bosnians", "sarajevo", "bosnia", "herzegovina"],
    "BLR": ["belarusian", "belarusians", "minsk", "byelorussia*"],
    "BLZ": ["belizean", "belizeans"],
    "BOL": ["bolivian", "bolivians", "la paz"],
    "BRA": ["brazilian", "brazilians", "brasilia", "brasília"],
    "BRB": ["barbadian", "barbadians", "bridgetown"],
    "BRN": ["bruneian", "brunei darussalam"],
    "BTN": ["bhutanese", "thimphu"],
    "BWA": ["botswanan", "gaborone", "batswana"],
    "CAF": ["central african republic", "bangui"],
    "CAN": ["canadian", "canadians", "ottawa"],
    "CHE": ["swiss", "bern", "berne"],
    "CHL": ["chilean", "chileans", "santiago"],
    "CHN": ["chinese", "beijing", "peking", "prc", "people's republic of china"],
    "CIV": ["côte d'ivoire", "cote d'ivoire", "ivory coast", "ivorian", "ivorians", "abidjan"],
    "CMR": ["cameroonian", "cameroonians", "yaoundé", "yaounde"],
    "COD": [
        "democratic republic of the congo",
        "democratic republic of congo",
        "drc",
        "kinshasa",
        "zaire",
        "zairian",
        "congo-kinshasa",
    ],
    "COG": ["republic of the congo", "republic of congo", "brazzaville", "congo-brazzaville"],
    "COL": ["colombian", "colombians", "bogotá", "bogota"],
    "COM": ["comorian", "comorians", "moroni"],
    "CPV": ["cape verde", "cape verdean", "cabo verdean", "praia"],
    "CRI": ["costa rican", "costa ricans", "san josé"],
    "CSK": ["czechoslovak", "czechoslovakian"],
    "CUB": ["cuban", "cubans", "havana"],
    "CYP": ["cypriot", "cypriots", "nicosia"],
    "CZE": ["czech republic", "czech", "czechs", "prague"],
    "DDR": ["east germany", "east german", "gdr", "east berlin"],
    "DEU": ["german", "germans", "berlin", "bonn", "federal republic of germany", "west germany"],
    "DJI": ["djiboutian", "djiboutians"],
    "DMA": ["commonwealth of dominica"],
    "DNK": ["danish", "danes", "copenhagen"],
    "DOM": ["dominican republic", "santo domingo"],
    "DZA": ["algerian", "algerians", "algiers"],
    "ECU": ["ecuadorian", "ecuadorians", "quito"],
    "EGY": ["egyptian", "egyptians", "cairo"],
    "ERI": ["eritrean", "eritreans", "asmara"],
    "ESP": ["spanish", "spaniards", "madrid"],
    "EST": ["estonian", "estonians", "tallinn"],
    "ETH": ["ethiopian", "ethiopians", "addis ababa"],
    "EU": ["eu", "european union", "european community", "european communities", "brussels"],
    "FIN": ["finnish", "finns", "helsinki"],
    "FJI": ["fijian", "fijians", "suva"],
    "FRA": ["french", "frenchmen"],
    "FSM": ["micronesian", "micronesians", "federated states of micronesia"],
    "GAB": ["gabonese", "libreville"],
    "GBR": [
        "britain",
        "great britain",
        "british",
        "u.k.",
        "london",
        "northern ireland",
    ],
    "GEO": ["georgian", "georgians", "tbilisi"],
    "GHA": ["ghanaian", "ghanaians", "accra"],
    "GIN": ["guinean", "guineans", "conakry", "republic of guinea"],
    "GMB": ["gambian", "gambians", "banjul"],
    "GNB": ["bissau", "bissau-guinean"],
    "GNQ": ["equatorial guinean", "equatoguinean", "malabo"],
    "GRC": ["greek", "greeks", "athens", "hellenic"],
    "GRD": ["grenadian", "grenadians"],
    "GTM": ["guatemalan", "guatemalans", "guatemala city"],
    "GUY": ["guyanese", "georgetown"],
    "HND": ["honduran", "hondurans", "tegucigalpa"],
    "HRV": ["croatian", "croats", "zagreb"],
    "HTI": ["haitian", "haitians", "port-au-prince"],
    "HUN": ["hungarian", "hungarians", "budapest"],
    "IDN": ["indonesian", "indonesians", "jakarta"],
    "IND": ["indian", "indians", "new delhi", "delhi"],
    "IRL": ["irish", "dublin"],
    "IRN": ["iranian", "iranians", "tehran", "teheran", "islamic republic of iran"],
    "IRQ": ["iraqi", "iraqis", "baghdad"],
    "ISL": ["icelandic", "icelanders", "reykjavik"],
    "ISR": ["israeli", "israelis", "tel aviv"],
    "ITA": ["italian", "italians", "rome"],
    "JAM": ["jamaican", "jamaicans", "kingston"],
    "JOR": ["jordanian", "jordanians", "amman", "hashemite kingdom"],
    "JPN": ["japanese", "tokyo"],
    "KAZ": ["kazakh", "kazakhs", "kazakhstani", "astana", "almaty", "nur-sultan"],
    "KEN": ["kenyan", "kenyans", "nairobi"],
    "KGZ": ["kyrgyz", "bishkek", "kirghizia"],
    "KHM": ["cambodian", "cambodians", "phnom penh", "kampuchea*"],
    "KIR": ["i-kiribati", "tarawa"],
    "KNA": ["kittitian", "st. kitts"],
    "KOR": ["republic of korea", "south korea", "south korean", "south koreans", "seoul"],
    "KWT": ["kuwaiti", "kuwaitis"],
    "LAO": ["lao", "laotian", "laotians", "vientiane", "lao people's democratic republic"],
    "LBN": ["lebanese", "beirut"],
    "LBR": ["liberian", "liberians", "monrovia"],
    "LBY": ["libyan", "libyans", "tripoli", "jamahiriya"],
    "LCA": ["saint lucian", "st. lucia"],
    "LIE": ["liechtensteiner"],
    "LKA": ["sri lankan", "sri lankans", "colombo", "ceylon"],
    "LSO": ["basotho", "maseru"],
    "LTU": ["lithuanian", "lithuanians", "vilnius"],
    "LUX": ["luxembourgish", "luxembourger*"],
    "LVA": ["latvian", "latvians", "riga"],
    "MAR": ["moroccan", "moroccans", "rabat"],
    "MCO": ["monegasque"],
    "MDA": ["moldovan", "moldovans", "chisinau"],
    "MDG": ["malagasy", "antananarivo"],
    "MDV": ["maldivian", "maldivians"],
    "MEX": ["mexican", "mexicans", "mexico city"],
    "MHL": ["marshallese", "majuro"],
    "MKD": ["macedonia", "macedonian", "skopje"],
    "MLI": ["malian", "malians", "bamako"],
    "MLT": ["maltese", "valletta"],
    "MMR": ["burma", "burmese", "yangon", "rangoon", "naypyidaw"],
    "MNE": ["montenegrin", "montenegrins", "podgorica"],
    "MNG": ["mongolian", "mongolians", "ulaanbaatar", "ulan bator"],
    "MOZ": ["mozambican", "mozambicans", "maputo"],
    "MRT": ["mauritanian", "mauritanians", "nouakchott"],
    "MUS": ["mauritian", "mauritians", "port louis"],
    "MWI": ["malawian", "malawians", "lilongwe"],
    "MYS": ["malaysian", "malaysians", "kuala lumpur"],
    "NAM": ["namibian", "namibians", "windhoek", "south west africa"],
    "NER": ["nigerien", "nigeriens", "niamey"],
    "NGA": ["nigerian", "nigerians", "abuja", "lagos"],
    "NIC": ["nicaraguan", "nicaraguans", "managua"],
    "NLD": ["dutch", "the hague", "amsterdam", "holland"],
    "NOR": ["norwegian", "norwegians", "oslo"],
    "NPL": ["nepalese", "nepali", "kathmandu"],
    "NRU": ["nauruan"],
    "NZL": ["new zealander*", "wellington"],
    "OMN": ["omani", "omanis", "muscat"],
    "PAK": ["pakistani", "pakistanis", "islamabad"],
    "PAN": ["panamanian", "panamanians", "panama city"],
    "PER": ["peruvian", "peruvians", "lima"],
    "PHL": ["filipino", "filipinos", "philippine", "manila"],
    "PLW": ["palauan"],
    "PNG": ["papua new guinean*", "port moresby"],
    "POL": ["polish", "poles", "warsaw"],
    "PRK": [
        "democratic people's republic of korea",
        "north korea",
        "north korean",
        "north koreans",
        "dprk",
        "pyongyang",
    ],
    "PRT": ["portuguese", "lisbon"],
    "PRY": ["paraguayan", "paraguayans", "asunción", "asuncion"],
    "PSE": ["palestinian", "palestinians", "ramallah", "gaza", "west bank"],
    "QAT": ["qatari", "qataris", "doha"],
    "ROU": ["romanian", "romanians", "bucharest", "rumania"],
    "RUS": [
        "russian",
        "russians",
        "russian federation",
        "moscow",
        "kremlin",
        "soviet union",
        "soviet",
        "ussr",
        "u.s.s.r.",
    ],
    "RWA": ["rwandan", "rwandans", "kigali"],
    "SAU": ["saudi", "saudis", "riyadh"],
    "SDN": ["sudanese", "khartoum"],
    "SEN": ["senegalese", "dakar"],
    "SGP": ["singaporean", "singaporeans"],
    "SLB": ["solomon islander*", "honiara"],
    "SLE": ["sierra leonean", "sierra leoneans", "freetown"],
    "SLV": ["salvadoran", "salvadorans", "salvadorean", "san salvador"],
    "SMR": ["sammarinese"],
    "SOM": ["somali", "somalis", "mogadishu"],
    "SRB": ["serbian", "serbs", "belgrade"],
    "SSD": ["south sudanese", "juba"],
    "STP": ["são tomé", "sao tome"],
    "SUR": ["surinamese", "paramaribo"],
    "SVK": ["slovak", "slovaks", "bratislava"],
    "SVN": ["slovenian", "slovenians", "slovene", "ljubljana"],
    "SWE": ["swedish", "swedes", "stockholm"],
    "SWZ": ["swazi", "swaziland", "mbabane"],
    "SYC": ["seychellois", "victoria"],
    "SYR": ["syrian", "syrians", "damascus", "syrian arab republic"],
    "TCD": ["chadian", "chadians", "djamena"],
    "TGO": ["togolese", "lomé", "lome"],
    "THA": ["thai", "thais", "bangkok"],
    "TJK": ["tajik", "tajiks", "tajikistani", "dushanbe"],
    "TKM": ["turkmen", "ashgabat"],
    "TLS": ["east timor", "timorese", "dili"],
    "TON": ["tongan", "tongans", "nuku'alofa"],
    "TTO": ["trinidadian", "trinidad", "tobago", "port of spain"],
    "TUN": ["tunisian", "tunisians", "tunis"],
    "TUR": ["türkiye", "turkiye", "turkey", "turkish", "turks", "ankara"],
    "TUV": ["tuvaluan"],
    "TZA": ["tanzanian", "tanzanians", "dodoma", "dar es salaam"],
    "UGA": ["ugandan", "ugandans", "kampala"],
    "UKR": ["ukrainian", "ukrainians", "kyiv", "kiev"],
    "URY": ["uruguayan", "uruguayans", "montevideo"],
    "USA": [
        "united states of america",
        "u.s.",
        "usa",
        "america",
        "american",
        "americans",
        "washington",
    ],
    "UZB": ["uzbek", "uzbeks", "tashkent"],
    "VAT": ["holy see", "vatican"],
    "VCT": ["vincentian", "st. vincent"],
    "VEN": ["venezuelan", "venezuelans", "caracas"],
    "VNM": ["viet nam", "vietnamese", "hanoi"],
    "VUT": ["ni-vanuatu", "port vila"],
    "WSM": ["samoan", "samoans", "apia", "western samoa"],
    "YEM": ["yemeni", "yemenis", "sanaa", "sana'a"],
    "YMD": ["south yemen", "democratic yemen", "aden"],
    "YUG": ["yugoslav", "yugoslavs", "yugoslavian"],
    "ZAF": ["south african", "south africans", "pretoria"],
    "ZMB": ["zambian", "zambians", "lusaka"],
    "ZWE": ["zimbabwean", "zimbabweans", "harare", "rhodesia*"],
}

# not countries: their longer matches take words away from a country
SHIELDS: dict[str, tuple[str, list[str]]] = {
    "Latin America": (
        "regions of the Americas: keeps 'america'/'american' for the United States",
        [
            "latin america",
            "latin american",
            "latin americans",
            "south america",
            "south american",
            "central america",
            "central american",
            "north america",
            "north american",
            "american continent",
            "american indians",
        ],
    ),
    "Seas and regions": (
        "place names that contain a country's name",
        [
            "gulf of guinea",
            "new guinea",
            "south china sea",
            "east china sea",
            "indian ocean",
            "jordan river",
            "river jordan",
            "jordan valley",
            "niger river",
            "river niger",
            "niger delta",
            "south georgia",
            "persian gulf",
        ],
    ),
    "Named agreements": (
        "agreements, conferences and programmes named after a capital",
        [
            "paris agreement",
            "paris climate agreement",
            "paris peace agreements",
            "beijing declaration",
            "beijing platform",
            "beijing conference",
            "vienna convention",
            "vienna declaration",
            "lima declaration",
            "rome statute",
            "treaty of rome",
            "washington consensus",
            "lagos plan",
            "mexico city policy",
            "santiago declaration",
        ],
    ),
}


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def main() -> None:
    table = default_table()
    out = [
        "# Countries as targets: who talks ABOUT Syria, China, the United States ...",
        "# Generated by corpus/make_country_targets.py from the source table plus hand-written forms;",
        "# edit that script, not this file; checks: corpus/make_country_targets.py docstring.",
        "# One target per country, named after its display name; description = its code.",
        'name = "countries"',
        'description = "UN member states and former states as targets of speech"',
        "",
    ]
    for code in table.codes:
        name = table.name(code)
        terms = [] if code in DROP_NAME else [name.lower()]
        for t in FORMS.get(code, []):
            if t not in terms:
                terms.append(t)
        if not terms:
            continue
        out.append(f"[frames.{_q(name)}]")
        out.append(f"description = {_q(code)}")
        out.append("terms = [" + ", ".join(_q(t) for t in terms) + "]")
        out.append("")
    for name, (desc, terms) in SHIELDS.items():
        out.append(f"[frames.{_q(name)}]")
        out.append(f"description = {_q('shield: ' + desc)}")
        out.append("terms = [" + ", ".join(_q(t) for t in terms) + "]")
        out.append("")
    (HERE / "countries.toml").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
