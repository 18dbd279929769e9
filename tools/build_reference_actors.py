# The tables hold real names: typographic apostrophes are deliberate, and table rows may run long.
"""Write ``ingest/data/reference-actors.ttl`` from the tables below.

The Turtle file is the shipped artefact and is committed; this script only exists so that 193 states and a few
hundred organisations and people can be kept consistent (IRIs from ``slug()``, one post node per post, the
spokesperson -> ``al:speaksFor`` rule) without typing every IRI by hand. Edit the tables, run

    .venv/bin/python tools/build_reference_actors.py

and commit both files. ``tests/test_reference_actors.py`` fails when the Turtle and this script disagree.

Rules the tables follow:

* A label is the canonical English name; aliases are the forms English-language news actually prints. They
  become entity-ruler patterns, so a bad alias is a false positive in every document. Bare surnames are only
  given where they are distinctive (``Lavrov``, not ``Carter`` or ``Johnson``); bare organisation-relative forms
  (``the Defense Ministry``) are never aliases, code resolves them against context.
* Capitals are ``al:capital`` values, never aliases of a government; metonymy is resolved in code.
* Wikidata links come only from ``/work/shared/reference/wikidata-qids.tsv`` rows marked ``verified`` or
  ``well-known`` (copied into ``WIKIDATA`` below); everything else goes without a link.
* No ``al:backs``/``al:opposes`` or other alignment facts: those need a document as evidence. Only structural
  facts (a ministry is part of its government, a state is a UN member, a group was renamed) are stated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from allegiance.config import DEFAULT_BASE_IRI
from allegiance.iris import Minter, slug
from allegiance.namespaces import ROLES

REPO = Path(__file__).resolve().parents[1]

OUT = REPO / "ingest" / "data" / "reference-actors.ttl"


# label -> QID, only rows of the shared table with confidence 'verified' or 'well-known'.
WIKIDATA: dict[str, str] = {
    "Russia": "Q159",
    "United States": "Q30",
    "Syria": "Q858",
    "Turkey": "Q43",
    "Iran": "Q794",
    "Saudi Arabia": "Q851",
    "United Arab Emirates": "Q878",
    "Egypt": "Q79",
    "Qatar": "Q846",
    "France": "Q142",
    "United Kingdom": "Q145",
    "Germany": "Q183",
    "China": "Q148",
    "Ukraine": "Q212",
    "Yemen": "Q805",
    "Libya": "Q1016",
    "Iraq": "Q796",
    "Jordan": "Q810",
    "Israel": "Q801",
    "Lebanon": "Q822",
    "United Nations": "Q1065",
    "United Nations Security Council": "Q37470",
    "NATO": "Q7184",
    "European Union": "Q458",
    "Islamic State": "Q2429253",
}

# Rows of the shared table we deliberately leave unlinked (single source or probable): written as comments.
UNLINKED = {
    "UN Office for the Coordination of Humanitarian Affairs": "single source",
    "People's Protection Units": "single source",
    "John Kerry": "single source",
    "Bashar al-Assad": "probable",
}


@dataclass
class Actor:
    label: str
    cls: str
    alt: list[str] = field(default_factory=list)
    note: str = ""
    part_of: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    renamed_to: str | None = None
    government_of: str | None = None
    capital: list[str] = field(default_factory=list)
    demonym: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


@dataclass
class Post:
    person: str
    role: str
    org: str
    start: str | None = None
    end: str | None = None


SECTIONS: list[tuple[str, str, list[Actor]]] = []
POSTS: list[Post] = []


def section(title: str, intro: str, actors: list[Actor]) -> None:
    SECTIONS.append((title, intro, actors))


def A(label: str, cls: str, *alt: str, **kw) -> Actor:  # short constructors keep the tables readable
    return Actor(label, cls, list(alt), **kw)


# ---------------------------------------------------------------------------------------------------------
# 1. States. One row per UN member state: label | capital(s) | demonym(s) | aliases ("," separates values).
# ---------------------------------------------------------------------------------------------------------

UN_MEMBER_STATES = """
Afghanistan | Kabul | Afghan | Islamic Republic of Afghanistan, Islamic Emirate of Afghanistan
Albania | Tirana | Albanian | Republic of Albania
Algeria | Algiers | Algerian | People's Democratic Republic of Algeria
Andorra | Andorra la Vella | Andorran | Principality of Andorra
Angola | Luanda | Angolan | Republic of Angola
Antigua and Barbuda | St. John's, Saint John's | Antiguan, Barbudan |
Argentina | Buenos Aires | Argentine, Argentinian | Argentine Republic
Armenia | Yerevan | Armenian | Republic of Armenia
Australia | Canberra | Australian | Commonwealth of Australia
Austria | Vienna | Austrian | Republic of Austria
Azerbaijan | Baku | Azerbaijani, Azeri | Republic of Azerbaijan
Bahamas | Nassau | Bahamian | Commonwealth of The Bahamas
Bahrain | Manama | Bahraini | Kingdom of Bahrain
Bangladesh | Dhaka | Bangladeshi | People's Republic of Bangladesh
Barbados | Bridgetown | Barbadian |
Belarus | Minsk | Belarusian | Republic of Belarus, Byelorussia
Belgium | Brussels | Belgian | Kingdom of Belgium
Belize | Belmopan | Belizean |
Benin | Porto-Novo, Cotonou | Beninese | Republic of Benin
Bhutan | Thimphu | Bhutanese | Kingdom of Bhutan
Bolivia | Sucre, La Paz | Bolivian | Plurinational State of Bolivia
Bosnia and Herzegovina | Sarajevo | Bosnian, Herzegovinian | Bosnia-Herzegovina, Bosnia
Botswana | Gaborone | Botswanan, Batswana | Republic of Botswana
Brazil | Brasília, Brasilia | Brazilian | Federative Republic of Brazil
Brunei | Bandar Seri Begawan | Bruneian | Brunei Darussalam
Bulgaria | Sofia | Bulgarian | Republic of Bulgaria
Burkina Faso | Ouagadougou | Burkinabè, Burkinabe |
Burundi | Gitega, Bujumbura | Burundian | Republic of Burundi
Cabo Verde | Praia | Cabo Verdean, Cape Verdean | Cape Verde, Republic of Cabo Verde
Cambodia | Phnom Penh | Cambodian | Kingdom of Cambodia
Cameroon | Yaoundé, Yaounde | Cameroonian | Republic of Cameroon
Canada | Ottawa | Canadian |
Central African Republic | Bangui | Central African |
Chad | N'Djamena, N’Djamena, Ndjamena | Chadian | Republic of Chad
Chile | Santiago | Chilean | Republic of Chile
China | Beijing | Chinese | People's Republic of China, People’s Republic of China, PRC
Colombia | Bogotá, Bogota | Colombian | Republic of Colombia
Comoros | Moroni | Comorian | Union of the Comoros
Costa Rica | San José, San Jose | Costa Rican | Republic of Costa Rica
Côte d'Ivoire | Yamoussoukro | Ivorian | Ivory Coast, Cote d'Ivoire, Côte d’Ivoire, Cote d’Ivoire, Republic of Côte d'Ivoire
Croatia | Zagreb | Croatian | Republic of Croatia
Cuba | Havana | Cuban | Republic of Cuba
Cyprus | Nicosia | Cypriot | Republic of Cyprus
Czech Republic | Prague | Czech | Czechia
Democratic Republic of the Congo | Kinshasa | Congolese | DR Congo, DRC, Congo-Kinshasa, Democratic Republic of Congo
Denmark | Copenhagen | Danish | Kingdom of Denmark
Djibouti | Djibouti | Djiboutian | Republic of Djibouti
Dominica | Roseau | Dominican | Commonwealth of Dominica
Dominican Republic | Santo Domingo | Dominican |
Ecuador | Quito | Ecuadorian | Republic of Ecuador
Egypt | Cairo | Egyptian | Arab Republic of Egypt
El Salvador | San Salvador | Salvadoran | Republic of El Salvador
Equatorial Guinea | Malabo | Equatorial Guinean, Equatoguinean | Republic of Equatorial Guinea
Eritrea | Asmara | Eritrean | State of Eritrea
Estonia | Tallinn | Estonian | Republic of Estonia
Eswatini | Mbabane | Swazi | Swaziland, Kingdom of Eswatini
Ethiopia | Addis Ababa | Ethiopian | Federal Democratic Republic of Ethiopia
Fiji | Suva | Fijian | Republic of Fiji
Finland | Helsinki | Finnish | Republic of Finland
France | Paris | French | French Republic
Gabon | Libreville | Gabonese | Gabonese Republic
Gambia | Banjul | Gambian | Republic of The Gambia
Georgia | Tbilisi | Georgian |
Germany | Berlin | German | Federal Republic of Germany
Ghana | Accra | Ghanaian | Republic of Ghana
Greece | Athens | Greek | Hellenic Republic
Grenada | St. George's, Saint George's | Grenadian |
Guatemala | Guatemala City | Guatemalan | Republic of Guatemala
Guinea | Conakry | Guinean | Republic of Guinea, Guinea-Conakry
Guinea-Bissau | Bissau | Bissau-Guinean | Republic of Guinea-Bissau
Guyana | Georgetown | Guyanese | Co-operative Republic of Guyana
Haiti | Port-au-Prince | Haitian | Republic of Haiti
Honduras | Tegucigalpa | Honduran | Republic of Honduras
Hungary | Budapest | Hungarian |
Iceland | Reykjavík, Reykjavik | Icelandic |
India | New Delhi | Indian | Republic of India
Indonesia | Jakarta | Indonesian | Republic of Indonesia
Iran | Tehran | Iranian | Islamic Republic of Iran
Iraq | Baghdad | Iraqi | Republic of Iraq
Ireland | Dublin | Irish | Republic of Ireland
Israel | Jerusalem | Israeli | State of Israel
Italy | Rome | Italian | Italian Republic
Jamaica | Kingston | Jamaican |
Japan | Tokyo | Japanese |
Jordan | Amman | Jordanian | Hashemite Kingdom of Jordan
Kazakhstan | Astana, Nur-Sultan | Kazakh, Kazakhstani | Republic of Kazakhstan
Kenya | Nairobi | Kenyan | Republic of Kenya
Kiribati | Tarawa, South Tarawa | I-Kiribati | Republic of Kiribati
Kuwait | Kuwait City | Kuwaiti | State of Kuwait
Kyrgyzstan | Bishkek | Kyrgyz | Kyrgyz Republic
Laos | Vientiane | Lao, Laotian | Lao People's Democratic Republic, Lao PDR
Latvia | Riga | Latvian | Republic of Latvia
Lebanon | Beirut | Lebanese | Lebanese Republic
Lesotho | Maseru | Basotho | Kingdom of Lesotho
Liberia | Monrovia | Liberian | Republic of Liberia
Libya | Tripoli | Libyan | State of Libya
Liechtenstein | Vaduz | Liechtensteiner | Principality of Liechtenstein
Lithuania | Vilnius | Lithuanian | Republic of Lithuania
Luxembourg | Luxembourg | Luxembourgish | Grand Duchy of Luxembourg
Madagascar | Antananarivo | Malagasy | Republic of Madagascar
Malawi | Lilongwe | Malawian | Republic of Malawi
Malaysia | Kuala Lumpur, Putrajaya | Malaysian |
Maldives | Malé, Male | Maldivian | Republic of Maldives
Mali | Bamako | Malian | Republic of Mali
Malta | Valletta | Maltese | Republic of Malta
Marshall Islands | Majuro | Marshallese | Republic of the Marshall Islands
Mauritania | Nouakchott | Mauritanian | Islamic Republic of Mauritania
Mauritius | Port Louis | Mauritian | Republic of Mauritius
Mexico | Mexico City | Mexican | United Mexican States
Micronesia | Palikir | Micronesian | Federated States of Micronesia
Moldova | Chișinău, Chisinau | Moldovan | Republic of Moldova
Monaco | Monaco | Monegasque, Monégasque | Principality of Monaco
Mongolia | Ulaanbaatar, Ulan Bator | Mongolian |
Montenegro | Podgorica | Montenegrin |
Morocco | Rabat | Moroccan | Kingdom of Morocco
Mozambique | Maputo | Mozambican | Republic of Mozambique
Myanmar | Naypyidaw, Nay Pyi Taw | Burmese | Burma, Republic of the Union of Myanmar
Namibia | Windhoek | Namibian | Republic of Namibia
Nauru | Yaren | Nauruan | Republic of Nauru
Nepal | Kathmandu | Nepali, Nepalese | Federal Democratic Republic of Nepal
Netherlands | Amsterdam | Dutch | Kingdom of the Netherlands, Holland
New Zealand | Wellington | New Zealander |
Nicaragua | Managua | Nicaraguan | Republic of Nicaragua
Niger | Niamey | Nigerien | Republic of the Niger, Republic of Niger
Nigeria | Abuja | Nigerian | Federal Republic of Nigeria
North Korea | Pyongyang | North Korean | Democratic People's Republic of Korea, Democratic People’s Republic of Korea, DPRK
North Macedonia | Skopje | Macedonian, North Macedonian | Macedonia, Republic of North Macedonia, Former Yugoslav Republic of Macedonia, FYROM
Norway | Oslo | Norwegian | Kingdom of Norway
Oman | Muscat | Omani | Sultanate of Oman
Pakistan | Islamabad | Pakistani | Islamic Republic of Pakistan
Palau | Ngerulmud | Palauan | Republic of Palau
Panama | Panama City | Panamanian | Republic of Panama
Papua New Guinea | Port Moresby | Papua New Guinean |
Paraguay | Asunción, Asuncion | Paraguayan | Republic of Paraguay
Peru | Lima | Peruvian | Republic of Peru
Philippines | Manila | Filipino, Philippine | Republic of the Philippines
Poland | Warsaw | Polish | Republic of Poland
Portugal | Lisbon | Portuguese | Portuguese Republic
Qatar | Doha | Qatari | State of Qatar
Republic of the Congo | Brazzaville | Congolese | Congo-Brazzaville, Republic of Congo
Romania | Bucharest | Romanian |
Russia | Moscow | Russian | Russian Federation
Rwanda | Kigali | Rwandan | Republic of Rwanda
Saint Kitts and Nevis | Basseterre | Kittitian, Nevisian | St Kitts and Nevis, St. Kitts and Nevis
Saint Lucia | Castries | Saint Lucian | St Lucia, St. Lucia
Saint Vincent and the Grenadines | Kingstown | Vincentian | St Vincent and the Grenadines, St. Vincent and the Grenadines
Samoa | Apia | Samoan | Independent State of Samoa
San Marino | San Marino | Sammarinese | Republic of San Marino
São Tomé and Príncipe | São Tomé, Sao Tome | São Toméan, Santomean | Sao Tome and Principe
Saudi Arabia | Riyadh | Saudi, Saudi Arabian | Kingdom of Saudi Arabia, KSA
Senegal | Dakar | Senegalese | Republic of Senegal
Serbia | Belgrade | Serbian | Republic of Serbia
Seychelles | Victoria | Seychellois | Republic of Seychelles
Sierra Leone | Freetown | Sierra Leonean | Republic of Sierra Leone
Singapore | Singapore | Singaporean | Republic of Singapore
Slovakia | Bratislava | Slovak | Slovak Republic
Slovenia | Ljubljana | Slovenian, Slovene | Republic of Slovenia
Solomon Islands | Honiara | Solomon Islander |
Somalia | Mogadishu | Somali | Federal Republic of Somalia
South Africa | Pretoria | South African | Republic of South Africa
South Korea | Seoul | South Korean | Republic of Korea, ROK
South Sudan | Juba | South Sudanese | Republic of South Sudan
Spain | Madrid | Spanish | Kingdom of Spain
Sri Lanka | Sri Jayawardenepura Kotte, Colombo | Sri Lankan | Democratic Socialist Republic of Sri Lanka
Sudan | Khartoum | Sudanese | Republic of the Sudan, Republic of Sudan
Suriname | Paramaribo | Surinamese | Republic of Suriname
Sweden | Stockholm | Swedish | Kingdom of Sweden
Switzerland | Bern, Berne | Swiss | Swiss Confederation
Syria | Damascus | Syrian | Syrian Arab Republic
Tajikistan | Dushanbe | Tajik, Tajikistani | Republic of Tajikistan
Tanzania | Dodoma | Tanzanian | United Republic of Tanzania
Thailand | Bangkok | Thai | Kingdom of Thailand
Timor-Leste | Dili | Timorese | East Timor, Democratic Republic of Timor-Leste
Togo | Lomé, Lome | Togolese | Togolese Republic
Tonga | Nukuʻalofa, Nuku'alofa | Tongan | Kingdom of Tonga
Trinidad and Tobago | Port of Spain | Trinidadian, Tobagonian | Republic of Trinidad and Tobago
Tunisia | Tunis | Tunisian | Republic of Tunisia
Turkey | Ankara | Turkish | Türkiye, Turkiye, Republic of Turkey, Republic of Türkiye
Turkmenistan | Ashgabat | Turkmen |
Tuvalu | Funafuti | Tuvaluan |
Uganda | Kampala | Ugandan | Republic of Uganda
Ukraine | Kyiv, Kiev | Ukrainian |
United Arab Emirates | Abu Dhabi | Emirati | UAE, U.A.E., the Emirates
United Kingdom | London | British | UK, U.K., Britain, Great Britain, United Kingdom of Great Britain and Northern Ireland
United States | Washington, Washington, D.C., Washington DC | American | US, U.S., USA, U.S.A., United States of America, America
Uruguay | Montevideo | Uruguayan | Oriental Republic of Uruguay
Uzbekistan | Tashkent | Uzbek | Republic of Uzbekistan
Vanuatu | Port Vila | Ni-Vanuatu | Republic of Vanuatu
Venezuela | Caracas | Venezuelan | Bolivarian Republic of Venezuela
Vietnam | Hanoi | Vietnamese | Viet Nam, Socialist Republic of Vietnam
Yemen | Sanaa, Sana'a, Sana’a | Yemeni | Republic of Yemen
Zambia | Lusaka | Zambian | Republic of Zambia
Zimbabwe | Harare | Zimbabwean | Republic of Zimbabwe
"""

# Not UN members, but named in news as state actors. Listing them is not a position on their status.
OTHER_STATES = """
Palestine | Ramallah | Palestinian | State of Palestine
Kosovo | Pristina, Prishtina | Kosovar | Republic of Kosovo
Taiwan | Taipei | Taiwanese | Republic of China
"""

STATE_NOTES = {
    "United States": 'The seat of government is written "Washington" in news; the D.C. forms are kept as capitals.',
    "Israel": "Israel's proclaimed capital and seat of government; its status is disputed internationally.",
    "Palestine": "UN observer state. Ramallah is the seat of the Palestinian Authority; East Jerusalem is the "
    "claimed capital. Not a UN member.",
    "Kosovo": "Not a UN member.",
    "Taiwan": "Not a UN member.",
    "Bolivia": "Sucre is the constitutional capital, La Paz the seat of government.",
    "Yemen": "Sanaa has been held by the Houthis since 2014; the recognised government sits in Aden, which is "
    "not listed as a capital.",
    "Republic of the Congo": 'Shares the demonym "Congolese" with the Democratic Republic of the Congo.',
    "Dominica": 'Shares the demonym "Dominican" with the Dominican Republic.',
    "Côte d'Ivoire": "Yamoussoukro is the official capital; Abidjan, the economic capital, is not listed.",
}


def _split(cell: str) -> list[str]:
    # "Washington, D.C." must stay one value: commas followed by "D.C." are not separators.
    cell = cell.replace("Washington, D.C.", "Washington\x00 D.C.")
    return [v.strip().replace("\x00", ",") for v in cell.split(",") if v.strip()]


# Cities and regions of the states where the wars we cover are fought: they tell which state a story is set in,
# so that "government troops" near Aleppo are Syria's and near Hodeidah Yemen's. Well-known names only.
PLACES: dict[str, list[str]] = {
    "Syria": [
        "Aleppo",
        "Idlib",
        "Homs",
        "Hama",
        "Raqqa",
        "Deir ez-Zor",
        "Deir ez-Zour",
        "Daraa",
        "Latakia",
        "Palmyra",
        "al-Bab",
        "Manbij",
        "Kobani",
        "Afrin",
        "Douma",
        "Eastern Ghouta",
        "Ghouta",
        "Qamishli",
        "Hasakah",
        "Tartus",
        "Dabiq",
        "Jarablus",
        "Tal Rifaat",
        "Tel Rifaat",
        "Azaz",
        "Quneitra",
        "Zabadani",
        "Madaya",
        "Khan Sheikhoun",
        "Maarat al-Numan",
        "Jisr al-Shughour",
    ],
    "Yemen": [
        "Aden",
        "Hodeidah",
        "Hudaydah",
        "Taiz",
        "Marib",
        "Saada",
        "Ibb",
        "Mukalla",
        "Hadramawt",
        "Hadramout",
        "Shabwa",
        "Abyan",
        "Lahj",
        "Dhamar",
        "Hajjah",
        "Mocha",
        "Bab el-Mandeb",
    ],
    "Iraq": [
        "Mosul",
        "Fallujah",
        "Ramadi",
        "Kirkuk",
        "Tikrit",
        "Erbil",
        "Basra",
        "Samarra",
        "Tal Afar",
        "Sinjar",
        "Nineveh",
        "Anbar",
        "Qayyarah",
        "Baiji",
    ],
    "Libya": [
        "Benghazi",
        "Sirte",
        "Misrata",
        "Derna",
        "Tobruk",
        "Sabha",
        "Ajdabiya",
        "Zawiya",
        "Gharyan",
        "Ras Lanuf",
        "Brega",
        "Fezzan",
        "Cyrenaica",
    ],
    "Ukraine": [
        "Donetsk",
        "Luhansk",
        "Lugansk",
        "Mariupol",
        "Kharkiv",
        "Debaltseve",
        "Avdiivka",
        "Donbas",
        "Donbass",
        "Crimea",
        "Sloviansk",
        "Kramatorsk",
        "Odesa",
        "Odessa",
        "Kherson",
        "Zaporizhzhia",
        "Bakhmut",
        "Horlivka",
        "Ilovaisk",
    ],
    "Afghanistan": ["Kandahar", "Helmand", "Kunduz", "Herat", "Mazar-i-Sharif", "Jalalabad", "Ghazni"],
    "Somalia": ["Mogadishu", "Kismayo", "Baidoa", "Puntland"],
    "Mali": ["Timbuktu", "Gao", "Kidal", "Mopti"],
    "Nigeria": ["Maiduguri", "Borno"],
    "Sudan": ["Darfur", "Kordofan", "El Fasher", "Omdurman"],
    "South Sudan": ["Malakal", "Bentiu", "Bor"],
    "Israel": ["Gaza", "West Bank", "Golan Heights"],
}


def _states(table: str, un_member: bool) -> list[Actor]:
    out = []
    for line in table.strip().splitlines():
        label, capitals, demonyms, aliases = (c.strip() for c in line.split("|"))
        out.append(
            Actor(
                label,
                "State",
                _split(aliases),
                capital=_split(capitals),
                demonym=_split(demonyms),
                member_of=["United Nations"] if un_member else [],
                note=STATE_NOTES.get(label, ""),
                places=PLACES.get(label, []),
            )
        )
    return out


section(
    "UN member states",
    "All 193 member states of the United Nations, each al:memberOf the UN. al:capital is the capital as news "
    'uses it for the government ("Moscow said"); al:demonym is the adjective ("Russian officials").',
    _states(UN_MEMBER_STATES, True),
)
section(
    "Other states",
    "Entities outside UN membership that news treats as states.",
    _states(OTHER_STATES, False),
)

# ---------------------------------------------------------------------------------------------------------
# 2. Governments.
# ---------------------------------------------------------------------------------------------------------

section(
    "Governments",
    "The executive of a state, as distinct from the state itself. Capitals are never aliases here; "
    '"Moscow said" is resolved through al:capital in code. Seat-of-power names (Kremlin, White House) are.',
    [
        A(
            "Syrian government",
            "Government",
            "Assad regime",
            "Syrian regime",
            "Assad government",
            "Government of Syria",
            "Syrian Government",
            "Damascus government",
            "Assad administration",
            government_of="Syria",
            note="The Assad-era government, the one 2016 news means. The post-2024 authorities are not modelled.",
        ),
        A(
            "Russian government",
            "Government",
            "Kremlin",
            "the Kremlin",
            "Government of Russia",
            "Russian authorities",
            "Government of the Russian Federation",
            government_of="Russia",
        ),
        A(
            "US government",
            "Government",
            "United States government",
            "U.S. government",
            "American government",
            "US administration",
            "U.S. administration",
            "Obama administration",
            "Trump administration",
            "Biden administration",
            "White House",
            "the White House",
            "Government of the United States",
            "US federal government",
            government_of="United States",
        ),
        A(
            "Turkish government",
            "Government",
            "Government of Turkey",
            "Turkish authorities",
            "Erdogan government",
            "Erdoğan government",
            government_of="Turkey",
        ),
        A(
            "Iranian government",
            "Government",
            "Government of Iran",
            "Iranian regime",
            "Iranian authorities",
            government_of="Iran",
        ),
        A(
            "Iraqi government",
            "Government",
            "Government of Iraq",
            "Iraqi authorities",
            "Iraqi federal government",
            government_of="Iraq",
        ),
        A(
            "Saudi government",
            "Government",
            "Saudi Arabian government",
            "Government of Saudi Arabia",
            "Saudi authorities",
            "Saudi leadership",
            government_of="Saudi Arabia",
        ),
        A(
            "Emirati government",
            "Government",
            "UAE government",
            "U.A.E. government",
            "Government of the United Arab Emirates",
            "Emirati authorities",
            government_of="United Arab Emirates",
        ),
        A(
            "Qatari government",
            "Government",
            "Government of Qatar",
            "Qatari authorities",
            government_of="Qatar",
        ),
        A(
            "Israeli government",
            "Government",
            "Government of Israel",
            "Israeli authorities",
            government_of="Israel",
        ),
        A(
            "Lebanese government",
            "Government",
            "Government of Lebanon",
            "Lebanese authorities",
            government_of="Lebanon",
        ),
        A(
            "Jordanian government",
            "Government",
            "Government of Jordan",
            "Jordanian authorities",
            government_of="Jordan",
        ),
        A(
            "Egyptian government",
            "Government",
            "Government of Egypt",
            "Egyptian authorities",
            government_of="Egypt",
        ),
        A(
            "British government",
            "Government",
            "UK government",
            "U.K. government",
            "HM Government",
            "Her Majesty's Government",
            "Her Majesty’s Government",
            "His Majesty's Government",
            "His Majesty’s Government",
            "Downing Street",
            "Number 10",
            "No 10",
            "No. 10",
            "Government of the United Kingdom",
            government_of="United Kingdom",
        ),
        A(
            "French government",
            "Government",
            "Government of France",
            "Élysée",
            "Elysee",
            "Élysée Palace",
            "Elysee Palace",
            "French authorities",
            government_of="France",
        ),
        A(
            "German government",
            "Government",
            "Government of Germany",
            "Federal Government of Germany",
            "German federal government",
            "German authorities",
            government_of="Germany",
        ),
        A(
            "Chinese government",
            "Government",
            "Government of China",
            "Chinese authorities",
            "Government of the People's Republic of China",
            government_of="China",
        ),
        A(
            "Yemeni government",
            "Government",
            "Hadi government",
            "Government of Yemen",
            "internationally recognised government of Yemen",
            "internationally recognized government of Yemen",
            "Yemen's internationally recognised government",
            "Yemen's internationally recognized government",
            "Yemeni authorities",
            government_of="Yemen",
            note="The internationally recognised government (Hadi's in 2016), not the Houthi authorities in Sanaa.",
        ),
        A(
            "Government of National Accord",
            "Government",
            "GNA",
            "Libyan Government of National Accord",
            "Tripoli government",
            "Tripoli-based government",
            "National Accord government",
            government_of="Libya",
            note="The UN-brokered government formed under the 2015 Libyan Political Agreement.",
        ),
        A(
            "Libyan Interim Government",
            "Government",
            "Tobruk government",
            "Tobruk-based government",
            "Bayda government",
            "al-Bayda government",
            "Thinni government",
            "Interim Government of Libya",
            part_of=["Libya"],
            note="The eastern cabinet that answered to the House of Representatives; news calls it after Tobruk, "
            "where the parliament sat, though the cabinet sat in al-Bayda. It is al:partOf Libya rather than "
            "al:governmentOf it: each state has one al:Government (the GNA here, recognised in 2016), because "
            "capitals resolve to that government.",
        ),
        A(
            "Ukrainian government",
            "Government",
            "Government of Ukraine",
            "Ukrainian authorities",
            "Cabinet of Ministers of Ukraine",
            government_of="Ukraine",
        ),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 3. Government bodies (ministries, armed forces, agencies). al:partOf their government, or the state where
#    the body stands outside the executive.
# ---------------------------------------------------------------------------------------------------------

section(
    "Government bodies: Syria",
    "",
    [
        A(
            "Syrian Arab Army",
            "GovernmentBody",
            "Syrian Army",
            "Syrian army",
            "SAA",
            "Syrian troops",
            "Syrian soldiers",
            "Syrian military",
            "Syrian Arab Armed Forces",
            "Syrian armed forces",
            part_of=["Syrian government"],
        ),
        A(
            "Syrian Arab Air Force",
            "GovernmentBody",
            "Syrian Air Force",
            "Syrian air force",
            "SyAAF",
            "Syrian warplanes",
            part_of=["Syrian government"],
        ),
        A(
            "Tiger Forces",
            "GovernmentBody",
            "Tiger Force",
            "Qawat al-Nimr",
            "25th Special Mission Forces Division",
            part_of=["Syrian Arab Army"],
            note="Elite Syrian army formation led by Suheil al-Hassan.",
        ),
        A(
            "Syrian Foreign Ministry",
            "GovernmentBody",
            "Syrian Ministry of Foreign Affairs",
            "Syrian Ministry of Foreign Affairs and Expatriates",
            "Syrian foreign ministry",
            part_of=["Syrian government"],
        ),
    ],
)
section(
    "Government bodies: Russia",
    "",
    [
        A(
            "Russian Ministry of Defence",
            "GovernmentBody",
            "Ministry of Defence of the Russian Federation",
            "Russian Ministry of Defense",
            "Russian Defence Ministry",
            "Russian Defense Ministry",
            "Russian MoD",
            "Russian MOD",
            "Russian defence ministry",
            "Russian defense ministry",
            part_of=["Russian government"],
        ),
        A(
            "Russian Foreign Ministry",
            "GovernmentBody",
            "Ministry of Foreign Affairs of the Russian Federation",
            "Russian Ministry of Foreign Affairs",
            "Russian foreign ministry",
            "Russian MFA",
            part_of=["Russian government"],
        ),
        A(
            "Russian Armed Forces",
            "GovernmentBody",
            "Armed Forces of the Russian Federation",
            "Russian military",
            "Russian army",
            "Russian Army",
            "Russian forces",
            "Russian troops",
            part_of=["Russian government"],
            note="Administered by the Ministry of Defence; stated as part of the government to keep the chain short.",
        ),
        A(
            "Russian Aerospace Forces",
            "GovernmentBody",
            "Russian Aerospace Defense Forces",
            "Russian Aerospace Defence Forces",
            "VKS",
            "Russian Air Force",
            "Russian air force",
            "Russian warplanes",
            part_of=["Russian Armed Forces"],
        ),
        A("Russian Navy", "GovernmentBody", "Russian navy", part_of=["Russian Armed Forces"]),
        A(
            "Russian Centre for Reconciliation",
            "GovernmentBody",
            "Russian Centre for Reconciliation of Opposing Sides in Syria",
            "Russian Center for Reconciliation of Opposing Sides in Syria",
            "Russian Center for Reconciliation",
            "Russian reconciliation centre",
            "Russian reconciliation center",
            "Russian Reconciliation Centre",
            "Russian Reconciliation Center",
            "Hmeimim reconciliation centre",
            "Hmeimim reconciliation center",
            "Centre for Reconciliation of Opposing Sides",
            "Center for Reconciliation of Opposing Sides",
            "Russian Centre for the Reconciliation of the Warring Parties",
            part_of=["Russian Ministry of Defence"],
            note="Set up at Hmeimim air base in February 2016 under the Russian Ministry of Defence.",
        ),
    ],
)
section(
    "Government bodies: United States",
    "",
    [
        A(
            "United States Department of State",
            "GovernmentBody",
            "State Department",
            "US State Department",
            "U.S. State Department",
            "US Department of State",
            "U.S. Department of State",
            "Department of State",
            "State Dept",
            "State Dept.",
            part_of=["US government"],
        ),
        A(
            "United States Department of Defense",
            "GovernmentBody",
            "Pentagon",
            "the Pentagon",
            "US Department of Defense",
            "U.S. Department of Defense",
            "Department of Defense",
            "Defense Department",
            "US Defense Department",
            "U.S. Defense Department",
            "DoD",
            "DOD",
            part_of=["US government"],
            note='"Defense Department" and "Department of Defense" are US usage; British spelling is not aliased.',
        ),
        A(
            "United States Armed Forces",
            "GovernmentBody",
            "US military",
            "U.S. military",
            "US Armed Forces",
            "U.S. Armed Forces",
            "American military",
            "US forces",
            "U.S. forces",
            "American forces",
            "US troops",
            "U.S. troops",
            "American troops",
            part_of=["United States Department of Defense"],
        ),
        A(
            "United States Central Command",
            "GovernmentBody",
            "CENTCOM",
            "US Central Command",
            "U.S. Central Command",
            part_of=["United States Department of Defense"],
        ),
        A(
            "Central Intelligence Agency",
            "GovernmentBody",
            "CIA",
            "C.I.A.",
            part_of=["US government"],
        ),
    ],
)
section(
    "Government bodies: Turkey, Iran, Iraq, Gulf, Israel",
    "",
    [
        A(
            "Turkish Armed Forces",
            "GovernmentBody",
            "Turkish military",
            "Turkish army",
            "Turkish Army",
            "TSK",
            "Turkish forces",
            "Turkish troops",
            "Turkish warplanes",
            part_of=["Turkish government"],
        ),
        A(
            "Turkish Foreign Ministry",
            "GovernmentBody",
            "Turkish Ministry of Foreign Affairs",
            "Turkish foreign ministry",
            "Ministry of Foreign Affairs of Turkey",
            part_of=["Turkish government"],
        ),
        A(
            "Islamic Revolutionary Guard Corps",
            "GovernmentBody",
            "IRGC",
            "Revolutionary Guards",
            "Revolutionary Guard",
            "Iranian Revolutionary Guards",
            "Iranian Revolutionary Guard",
            "Islamic Revolutionary Guards Corps",
            "Iran's Revolutionary Guards",
            "Iran’s Revolutionary Guards",
            "Pasdaran",
            part_of=["Iran"],
            note="Answers to the Supreme Leader rather than the elected executive, so it is part of the state.",
        ),
        A(
            "Quds Force",
            "GovernmentBody",
            "IRGC Quds Force",
            "IRGC-QF",
            "Qods Force",
            "Quds Force of the IRGC",
            part_of=["Islamic Revolutionary Guard Corps"],
        ),
        A(
            "Iranian Foreign Ministry",
            "GovernmentBody",
            "Iranian Ministry of Foreign Affairs",
            "Iranian foreign ministry",
            "Ministry of Foreign Affairs of Iran",
            part_of=["Iranian government"],
        ),
        A(
            "Iraqi Security Forces",
            "GovernmentBody",
            "ISF",
            "Iraqi security forces",
            "Iraqi forces",
            "Iraqi army",
            "Iraqi Army",
            "Iraqi troops",
            part_of=["Iraqi government"],
        ),
        A(
            "Kurdistan Regional Government",
            "GovernmentBody",
            "KRG",
            "Kurdish Regional Government",
            "Iraqi Kurdish government",
            part_of=["Iraq"],
            note="Government of the Kurdistan Region, a federal region of Iraq.",
        ),
        A(
            "Peshmerga",
            "GovernmentBody",
            "Kurdish Peshmerga",
            "Iraqi Kurdish Peshmerga",
            "Peshmerga forces",
            part_of=["Kurdistan Regional Government"],
        ),
        A(
            "Saudi Ministry of Defence",
            "GovernmentBody",
            "Saudi Ministry of Defense",
            "Saudi Defence Ministry",
            "Saudi Defense Ministry",
            part_of=["Saudi government"],
        ),
        A(
            "Saudi Foreign Ministry",
            "GovernmentBody",
            "Saudi Ministry of Foreign Affairs",
            "Saudi foreign ministry",
            part_of=["Saudi government"],
        ),
        A(
            "Royal Saudi Air Force",
            "GovernmentBody",
            "RSAF",
            "Saudi air force",
            "Saudi Air Force",
            "Saudi warplanes",
            part_of=["Saudi Ministry of Defence"],
        ),
        A(
            "Qatari Foreign Ministry",
            "GovernmentBody",
            "Qatari Ministry of Foreign Affairs",
            "Qatari foreign ministry",
            part_of=["Qatari government"],
        ),
        A(
            "Israel Defense Forces",
            "GovernmentBody",
            "IDF",
            "Israel Defence Forces",
            "Israeli military",
            "Israeli army",
            "Israeli forces",
            "Israeli troops",
            "Israeli Defense Forces",
            "Tsahal",
            part_of=["Israeli government"],
        ),
    ],
)
section(
    "Government bodies: Europe, China",
    "",
    [
        A(
            "Foreign and Commonwealth Office",
            "GovernmentBody",
            "FCO",
            "Foreign Office",
            "British Foreign Office",
            "UK Foreign Office",
            "U.K. Foreign Office",
            "Foreign & Commonwealth Office",
            part_of=["British government"],
            renamed_to="Foreign, Commonwealth and Development Office",
            note="Merged with DFID and renamed in September 2020.",
        ),
        A(
            "Foreign, Commonwealth and Development Office",
            "GovernmentBody",
            "FCDO",
            "Foreign, Commonwealth & Development Office",
            part_of=["British government"],
        ),
        A(
            "UK Ministry of Defence",
            "GovernmentBody",
            "British Ministry of Defence",
            "U.K. Ministry of Defence",
            "British Defence Ministry",
            "UK Defence Ministry",
            "UK MoD",
            "British MoD",
            part_of=["British government"],
        ),
        A(
            "British Armed Forces",
            "GovernmentBody",
            "British military",
            "British forces",
            "British troops",
            "UK armed forces",
            "UK forces",
            "Royal Air Force",
            "RAF",
            part_of=["UK Ministry of Defence"],
            note="The RAF is folded in here rather than modelled as its own body.",
        ),
        A(
            "French Foreign Ministry",
            "GovernmentBody",
            "French Ministry of Foreign Affairs",
            "French foreign ministry",
            "Quai d'Orsay",
            "Quai d’Orsay",
            "French Ministry for Europe and Foreign Affairs",
            "French Ministry of Foreign Affairs and International Development",
            part_of=["French government"],
        ),
        A(
            "French Armed Forces",
            "GovernmentBody",
            "French military",
            "French forces",
            "French troops",
            "French army",
            part_of=["French government"],
        ),
        A(
            "German Federal Foreign Office",
            "GovernmentBody",
            "German Foreign Office",
            "Auswärtiges Amt",
            "German Foreign Ministry",
            "German foreign ministry",
            part_of=["German government"],
        ),
        A(
            "Chinese Foreign Ministry",
            "GovernmentBody",
            "Chinese Ministry of Foreign Affairs",
            "Chinese foreign ministry",
            part_of=["Chinese government"],
        ),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 4. International organisations.
# ---------------------------------------------------------------------------------------------------------

section(
    "International organisations",
    "",
    [
        A("United Nations", "InternationalOrganization", "UN", "U.N.", "United Nations Organization"),
        A(
            "United Nations Security Council",
            "InternationalOrganization",
            "UN Security Council",
            "U.N. Security Council",
            "UNSC",
            "Security Council",
            part_of=["United Nations"],
        ),
        A(
            "United Nations General Assembly",
            "InternationalOrganization",
            "UN General Assembly",
            "U.N. General Assembly",
            "UNGA",
            "General Assembly",
            part_of=["United Nations"],
        ),
        A(
            "UN Office for the Coordination of Humanitarian Affairs",
            "InternationalOrganization",
            "OCHA",
            "UN OCHA",
            "UNOCHA",
            "United Nations Office for the Coordination of Humanitarian Affairs",
            "Office for the Coordination of Humanitarian Affairs",
            "UN humanitarian office",
            part_of=["United Nations"],
        ),
        A(
            "UNHCR",
            "InternationalOrganization",
            "UN refugee agency",
            "U.N. refugee agency",
            "UN Refugee Agency",
            "Office of the United Nations High Commissioner for Refugees",
            part_of=["United Nations"],
        ),
        A(
            "UNICEF",
            "InternationalOrganization",
            "United Nations Children's Fund",
            "United Nations Children’s Fund",
            "UN Children's Fund",
            "UN children's agency",
            "U.N. children's agency",
            part_of=["United Nations"],
        ),
        A(
            "World Food Programme",
            "InternationalOrganization",
            "WFP",
            "World Food Program",
            "UN World Food Programme",
            "UN food agency",
            part_of=["United Nations"],
        ),
        A(
            "World Health Organization",
            "InternationalOrganization",
            "WHO",
            "World Health Organisation",
            "UN health agency",
            part_of=["United Nations"],
        ),
        A(
            "United Nations Human Rights Council",
            "InternationalOrganization",
            "UN Human Rights Council",
            "U.N. Human Rights Council",
            "UNHRC",
            "Human Rights Council",
            part_of=["United Nations"],
        ),
        A(
            "Office of the United Nations High Commissioner for Human Rights",
            "InternationalOrganization",
            "OHCHR",
            "UN human rights office",
            "U.N. human rights office",
            "UN Human Rights Office",
            "UN Office of the High Commissioner for Human Rights",
            part_of=["United Nations"],
        ),
        A(
            "Organisation for the Prohibition of Chemical Weapons",
            "InternationalOrganization",
            "OPCW",
            "Organization for the Prohibition of Chemical Weapons",
            "chemical weapons watchdog",
            note="Independent of the UN system (it has a relationship agreement), so no al:partOf.",
        ),
        A(
            "International Atomic Energy Agency",
            "InternationalOrganization",
            "IAEA",
            "UN nuclear watchdog",
            "U.N. nuclear watchdog",
        ),
        A("International Criminal Court", "InternationalOrganization", "ICC"),
        A(
            "NATO",
            "InternationalOrganization",
            "North Atlantic Treaty Organization",
            "North Atlantic Treaty Organisation",
            "Nato",
            "N.A.T.O.",
        ),
        A("European Union", "InternationalOrganization", "EU", "E.U."),
        A("European Commission", "InternationalOrganization", part_of=["European Union"]),
        A("European Parliament", "InternationalOrganization", part_of=["European Union"]),
        A("Arab League", "InternationalOrganization", "League of Arab States"),
        A(
            "Organization for Security and Co-operation in Europe",
            "InternationalOrganization",
            "OSCE",
            "Organisation for Security and Co-operation in Europe",
            "Organization for Security and Cooperation in Europe",
        ),
        A(
            "OSCE Special Monitoring Mission to Ukraine",
            "InternationalOrganization",
            "OSCE SMM",
            "OSCE monitoring mission",
            "OSCE monitors",
            "Special Monitoring Mission to Ukraine",
            part_of=["Organization for Security and Co-operation in Europe"],
        ),
        A("African Union", "InternationalOrganization", "AU"),
        A(
            "Gulf Cooperation Council",
            "InternationalOrganization",
            "GCC",
            "Cooperation Council for the Arab States of the Gulf",
            "Gulf Co-operation Council",
        ),
        A(
            "Organisation of Islamic Cooperation",
            "InternationalOrganization",
            "OIC",
            "Organization of Islamic Cooperation",
            "Organisation of the Islamic Conference",
            "Organization of the Islamic Conference",
        ),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 5. Humanitarian and civil society organisations.
# ---------------------------------------------------------------------------------------------------------

section(
    "Humanitarian and civil society organisations",
    "The ICRC is an international humanitarian body with a treaty mandate, not an intergovernmental one; it is "
    "typed as a civil society organisation, the nearest class.",
    [
        A(
            "International Committee of the Red Cross",
            "CivilSocietyOrganization",
            "ICRC",
            "Red Cross",
            note='"Red Cross" in conflict reporting almost always means the ICRC; national societies are not '
            "modelled.",
        ),
        A("Syrian Arab Red Crescent", "CivilSocietyOrganization", "SARC", "Syrian Red Crescent"),
        A(
            "Médecins Sans Frontières",
            "CivilSocietyOrganization",
            "MSF",
            "Medecins Sans Frontieres",
            "Doctors Without Borders",
            "Doctors without Borders",
        ),
        A("Amnesty International", "CivilSocietyOrganization", "Amnesty"),
        A("Human Rights Watch", "CivilSocietyOrganization", "HRW"),
        A("Norwegian Refugee Council", "CivilSocietyOrganization", "NRC"),
        A(
            "White Helmets",
            "CivilSocietyOrganization",
            "Syria Civil Defence",
            "Syria Civil Defense",
            "Syrian Civil Defence",
            "Syrian Civil Defense",
            "the White Helmets",
        ),
        A(
            "Syrian Observatory for Human Rights",
            "CivilSocietyOrganization",
            "SOHR",
            "Syrian Observatory",
            "Britain-based Syrian Observatory for Human Rights",
            "UK-based Syrian Observatory for Human Rights",
        ),
        A("Syrian Network for Human Rights", "CivilSocietyOrganization", "SNHR"),
        A("Syrian American Medical Society", "CivilSocietyOrganization", "SAMS"),
        A(
            "Local Coordination Committees",
            "CivilSocietyOrganization",
            "LCC",
            "LCCs",
            "Local Coordination Committees of Syria",
            "Local Coordination Committees in Syria",
        ),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 6. Syria: armed and political actors.
# ---------------------------------------------------------------------------------------------------------

section(
    "Syria: pro-government armed groups",
    "Hezbollah is both a party and an armed movement; it is typed as an armed group, the general class.",
    [
        A(
            "Hezbollah",
            "ArmedGroup",
            "Hizbollah",
            "Hizballah",
            "Hizbullah",
            "Hezballah",
            "Lebanese Hezbollah",
            "Hezbollah movement",
            "Lebanon's Hezbollah",
            "Lebanon’s Hezbollah",
        ),
        A(
            "Liwa al-Quds",
            "Militia",
            "Liwa al Quds",
            "Al-Quds Brigade",
            "al-Quds Brigade",
            "Quds Brigade",
            "Liwa al-Quds al-Filastini",
            "Jerusalem Brigade",
        ),
        A("National Defence Forces", "Militia", "National Defense Forces", "NDF", "Quwat al-Difa al-Watani"),
        A(
            "Liwa Fatemiyoun",
            "Militia",
            "Fatemiyoun",
            "Fatemiyoun Brigade",
            "Fatemiyoun Division",
            "Liwa Fatemiyun",
            "Fatemiyun",
            "Fatimiyoun",
            "Liwa al-Fatemiyoun",
        ),
        A(
            "Liwa Zainebiyoun",
            "Militia",
            "Zainebiyoun",
            "Zainabiyoun",
            "Zainebiyoun Brigade",
            "Liwa Zainabiyoun",
        ),
        A(
            "Harakat al-Nujaba",
            "Militia",
            "Harakat Hezbollah al-Nujaba",
            "al-Nujaba",
            "Nujaba Movement",
            "Harakat al-Nujaba'",
            "al-Nujaba Movement",
        ),
        A(
            "Kata'ib Hezbollah",
            "Militia",
            "Kataib Hezbollah",
            "Kata’ib Hezbollah",
            "Kata'ib Hizballah",
            "Kataib Hizballah",
            "Hezbollah Brigades",
        ),
        A(
            "Popular Mobilization Forces",
            "Militia",
            "PMF",
            "Popular Mobilisation Forces",
            "Popular Mobilization Units",
            "Popular Mobilisation Units",
            "PMU",
            "Hashd al-Shaabi",
            "al-Hashd al-Shaabi",
            "Hashd al-Shabi",
            note="Iraqi umbrella of mostly Shia militias; its formal place in the Iraqi state is left to documents.",
        ),
    ],
)
section(
    "Syria: opposition and rebel groups",
    "Ahrar al-Sham is a Salafist rebel movement that fought within the opposition and outside al-Qaeda; it is "
    "typed as a rebel group, not a jihadist group.",
    [
        A("Free Syrian Army", "RebelGroup", "FSA", "Free Syria Army"),
        A(
            "Syrian National Army",
            "RebelGroup",
            "SNA",
            note="Formed in late 2017 from the Euphrates Shield factions.",
        ),
        A(
            "Operation Euphrates Shield",
            "Coalition",
            "Euphrates Shield",
            "Euphrates Shield forces",
            "Euphrates Shield operation",
            note="The Turkish-led offensive of 2016-17, treated as the coalition of forces taking part.",
        ),
        A(
            "Nour al-Din al-Zenki Movement",
            "RebelGroup",
            "Nour al-Din al-Zenki",
            "Nour al-Din al-Zinki",
            "Nour al-Din al-Zenki Brigade",
            "Harakat Nour al-Din al-Zenki",
            "Nour al-Din Zenki",
            "Nur al-Din al-Zenki",
            "Nureddin al-Zinki",
            "Zenki",
            "Zinki",
            "al-Zenki",
        ),
        A("Jaish al-Islam", "RebelGroup", "Jaysh al-Islam", "Jaish al Islam", "Army of Islam"),
        A("Jaish al-Fatah", "Coalition", "Jaysh al-Fatah", "Jaish al Fatah", "Army of Conquest"),
        A(
            "Fastaqim Union",
            "RebelGroup",
            "Fastaqim",
            "Fastaqim Kama Umirt",
            "Tajamu Fastaqim Kama Umirt",
            "Fastaqim Kama Amirt",
        ),
        A(
            "Sultan Murad Division",
            "RebelGroup",
            "Sultan Murad Brigade",
            "Sultan Murad",
            "Firqat al-Sultan Murad",
            "Sultan Murad brigade",
        ),
        A(
            "Levant Front",
            "RebelGroup",
            "al-Jabha al-Shamiya",
            "Jabhat al-Shamiya",
            "al-Jabhat al-Shamiya",
            "Shamiya Front",
            "Jabha Shamiya",
        ),
        A(
            "Ahrar al-Sham",
            "RebelGroup",
            "Ahrar al Sham",
            "Ahrar ash-Sham",
            "Harakat Ahrar al-Sham",
            "Harakat Ahrar al-Sham al-Islamiyya",
            "Islamic Movement of Ahrar al-Sham",
            "Ahrar al-Sham Islamic Movement",
        ),
        A("Faylaq al-Rahman", "RebelGroup", "Failaq al-Rahman", "Rahman Corps", "al-Rahman Legion"),
        A("Faylaq al-Sham", "RebelGroup", "Failaq al-Sham", "Sham Legion", "Sham Corps"),
        A(
            "Syrian National Coalition",
            "Coalition",
            "National Coalition for Syrian Revolutionary and Opposition Forces",
            "Syrian Opposition Coalition",
            "SNC",
            note='"SNC" here is the Coalition; its predecessor, the Syrian National Council, is not listed so that '
            "the abbreviation stays unambiguous.",
        ),
        A(
            "Syrian Interim Government",
            "Government",
            "Interim Syrian Government",
            "opposition interim government",
            part_of=["Syrian National Coalition"],
            note="The opposition's executive, formed by the National Coalition. It has no al:governmentOf: it "
            "never governed the state.",
        ),
        A(
            "High Negotiations Committee",
            "Coalition",
            "HNC",
            "Higher Negotiations Committee",
            "High Negotiation Committee",
            "Syrian Negotiation Commission",
            "Syrian Negotiations Commission",
            note="The opposition's negotiating body from December 2015; the later Syrian Negotiation Commission "
            "is folded in as an alias.",
        ),
    ],
)
section(
    "Syria, Iraq and beyond: jihadist groups",
    "Jabhat al-Nusra became Jabhat Fatah al-Sham on 28 July 2016, which merged into Hay'at Tahrir al-Sham on "
    "28 January 2017 (al:renamedTo). Nusra was al-Qaeda's Syrian branch until the renaming; that structural "
    "link is stated on Nusra only.",
    [
        A(
            "Islamic State",
            "JihadistGroup",
            "ISIS",
            "ISIL",
            "IS",
            "Daesh",
            "Daech",
            "Da'esh",
            "Da’esh",
            "Islamic State of Iraq and the Levant",
            "Islamic State of Iraq and Syria",
            "Islamic State of Iraq and al-Sham",
            "Islamic State group",
            "IS group",
            "ISIS group",
            "ISIL group",
            "so-called Islamic State",
        ),
        A(
            "Islamic State in Libya",
            "JihadistGroup",
            "IS in Libya",
            "ISIS in Libya",
            "ISIL in Libya",
            "Islamic State Libya",
            "Islamic State's Libya branch",
            "Islamic State’s Libya branch",
            part_of=["Islamic State"],
        ),
        A(
            "al-Qaeda",
            "JihadistGroup",
            "al-Qaida",
            "Al Qaeda",
            "Al-Qaeda",
            "al Qaeda",
            "Al-Qaida",
            "al Qaida",
        ),
        A(
            "al-Qaeda in the Arabian Peninsula",
            "JihadistGroup",
            "AQAP",
            "Al Qaeda in the Arabian Peninsula",
            "al-Qaida in the Arabian Peninsula",
            "Al-Qaeda in the Arabian Peninsula",
            part_of=["al-Qaeda"],
        ),
        A(
            "Jabhat al-Nusra",
            "JihadistGroup",
            "al-Nusra Front",
            "Nusra Front",
            "Jabhat an-Nusra",
            "Nusra",
            "al-Nusra",
            "Al-Nusra Front",
            "Jabhat al Nusra",
            "Jabhat al-Nusrah",
            part_of=["al-Qaeda"],
            renamed_to="Jabhat Fatah al-Sham",
        ),
        A(
            "Jabhat Fatah al-Sham",
            "JihadistGroup",
            "JFS",
            "Jabhat Fateh al-Sham",
            "Fatah al-Sham",
            "Fateh al-Sham",
            "Jabhat Fath al-Sham",
            "Jabhat Fatah al Sham",
            "Front for the Conquest of the Levant",
            "Fatah al-Sham Front",
            "Fateh al-Sham Front",
            renamed_to="Hay'at Tahrir al-Sham",
        ),
        A(
            "Hay'at Tahrir al-Sham",
            "JihadistGroup",
            "HTS",
            "Hayat Tahrir al-Sham",
            "Hay’at Tahrir al-Sham",
            "Hayat Tahrir al Sham",
            "Tahrir al-Sham",
            "Levant Liberation Committee",
            "Organization for the Liberation of the Levant",
        ),
        A("Jund al-Aqsa", "JihadistGroup", "Jund al Aqsa", "Jund al-Aqsa Organization"),
        A(
            "Hamas",
            "ArmedGroup",
            "Islamic Resistance Movement",
            "Harakat al-Muqawama al-Islamiya",
            note="Typed as an armed group, the general class, as it is also a governing party.",
        ),
    ],
)
section(
    "Syria: Kurdish and north-east actors",
    "Only structural membership is stated (YPG and YPJ in the SDF). The PYD is a party and is typed with the "
    "general al:Organization class; its relation to the YPG, and the YPG's to the PKK, are left to documents.",
    [
        A(
            "People's Protection Units",
            "Militia",
            "YPG",
            "People’s Protection Units",
            "Kurdish People's Protection Units",
            "Kurdish People’s Protection Units",
            "Kurdish YPG",
            "Yekîneyên Parastina Gel",
            "Yekineyen Parastina Gel",
            member_of=["Syrian Democratic Forces"],
        ),
        A(
            "Women's Protection Units",
            "Militia",
            "YPJ",
            "Women’s Protection Units",
            "Kurdish Women's Protection Units",
            "Yekîneyên Parastina Jin",
            member_of=["Syrian Democratic Forces"],
        ),
        A(
            "Democratic Union Party",
            "Organization",
            "PYD",
            "Kurdish Democratic Union Party",
            "Partiya Yekîtiya Demokrat",
        ),
        A(
            "Kurdistan Workers' Party",
            "ArmedGroup",
            "PKK",
            "Kurdistan Workers’ Party",
            "Kurdistan Workers Party",
            "Partiya Karkerên Kurdistanê",
        ),
        A("Syrian Democratic Forces", "Coalition", "SDF", "QSD"),
    ],
)
section(
    "International military coalitions and contractors",
    "",
    [
        A(
            "Global Coalition Against Daesh",
            "Coalition",
            "Global Coalition to Defeat ISIS",
            "Global Coalition to Defeat Daesh",
            "Global Coalition to Counter ISIL",
            "anti-ISIS coalition",
            "anti-ISIL coalition",
            "anti-IS coalition",
            "anti-Daesh coalition",
            "US-led coalition",
            "U.S.-led coalition",
            "American-led coalition",
            "US-led international coalition",
            "Operation Inherent Resolve",
            "Combined Joint Task Force – Operation Inherent Resolve",
            "CJTF-OIR",
            note="Operation Inherent Resolve, the military campaign, is folded in as an alias of the coalition.",
        ),
        A(
            "Saudi-led coalition",
            "Coalition",
            "Arab coalition",
            "Saudi-led Arab coalition",
            "Saudi coalition",
            "Coalition to Restore Legitimacy in Yemen",
            "Saudi-led military coalition",
            "Saudi-led alliance",
        ),
        A(
            "Wagner Group",
            "PrivateMilitaryCompany",
            "Wagner",
            "PMC Wagner",
            "Wagner PMC",
            "Wagner mercenaries",
            "Wagner private military company",
            note='Bare "Wagner" is kept: in conflict news it is the group; the composer rarely appears.',
        ),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 7-9. Yemen, Libya, Ukraine.
# ---------------------------------------------------------------------------------------------------------

section(
    "Yemen",
    "",
    [
        A(
            "Houthis",
            "RebelGroup",
            "Ansar Allah",
            "Ansarallah",
            "Ansar Allah movement",
            "Houthi rebels",
            "Houthi movement",
            "Huthis",
            "Huthi rebels",
            "Houthi",
            "Huthi",
            "Houthi militia",
            "Houthi militias",
        ),
        A(
            "General People's Congress",
            "Organization",
            "GPC",
            "General People’s Congress",
            note="Saleh's party, allied with the Houthis in 2016; a party, so the general al:Organization class.",
        ),
        A(
            "Yemeni government forces",
            "GovernmentBody",
            "Yemeni Armed Forces",
            "Yemeni army",
            "Yemeni government troops",
            "pro-Hadi forces",
            "Hadi loyalists",
            "forces loyal to Hadi",
            "forces loyal to President Hadi",
            part_of=["Yemeni government"],
        ),
        A(
            "Southern Transitional Council",
            "Organization",
            "STC",
            note="A southern separatist political body with its own forces (from 2017); typed with the general "
            "al:Organization class rather than guessing armed group or government.",
        ),
        A(
            "Saba News Agency",
            "MediaOrganization",
            "Saba",
            "SABA",
            "Yemen News Agency",
            "Saba news agency",
            note="The Houthi-run and the government-run agencies both use the name; one actor stands for both.",
        ),
    ],
)
section(
    "Libya",
    "",
    [
        A(
            "Libyan National Army",
            "ArmedGroup",
            "LNA",
            "Haftar's forces",
            "Haftar’s forces",
            "Haftar forces",
            "Hifter's forces",
            "Libyan Arab Armed Forces",
            "LAAF",
            "Haftar's Libyan National Army",
            "forces loyal to Haftar",
            "forces loyal to Khalifa Haftar",
        ),
        A(
            "Libyan House of Representatives",
            "GovernmentBody",
            "House of Representatives of Libya",
            "HoR",
            "Tobruk parliament",
            "Tobruk-based parliament",
            "Libyan parliament",
            "Tobruk-based House of Representatives",
            part_of=["Libya"],
            note='The legislature elected in 2014. Bare "House of Representatives" is not aliased (US usage).',
        ),
        A(
            "Misrata brigades",
            "Militia",
            "Misratan brigades",
            "Misrata militias",
            "Misratan militias",
            "Misratan forces",
            "Misrata forces",
        ),
        A("Libya Observer", "MediaOrganization", "The Libya Observer", "Libyan Observer"),
    ],
)
section(
    "Ukraine",
    "The Donetsk and Luhansk 'people's republics' are Russian-backed separatist entities; they are typed as "
    'rebel groups. Azov is a regiment of the National Guard since late 2014. Bare "Azov" is not an alias, '
    'because "Sea of Azov" would match it.',
    [
        A(
            "Armed Forces of Ukraine",
            "GovernmentBody",
            "Ukrainian army",
            "Ukrainian Army",
            "Ukrainian military",
            "AFU",
            "Ukrainian Armed Forces",
            "ZSU",
            "Ukrainian forces",
            "Ukrainian troops",
            part_of=["Ukrainian Ministry of Defence"],
        ),
        A(
            "Ukrainian Ministry of Defence",
            "GovernmentBody",
            "Ministry of Defence of Ukraine",
            "Ministry of Defense of Ukraine",
            "Ukrainian Ministry of Defense",
            "Ukrainian Defence Ministry",
            "Ukrainian Defense Ministry",
            part_of=["Ukrainian government"],
        ),
        A(
            "National Guard of Ukraine",
            "GovernmentBody",
            "Ukrainian National Guard",
            "NGU",
            part_of=["Ukrainian government"],
        ),
        A(
            "Security Service of Ukraine",
            "GovernmentBody",
            "SBU",
            "Ukrainian Security Service",
            "Ukraine's SBU",
            part_of=["Ukrainian government"],
        ),
        A(
            "Azov Regiment",
            "Militia",
            "Azov Battalion",
            "Azov battalion",
            "Azov regiment",
            "Azov Brigade",
            "Azov Special Operations Detachment",
            part_of=["National Guard of Ukraine"],
        ),
        A(
            "Donetsk People's Republic",
            "RebelGroup",
            "DPR",
            "DNR",
            "Donetsk People’s Republic",
            "self-proclaimed Donetsk People's Republic",
            "Donetsk separatists",
        ),
        A(
            "Luhansk People's Republic",
            "RebelGroup",
            "LPR",
            "LNR",
            "Luhansk People’s Republic",
            "Lugansk People's Republic",
            "Lugansk People’s Republic",
            "Luhansk separatists",
            "Lugansk separatists",
        ),
        A("Ukrainska Pravda", "MediaOrganization", "Ukrainian Pravda"),
        A("Kyiv Independent", "MediaOrganization", "The Kyiv Independent"),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 10. Media.
# ---------------------------------------------------------------------------------------------------------

section(
    "Media organisations",
    "State news agencies that are formally part of the executive are al:partOf their government (SANA, IRNA). "
    "Other state-funded outlets are not, as that link is editorial and contested.",
    [
        A("Reuters", "MediaOrganization", "Thomson Reuters", "Reuters news agency"),
        A("Associated Press", "MediaOrganization", "AP", "The Associated Press", "A.P."),
        A("Agence France-Presse", "MediaOrganization", "AFP", "Agence France Presse", "France-Presse"),
        A("BBC", "MediaOrganization", "British Broadcasting Corporation", "BBC News", "BBC World Service"),
        A(
            "The Telegraph",
            "MediaOrganization",
            "Telegraph",
            "The Daily Telegraph",
            "Daily Telegraph",
            "@Telegraph",
            "Telegraph.co.uk",
            "Sunday Telegraph",
            "The Sunday Telegraph",
        ),
        A("The Guardian", "MediaOrganization", "Guardian"),
        A("The New York Times", "MediaOrganization", "New York Times", "NYT", "NY Times", "N.Y. Times"),
        A("The Washington Post", "MediaOrganization", "Washington Post", "WaPo"),
        A("CNN", "MediaOrganization", "Cable News Network"),
        A("Al Jazeera", "MediaOrganization", "Al-Jazeera", "Aljazeera", "Al Jazeera English"),
        A("Al Arabiya", "MediaOrganization", "Al-Arabiya", "Alarabiya"),
        A("RT", "MediaOrganization", "Russia Today", "RT News"),
        A("Sputnik", "MediaOrganization", "Sputnik News", "Sputnik news agency"),
        A("TASS", "MediaOrganization", "Tass", "ITAR-TASS", "Itar-Tass", "TASS news agency"),
        A("RIA Novosti", "MediaOrganization", "RIA", "RIA-Novosti", "Ria Novosti"),
        A("Interfax", "MediaOrganization", "Interfax news agency"),
        A(
            "Syrian Arab News Agency",
            "MediaOrganization",
            "SANA",
            "Syrian state news agency SANA",
            part_of=["Syrian government"],
        ),
        A("Anadolu Agency", "MediaOrganization", "Anadolu", "Anadolu news agency", "Anadolu Ajansı"),
        A("Hürriyet", "MediaOrganization", "Hurriyet", "Hürriyet Daily News", "Hurriyet Daily News"),
        A("Al-Masdar News", "MediaOrganization", "Al-Masdar", "Al Masdar News", "AMN"),
        A("EA WorldView", "MediaOrganization", "EA Worldview", "EAWorldView", "EA World View"),
        A("Enab Baladi", "MediaOrganization"),
        A("Kurdistan24", "MediaOrganization", "Kurdistan 24"),
        A("Rudaw", "MediaOrganization", "Rudaw Media Network"),
        A("Orient News", "MediaOrganization", "Orient TV"),
        A("Al Mayadeen", "MediaOrganization", "Al-Mayadeen", "Almayadeen"),
        A("Press TV", "MediaOrganization", "PressTV"),
        A(
            "Fars News Agency",
            "MediaOrganization",
            "Fars news agency",
            "Fars News",
            "FNA",
            note='Bare "Fars" is not aliased: it is also an Iranian province.',
        ),
        A("Islamic Republic News Agency", "MediaOrganization", "IRNA", part_of=["Iranian government"]),
        A("Tasnim News Agency", "MediaOrganization", "Tasnim", "Tasnim news agency"),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 11. Collective actors: what news names with a common noun. Kept few and specific.
# ---------------------------------------------------------------------------------------------------------

section(
    "Collective actors",
    'Groups that news names without a proper name. Modifiers such as "Turkish-backed" are not folded into '
    "aliases here (they carry an alignment, which code extracts), except for the few fixed phrases that are "
    "themselves the usual name of the group.",
    [
        A(
            "rebels",
            "CollectiveActor",
            "Syrian rebels",
            "opposition fighters",
            "insurgents",
            "rebel fighters",
            "rebel groups",
            "rebel forces",
            "rebel factions",
            "opposition factions",
            "armed opposition",
            "Syrian armed opposition",
            "moderate rebels",
        ),
        A(
            "opposition",
            "CollectiveActor",
            "Syrian opposition",
            "Syrian opposition groups",
            "opposition groups",
            note='Bare "opposition" is also an ordinary noun; the ingest should only accept it as an actor in '
            'context ("the opposition said").',
        ),
        A(
            "pro-Assad forces",
            "CollectiveActor",
            "pro-regime forces",
            "regime forces",
            "loyalist forces",
            "pro-government forces",
            "Syrian government forces",
            "Syrian regime forces",
            "pro-Assad militias",
            "pro-regime militias",
            "government loyalists",
            "Assad forces",
            "Assad's forces",
            "Assad’s forces",
            note='"pro-government forces" is Syria-specific here: Yemen has its own pro-Hadi forces.',
        ),
        A("jihadists", "CollectiveActor", "jihadist groups", "jihadist fighters", "jihadist factions"),
        A(
            "Gulf monarchies",
            "CollectiveActor",
            "Gulf states",
            "Gulf Arab states",
            "Gulf countries",
            "Arab Gulf states",
            "Gulf Arab monarchies",
        ),
        A(
            "Kurdish forces",
            "CollectiveActor",
            "Kurdish fighters",
            "Kurdish militia",
            "Kurdish militias",
            "Syrian Kurdish forces",
            "Kurdish-led forces",
            "Syrian Kurdish fighters",
        ),
        A(
            "Shia militias",
            "CollectiveActor",
            "Shiite militias",
            "Shi'ite militias",
            "Shi’ite militias",
            "Shia militiamen",
            "Iranian-backed militias",
            "Iran-backed militias",
            "Iraqi Shia militias",
            "Iraqi Shiite militias",
            note='"Iranian-backed militias" is the group\'s usual name in news; the backing itself must still come '
            "from a document.",
        ),
        A(
            "Western powers",
            "CollectiveActor",
            "Western countries",
            "Western governments",
            "Western nations",
            "Western states",
            "Western allies",
        ),
        A("international community", "CollectiveActor", "the international community"),
        A("foreign fighters", "CollectiveActor", "foreign jihadists", "foreign militants"),
        A(
            "Russian-backed separatists",
            "CollectiveActor",
            "pro-Russian separatists",
            "Russia-backed separatists",
            "pro-Russia separatists",
            "pro-Russian rebels",
            "Russian-backed rebels",
            "separatists in eastern Ukraine",
            "Donbas separatists",
            "Donbass separatists",
        ),
        A(
            "civilians",
            "CollectiveActor",
            "Syrian civilians",
            "civilian population",
            note="The usual victims named in reports; modelled so that attacks on them can be linked.",
        ),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# 12. People and their posts (W3C ORG). Dates only where we are sure of them.
# ---------------------------------------------------------------------------------------------------------

PEOPLE: list[tuple[str, list[Actor]]] = []


def people(title: str, actors: list[Actor], posts: list[Post]) -> None:
    PEOPLE.append((title, actors))
    POSTS.extend(posts)


def P(label: str, *alt: str, note: str = "") -> Actor:
    return Actor(label, "Person", list(alt), note=note)


people(
    "People: Syria",
    [
        P(
            "Bashar al-Assad",
            "Assad",
            "al-Assad",
            "Bashar Assad",
            "Bashar al Assad",
            "President Assad",
            "President Bashar al-Assad",
            "Syrian President Bashar al-Assad",
        ),
        P(
            "Walid al-Muallem",
            "Walid Muallem",
            "Walid al-Moallem",
            "Walid Moallem",
            "Walid al-Moualem",
            "Walid Mouallem",
            "Muallem",
            "Moallem",
            "al-Muallem",
            "al-Moallem",
        ),
        P(
            "Bashar Jaafari",
            "Bashar al-Jaafari",
            "Bashar Ja'afari",
            "Bashar al-Ja'afari",
            "Bashar Ja’afari",
            note='Bare "Jaafari" is not aliased: Ibrahim al-Jaafari was Iraq\'s foreign minister at the same time.',
        ),
        P(
            "Ahmed al-Sharaa",
            "Abu Mohammad al-Julani",
            "Abu Mohammed al-Julani",
            "Abu Mohammad al-Jolani",
            "Abu Mohammed al-Jolani",
            "Abu Muhammad al-Jawlani",
            "Abu Mohammed al-Golani",
            "Abu Mohammad al-Golani",
            "al-Julani",
            "al-Jolani",
            "al-Golani",
            "Julani",
            "Jolani",
            "Golani",
            note="Leader of Nusra, JFS and HTS under his nom de guerre; Syria's president after 2024 (that post "
            "is not modelled here, see the Syrian government note).",
        ),
        P("Abu Bakr al-Baghdadi", "al-Baghdadi", "Baghdadi", "Abu Bakr Baghdadi"),
        P(
            "Abu Mohammad al-Adnani",
            "Abu Muhammad al-Adnani",
            "Abu Mohammed al-Adnani",
            "al-Adnani",
            "Adnani",
        ),
        P(
            "Riyad Hijab",
            "Riad Hijab",
            "Riyad Farid Hijab",
            note='Bare "Hijab" is not aliased: it is an ordinary noun.',
        ),
    ],
    [
        Post("Bashar al-Assad", "president", "Syrian government", start="2000-07-17", end="2024-12-08"),
        Post("Walid al-Muallem", "minister", "Syrian Foreign Ministry", end="2020-11-16"),
        Post("Bashar Jaafari", "ambassador", "Syrian Foreign Ministry"),
        Post("Ahmed al-Sharaa", "head", "Jabhat al-Nusra"),
        Post("Ahmed al-Sharaa", "head", "Jabhat Fatah al-Sham"),
        Post("Ahmed al-Sharaa", "head", "Hay'at Tahrir al-Sham"),
        Post("Abu Bakr al-Baghdadi", "head", "Islamic State", end="2019-10-27"),
        Post("Abu Mohammad al-Adnani", "spokesperson", "Islamic State", end="2016-08-30"),
        Post("Riyad Hijab", "head", "High Negotiations Committee"),
    ],
)
people(
    "People: Russia",
    [
        P(
            "Vladimir Putin",
            "Putin",
            "President Putin",
            "President Vladimir Putin",
            "Vladimir Vladimirovich Putin",
        ),
        P("Dmitry Medvedev", "Dmitri Medvedev", "Medvedev"),
        P("Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Sergei Viktorovich Lavrov"),
        P("Sergei Shoigu", "Sergey Shoigu", "Shoigu", "Sergei Shoygu", "Sergey Shoygu"),
        P(
            "Igor Konashenkov",
            "Konashenkov",
            "Maj. Gen. Igor Konashenkov",
            "Major General Igor Konashenkov",
            "Maj Gen Igor Konashenkov",
            "Lt. Gen. Igor Konashenkov",
            "Lieutenant General Igor Konashenkov",
        ),
        P("Sergey Ryabkov", "Sergei Ryabkov", "Ryabkov"),
        P("Dmitry Peskov", "Dmitri Peskov", "Peskov"),
        P("Maria Zakharova", "Mariya Zakharova", "Zakharova"),
        P("Vitaly Churkin", "Vitaliy Churkin", "Churkin"),
    ],
    [
        Post("Vladimir Putin", "president", "Russian government", start="2012-05-07"),
        Post("Dmitry Medvedev", "primeMinister", "Russian government", start="2012-05-08", end="2020-01-16"),
        Post("Sergei Lavrov", "minister", "Russian Foreign Ministry", start="2004-03-09"),
        Post(
            "Sergei Shoigu", "minister", "Russian Ministry of Defence", start="2012-11-06", end="2024-05-12"
        ),
        Post("Igor Konashenkov", "spokesperson", "Russian Ministry of Defence"),
        Post("Sergey Ryabkov", "deputyMinister", "Russian Foreign Ministry"),
        Post("Dmitry Peskov", "spokesperson", "Russian government"),
        Post("Maria Zakharova", "spokesperson", "Russian Foreign Ministry"),
        Post("Vitaly Churkin", "ambassador", "Russian Foreign Ministry", end="2017-02-20"),
    ],
)
people(
    "People: United States",
    [
        P("Barack Obama", "Obama", "President Obama", "President Barack Obama", "Barack Hussein Obama"),
        P(
            "Donald Trump",
            "Trump",
            "President Trump",
            "President Donald Trump",
            "Donald J. Trump",
            note="President in two separate terms, so his post carries no dates.",
        ),
        P("John Kerry", "Kerry", "Secretary Kerry", "Secretary of State John Kerry", "John F. Kerry"),
        P("John Kirby", "Kirby", "Admiral John Kirby", "Rear Admiral John Kirby"),
        P(
            "Ash Carter",
            "Ashton Carter",
            "Ashton B. Carter",
            "Defense Secretary Ash Carter",
            note='Bare "Carter" is not aliased (Jimmy Carter).',
        ),
        P(
            "Samantha Power",
            "Ambassador Samantha Power",
            note='Bare "Power" is an ordinary word and is not aliased.',
        ),
        P("Mark Toner", "Toner"),
        P("Josh Earnest", note='Bare "Earnest" is an ordinary word and is not aliased.'),
    ],
    [
        Post("Barack Obama", "president", "US government", start="2009-01-20", end="2017-01-20"),
        Post("Donald Trump", "president", "US government"),
        Post(
            "John Kerry",
            "minister",
            "United States Department of State",
            start="2013-02-01",
            end="2017-01-20",
        ),
        Post("John Kirby", "spokesperson", "United States Department of State", end="2017-01-20"),
        Post(
            "Ash Carter",
            "minister",
            "United States Department of Defense",
            start="2015-02-17",
            end="2017-01-20",
        ),
        Post("Samantha Power", "ambassador", "United States Department of State", end="2017-01-20"),
        Post("Mark Toner", "spokesperson", "United States Department of State"),
        Post("Josh Earnest", "spokesperson", "US government", end="2017-01-20"),
    ],
)
people(
    "People: Turkey and Iran",
    [
        P(
            "Recep Tayyip Erdoğan",
            "Recep Tayyip Erdogan",
            "Erdoğan",
            "Erdogan",
            "President Erdogan",
            "President Erdoğan",
            "Tayyip Erdogan",
            "Tayyip Erdoğan",
        ),
        P("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu", "Çavuşoğlu", "Cavusoglu", "Mevlut Çavuşoğlu"),
        P(
            "Binali Yildirim",
            "Binali Yıldırım",
            "Prime Minister Yildirim",
            "Prime Minister Yıldırım",
            note='Bare "Yildirim" is a common Turkish surname and is not aliased.',
        ),
        P(
            "Ali Khamenei",
            "Ayatollah Ali Khamenei",
            "Ayatollah Khamenei",
            "Khamenei",
            "Supreme Leader Khamenei",
        ),
        P("Hassan Rouhani", "Rouhani", "Hasan Rouhani", "Hassan Rohani", "President Rouhani"),
        P("Mohammad Javad Zarif", "Javad Zarif", "Zarif", "Mohammed Javad Zarif"),
        P(
            "Qasem Soleimani",
            "Qassem Soleimani",
            "Qassem Suleimani",
            "Qasem Suleimani",
            "Soleimani",
            "Suleimani",
            "Ghasem Soleimani",
        ),
    ],
    [
        Post("Recep Tayyip Erdoğan", "president", "Turkish government", start="2014-08-28"),
        Post("Mevlüt Çavuşoğlu", "minister", "Turkish Foreign Ministry"),
        Post("Binali Yildirim", "primeMinister", "Turkish government", start="2016-05-24", end="2018-07-09"),
        Post("Ali Khamenei", "head", "Iranian government"),
        Post("Hassan Rouhani", "president", "Iranian government", start="2013-08-03", end="2021-08-03"),
        Post("Mohammad Javad Zarif", "minister", "Iranian Foreign Ministry"),
        Post("Qasem Soleimani", "commander", "Quds Force", end="2020-01-03"),
    ],
)
people(
    "People: Iraq, Gulf, Lebanon",
    [
        P("Haider al-Abadi", "Haidar al-Abadi", "Haider Abadi", "al-Abadi", "Abadi"),
        P("Salman bin Abdulaziz Al Saud", "King Salman", "Salman bin Abdulaziz", "King Salman bin Abdulaziz"),
        P(
            "Mohammed bin Salman",
            "Mohammad bin Salman",
            "Muhammad bin Salman",
            "MBS",
            "Prince Mohammed bin Salman",
            "Crown Prince Mohammed bin Salman",
            "Deputy Crown Prince Mohammed bin Salman",
        ),
        P("Adel al-Jubeir", "Adel Jubeir", "al-Jubeir", "Jubeir"),
        P(
            "Tamim bin Hamad Al Thani",
            "Emir Tamim",
            "Sheikh Tamim",
            "Sheikh Tamim bin Hamad Al Thani",
            "Emir Tamim bin Hamad Al Thani",
        ),
        P(
            "Mohammed bin Abdulrahman Al Thani",
            "Sheikh Mohammed bin Abdulrahman Al Thani",
            "Mohammed bin Abdulrahman al-Thani",
        ),
        P(
            "Hassan Nasrallah",
            "Nasrallah",
            "Sayyed Hassan Nasrallah",
            "Sayed Hassan Nasrallah",
            "Hasan Nasrallah",
        ),
    ],
    [
        Post("Haider al-Abadi", "primeMinister", "Iraqi government"),
        Post("Salman bin Abdulaziz Al Saud", "head", "Saudi government", start="2015-01-23"),
        Post("Mohammed bin Salman", "minister", "Saudi Ministry of Defence", start="2015-01-23"),
        Post("Adel al-Jubeir", "minister", "Saudi Foreign Ministry"),
        Post("Tamim bin Hamad Al Thani", "head", "Qatari government", start="2013-06-25"),
        Post("Mohammed bin Abdulrahman Al Thani", "minister", "Qatari Foreign Ministry"),
        Post("Hassan Nasrallah", "head", "Hezbollah", end="2024-09-27"),
    ],
)
people(
    "People: United Nations",
    [
        P(
            "Ban Ki-moon",
            "Ban Ki moon",
            "Secretary-General Ban Ki-moon",
            "UN Secretary-General Ban Ki-moon",
            note='Bare "Ban" is an ordinary word and is not aliased.',
        ),
        P("Staffan de Mistura", "de Mistura", "De Mistura", "Staffan De Mistura"),
        P(
            "Stephen O'Brien",
            "Stephen O’Brien",
            "Stephen OBrien",
            note="Bare \"O'Brien\" is not aliased: Robert O'Brien was US national security adviser later.",
        ),
        P("Jan Egeland", "Egeland"),
    ],
    [
        Post("Ban Ki-moon", "head", "United Nations", start="2007-01-01", end="2016-12-31"),
        Post("Staffan de Mistura", "envoy", "United Nations"),
        Post("Stephen O'Brien", "head", "UN Office for the Coordination of Humanitarian Affairs"),
        Post("Jan Egeland", "official", "United Nations"),
        Post("Jan Egeland", "head", "Norwegian Refugee Council"),
    ],
)
people(
    "People: United Kingdom and France",
    [
        P(
            "Boris Johnson",
            "Foreign Secretary Boris Johnson",
            note='Bare "Johnson" is too common a surname to alias.',
        ),
        P("Theresa May", "Prime Minister Theresa May"),
        P("Matthew Rycroft", "Rycroft"),
        P("François Hollande", "Francois Hollande", "Hollande", "President Hollande"),
        P("Jean-Marc Ayrault", "Jean Marc Ayrault", "Ayrault"),
    ],
    [
        Post(
            "Boris Johnson",
            "minister",
            "Foreign and Commonwealth Office",
            start="2016-07-13",
            end="2018-07-09",
        ),
        Post("Boris Johnson", "primeMinister", "British government", start="2019-07-24", end="2022-09-06"),
        Post("Theresa May", "primeMinister", "British government", start="2016-07-13", end="2019-07-24"),
        Post("Matthew Rycroft", "ambassador", "Foreign and Commonwealth Office"),
        Post("François Hollande", "president", "French government", start="2012-05-15", end="2017-05-14"),
        Post("Jean-Marc Ayrault", "minister", "French Foreign Ministry"),
    ],
)
people(
    "People: Yemen",
    [
        P(
            "Abdrabbuh Mansur Hadi",
            "Abd Rabbuh Mansur Hadi",
            "Abed Rabbo Mansour Hadi",
            "Abdrabbo Mansour Hadi",
            "Abdu Rabbu Mansour Hadi",
            "Mansour Hadi",
            "President Hadi",
            note='Bare "Hadi" is not aliased: it is a common given name (Hadi al-Amiri, among others).',
        ),
        P(
            "Ali Abdullah Saleh",
            "Ali Abdallah Saleh",
            "former President Saleh",
            note='Bare "Saleh" is not aliased: too many Salehs in the region\'s news.',
        ),
        P(
            "Abdul-Malik al-Houthi",
            "Abdulmalik al-Houthi",
            "Abdel-Malek al-Houthi",
            "Abdul Malik al-Houthi",
            "Abdul-Malik Badruddin al-Houthi",
        ),
    ],
    [
        Post("Abdrabbuh Mansur Hadi", "president", "Yemeni government", start="2012-02-25", end="2022-04-07"),
        Post("Ali Abdullah Saleh", "head", "General People's Congress", end="2017-12-04"),
        Post("Abdul-Malik al-Houthi", "head", "Houthis"),
    ],
)
people(
    "People: Libya",
    [
        P(
            "Khalifa Haftar",
            "Khalifa Hifter",
            "Haftar",
            "Hifter",
            "Khalifa Hafter",
            "Field Marshal Khalifa Haftar",
            "General Khalifa Haftar",
            "Gen. Khalifa Haftar",
        ),
        P(
            "Fayez al-Sarraj",
            "Fayez Sarraj",
            "Fayez al-Serraj",
            "Fayez Serraj",
            "Faiez Serraj",
            "Sarraj",
            "Serraj",
            "al-Sarraj",
        ),
        P("Aguila Saleh Issa", "Aguila Saleh", "Aqila Saleh", "Agila Saleh", "Aqilah Saleh"),
    ],
    [
        Post("Khalifa Haftar", "commander", "Libyan National Army"),
        Post("Fayez al-Sarraj", "primeMinister", "Government of National Accord"),
        Post("Aguila Saleh Issa", "head", "Libyan House of Representatives"),
    ],
)
people(
    "People: Ukraine",
    [
        P("Petro Poroshenko", "Poroshenko", "President Poroshenko"),
        P(
            "Volodymyr Zelensky",
            "Volodymyr Zelenskyy",
            "Volodymyr Zelenskiy",
            "Zelensky",
            "Zelenskyy",
            "Zelenskiy",
            "President Zelensky",
            "President Zelenskyy",
        ),
        P("Alexander Zakharchenko", "Aleksandr Zakharchenko", "Oleksandr Zakharchenko", "Zakharchenko"),
        P("Denis Pushilin", "Denys Pushylin", "Pushilin"),
    ],
    [
        Post("Petro Poroshenko", "president", "Ukrainian government", start="2014-06-07", end="2019-05-20"),
        Post("Volodymyr Zelensky", "president", "Ukrainian government", start="2019-05-20"),
        Post("Alexander Zakharchenko", "head", "Donetsk People's Republic", end="2018-08-31"),
        Post("Denis Pushilin", "head", "Donetsk People's Republic"),
    ],
)

# ---------------------------------------------------------------------------------------------------------
# Rendering.
# ---------------------------------------------------------------------------------------------------------

HEADER = """\
# Reference actors for allegiance: states, governments, government bodies, international organisations,
# armed groups, media, collective actors and people (with their posts, W3C ORG).
#
# Loaded into the reference-actors graph. The ingest builds its entity ruler from this file: every
# rdfs:label and skos:altLabel becomes a pattern, so an alias here is a promise that the string names this
# actor in English-language news.
#
# GENERATED by tools/build_reference_actors.py from the tables in that script. Edit the script, re-run it,
# and commit both; tests/test_reference_actors.py checks that they agree.
#
# Conventions
#   * Actor IRIs are actor:{slug(rdfs:label)} (core/iris.py); post IRIs are post:{person}-{role}-{org}.
#   * al:wikidata only for QIDs marked 'verified' or 'well-known' in the shared QID table. Rows marked
#     'single source' or 'probable' are deliberately left unlinked (noted at the actor).
#   * Structural facts only (al:partOf, al:memberOf, al:governmentOf, al:renamedTo). Alignments such as
#     al:backs or al:opposes are never asserted here: they need a document as evidence.
#   * Capitals are al:capital values of the state, never aliases of its government.
#   * Post dates are given only where certain; an absent date means unknown, not open-ended.

@prefix actor: <https://w3id.org/allegiance/id/actor/> .
@prefix post: <https://w3id.org/allegiance/id/post/> .
@prefix al: <https://w3id.org/allegiance/ontology#> .
@prefix kind: <https://w3id.org/allegiance/kind/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def lit(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


MINTER = Minter(DEFAULT_BASE_IRI)  # shipped data is written against the default base


def ref(label: str) -> str:
    return "actor:" + str(MINTER.actor(label)).removeprefix(DEFAULT_BASE_IRI + "id/actor/")


def post_name(p: Post) -> str:
    return "post:" + str(MINTER.post(p.person, p.role, p.org)).removeprefix(DEFAULT_BASE_IRI + "id/post/")


def _values(values: list[str], indent: str = "        ") -> str:
    if len(values) <= 3 and sum(len(v) for v in values) < 70:
        return ", ".join(values)
    return "\n" + ",\n".join(indent + v for v in values)


def _comment(text: str, indent: str = "") -> list[str]:
    import textwrap

    return [indent + "# " + line for line in textwrap.wrap(text, 108 - len(indent))]


def render_actor(a: Actor, holds: list[Post]) -> str:
    lines = _comment(a.note) if a.note else []
    if a.label in UNLINKED:
        lines += _comment(f"The shared QID table has this actor as '{UNLINKED[a.label]}': left unlinked.")
    props: list[tuple[str, str]] = [("rdfs:label", lit(a.label))]
    if a.alt:
        props.append(("skos:altLabel", _values([lit(x) for x in a.alt])))
    if a.government_of:
        props.append(("al:governmentOf", ref(a.government_of)))
    if a.capital:
        props.append(("al:capital", ", ".join(lit(x) for x in a.capital)))
    if a.places:
        props.append(("al:place", ", ".join(lit(x) for x in a.places)))
    if a.demonym:
        props.append(("al:demonym", ", ".join(lit(x) for x in a.demonym)))
    for pred, targets in (("al:partOf", a.part_of), ("al:memberOf", a.member_of), ("al:leads", a.leads)):
        if targets:
            props.append((pred, ", ".join(ref(t) for t in targets)))
    if a.renamed_to:
        props.append(("al:renamedTo", ref(a.renamed_to)))
    if holds:
        props.append(("org:holds", _values([post_name(p) for p in holds])))
        speaks = sorted({p.org for p in holds if p.role == "spokesperson"})
        if speaks:
            props.append(("al:speaksFor", ", ".join(ref(o) for o in speaks)))
    if a.label in WIKIDATA:
        props.append(("al:wikidata", f"wd:{WIKIDATA[a.label]}"))
    body = " ;\n".join(f"    {p} {v}" if not v.startswith("\n") else f"    {p}{v}" for p, v in props)
    lines.append(f"{ref(a.label)} a al:{a.cls} ;\n{body} .")
    return "\n".join(lines)


def render_post(p: Post) -> str:
    props = [("org:role", f"kind:{p.role}"), ("org:postIn", ref(p.org))]
    if p.start:
        props.append(("al:startDate", f'"{p.start}"^^xsd:date'))
    if p.end:
        props.append(("al:endDate", f'"{p.end}"^^xsd:date'))
    body = " ;\n".join(f"    {k} {v}" for k, v in props)
    return f"{post_name(p)} a al:Post ;\n{body} ."


def _banner(title: str, intro: str) -> list[str]:
    out = ["", "", "# " + "=" * 106, f"# {title}"]
    if intro:
        out += _comment(intro)
    out.append("# " + "=" * 106)
    return out


def check() -> None:
    """Fail early on dangling references, unknown roles and clashing IRIs."""
    actors = [a for _, _, acts in SECTIONS for a in acts] + [a for _, acts in PEOPLE for a in acts]
    labels = {a.label for a in actors}
    iris: dict[str, str] = {}
    for a in actors:
        other = iris.setdefault(slug(a.label), a.label)
        if other != a.label:
            raise SystemExit(f"IRI clash: {a.label!r} and {other!r}")
        for t in [*a.part_of, *a.member_of, *a.leads, a.renamed_to, a.government_of]:
            if t and t not in labels:
                raise SystemExit(f"{a.label!r} refers to unknown actor {t!r}")
    for label in WIKIDATA:
        if label not in labels:
            raise SystemExit(f"Wikidata entry for unknown actor {label!r}")
    seen = set()
    for p in POSTS:
        if p.role not in ROLES:
            raise SystemExit(f"unknown role {p.role!r}")
        if p.person not in labels or p.org not in labels:
            raise SystemExit(f"post refers to unknown actor: {p}")
        if post_name(p) in seen:
            raise SystemExit(f"duplicate post {post_name(p)}")
        seen.add(post_name(p))


def render() -> str:
    check()
    out = [HEADER.rstrip("\n")]
    for title, intro, actors in SECTIONS:
        out += _banner(title, intro)
        for a in actors:
            out += ["", render_actor(a, [])]
    for title, actors in PEOPLE:
        out += _banner(title, "")
        for a in actors:
            holds = [p for p in POSTS if p.person == a.label]
            out += ["", render_actor(a, holds)]
            for p in holds:
                out += ["", render_post(p)]
    return "\n".join(out).replace("\n\n\n\n", "\n\n") + "\n"


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
