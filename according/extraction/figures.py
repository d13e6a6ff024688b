"""Figures (numeric claims) tied to who reported them.

A figure is a number phrase that counts or measures something: "about 1,200 people",
"$4.5bn", "between 200 and 300", "thousands of children", "12%", "a third of the population".
For each one we give its normalised value (``value``, ``low``, ``high``, ``qualifier``; see
``according.extraction.numbers`` for the conventions), what it counts (``counted``), the event it
belongs to (``predicate``, a past participle: "killed", "displaced") and the attribution that
reports it (``attribution``/``source_entity``; null when the text gives no source).

Not figures: dates, years, times of day, ages, ordinals, numbers inside names ("Fattah 2",
"Boeing 737", "Section 230", "Covid-19"), phone numbers, list markers and sports scores. spaCy's
entity labels (DATE/TIME/ORDINAL and names) mark most of these; rules catch what the small
model mislabels. A length of time is a figure ("for 18 years", "a 45-minute commute"), unless it
places an event in time or frames another figure ("two years ago", "$374 billion over 10 years").

The span (``start``/``end``/``text``) covers the number phrase with its qualifier, currency,
percent and time-unit words ("about 1,200", "more than $4.5bn", "12 per cent", "18 years");
the counted noun is not in it.

Convention for the bounds: ``exact`` → value = low = high; ``approximately`` → value only;
``more_than``/``at_least`` → low = value; ``less_than``/``up_to`` → high = value; ranges
("between 200 and 300", "200-300", "two or three") → value null, low and high the stated ends,
qualifier ``approximately``; vague amounts → value null, order of magnitude in low/high.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from according.extraction import numbers as num
from according.extraction.lexicon import ACCORDING_PREPS, CUE_NOUNS, CUE_VERBS, GROUP_NOUNS
from according.extraction.nlp import doc_text, tokens_where
from according.extraction.quotes import QuoteMap
from according.schema import Attribution, Entity, Figure

#: Entity labels whose numbers are never figures.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "FAC", "LAW",
                         "WORK_OF_ART", "NORP", "LANGUAGE"})
#: Counted nouns that make a number a time or an age, not a figure, unless it is a length of
#: time (``_duration``).
TIME_UNITS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
                        "night", "nights", "week", "weeks", "weekend", "weekends", "month", "months",
                        "year", "years", "decade", "decades", "century", "centuries", "am", "pm",
                        "a.m.", "p.m.", "gmt", "utc", "bst", "est", "edt", "pst", "cet", "o'clock",
                        "hrs", "yrs", "year-old", "years-old"})
#: Words that make the following number a label ("Section 230", "No. 10", "flight 17").
LABEL_WORDS = frozenset({"section", "article", "chapter", "paragraph", "clause", "page", "pages",
                         "line", "room", "flight", "route", "resolution", "no", "no.", "nos", "nos.",
                         "number", "item", "rule", "amendment", "bus", "platform", "gate", "level",
                         "phase", "stage", "grade", "model", "version", "vol", "vol.", "volume",
                         "exhibit", "figure", "fig", "fig.", "table", "appendix", "annex", "tier",
                         "category", "class", "type", "#", "act", "step", "episode", "season",
                         "game", "round", "match", "series", "district", "ward", "precinct",
                         "highway", "interstate", "apartment", "unit", "suite", "box", "code"})
PHONE_WORDS = frozenset({"call", "phone", "telephone", "tel", "tel.", "fax", "hotline", "dial",
                         "whatsapp", "mobile", "helpline", "text"})
SCORE_WORDS = frozenset({"win", "victory", "defeat", "loss", "draw", "lead", "scoreline", "thrashing",
                         "won", "beat", "lost", "drew", "defeated", "trailed", "led", "leads"})
PERCENT_WORDS = frozenset({"%", "percent", "pct", "pc"})
CLOCK_WORDS = frozenset({"am", "pm", "a.m.", "p.m.", "gmt", "utc", "o'clock", "o’clock", "hrs",
                         "h"})
#: Largest spelled-out number read as a reference back after "the" ("the two men").
ANAPHORIC_MAX = 10
#: Plain nouns for a set of people or countries the text already named ("the two men").
REFERENCE_NOUNS = frozenset({"man", "woman", "men", "women", "country", "nation", "leader", "side",
                             "couple", "sibling", "brother", "sister"})
_UNIT_SUFFIXES = frozenset(num.SCALE_ABBREVIATIONS) | PERCENT_WORDS | {"s"}
#: Verbs that do not make an event of the number they govern.
NON_EVENT_VERBS = frozenset({"be", "have", "say", "tell", "add", "claim", "report", "state", "announce",
                             "include", "number", "total", "reach", "stand", "rise", "climb",
                             "increase", "jump", "grow", "fall", "drop", "decline", "put",
                             "estimate", "give", "make", "do", "get", "take", "see", "show",
                             "become", "remain", "accord", "exceed", "top", "hit", "surpass"})
#: Determiners that make "the 2004 changes" a year, not a count of 2,004 changes.
YEAR_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that", "those", "these"})
#: Words after which "about" is a preposition, not "approximately" ("learn more about 529 plans").
ABOUT_AS_PREPOSITION = frozenset({"more", "less", "much", "learn", "learned", "talk", "talked", "talking",
                                  "know", "knew", "think", "thought", "care", "cared", "worry", "worried",
                                  "concerned", "ask", "asked", "question", "questions", "information",
                                  "news", "story", "stories", "something", "nothing", "anything",
                                  "everything", "all", "what", "how", "write", "wrote", "read", "hear",
                                  "heard", "speak", "spoke", "complain", "complained", "joke", "joked"})
#: First words of cues that name a source rather than a speech act ("according to", "per").
ACCORDING_CUES = frozenset({"according", "per", "citing", "cited", "via"})
#: Dependents of a reporting verb that carry what is reported.
REPORTED_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "csubj"})
#: Nouns after which "under 30" / "over 65" are ages.
PERSON_NOUNS = frozenset({"people", "voters", "children", "adults", "those", "anyone", "men", "women",
                          "kids", "youths", "americans", "residents", "workers", "patients", "everyone",
                          "persons", "individuals", "citizens", "teenagers", "girls", "boys"})
#: Events that make a bare "one" a figure ("one person was killed").
CASUALTY_EVENTS = frozenset({"killed", "wounded", "injured", "died", "arrested", "detained", "displaced",
                             "hurt", "shot", "kidnapped", "abducted", "held", "rescued", "executed",
                             "sentenced", "charged", "convicted", "deported", "released", "freed",
                             "hospitalized", "hospitalised", "evacuated", "left", "missing", "stabbed"})
#: State words after a figure and the event they report ("14 people dead", "20 wounded").
STATE_EVENTS = {"dead": "killed", "killed": "killed", "wounded": "wounded", "injured": "injured",
                "hurt": "injured", "missing": "missing", "homeless": "displaced", "displaced": "displaced",
                "arrested": "arrested", "detained": "detained"}
#: Nouns whose "of" phrase is their quantity ("a total of 1,200 people"), unlike "the nominee of
#: the two parties" or "a loss of $916 million, which allowed …".
QUANTITY_HEADS = frozenset({"total", "number", "tally", "count", "sum", "estimate", "figure", "maximum",
                            "minimum", "average", "majority", "minority", "group", "crowd", "some", "all",
                            "most", "many", "none", "each", "both", "half", "third", "quarter"})
#: Nouns that stand for a quantity named before ("the true figure is closer to 120 million",
#: "officials put the toll at 300"): such a figure is another value of that quantity.
RESTATING_NOUNS = frozenset({"figure", "number", "total", "tally", "toll", "count", "estimate",
                             "amount", "sum", "cost", "bill"})
#: Words that may qualify a restating noun; any other modifier ("the average donation amount",
#: "the number of injured") makes it a quantity of its own.
RESTATING_QUALIFIERS = frozenset({"true", "real", "actual", "official", "final", "correct", "exact",
                                  "new", "revised", "latest", "updated", "higher", "lower", "total",
                                  "overall", "full", "likely", "accurate"})
#: Verbs that give a restating noun its value: "the figure is / stands at", "put the toll at",
#: "the estimate was revised to".
RESTATING_VERBS = frozenset({"be", "stand", "remain", "put", "place", "peg", "set", "estimate",
                             "revise", "raise", "lower", "adjust", "update", "correct"})
#: Sentences back that a restated quantity may point to.
RESTATE_WINDOW = 3
#: Toll nouns and the event their figures count ("the death toll rose to 1,200" → killed).
TOLL_EVENTS = {"death": "killed", "fatality": "killed", "fatalities": "killed", "deaths": "killed",
               "injury": "injured", "injuries": "injured"}
#: Verbs whose "X to Y" gives a change of value, two figures, not a range ("rose $2.47 to $37.75").
CHANGE_VERBS = frozenset({"rise", "fall", "increase", "decrease", "jump", "climb", "drop", "decline",
                          "grow", "surge", "soar", "plunge", "slip", "slide", "sink", "tumble", "gain",
                          "lose", "shrink", "swell", "raise", "lower", "cut", "reduce", "boost", "lift",
                          "go", "move", "change", "revise", "double", "triple", "widen", "narrow",
                          "expand", "contract", "edge", "inch", "dip", "rebound", "recover", "fell"})
#: Nouns after "3 to 1" that make it a ratio, not a range.
ODDS_NOUNS = frozenset({"margin", "ratio", "majority", "odds", "edge", "advantage", "lead", "split",
                        "vote", "decision"})
#: Cue words (lemmas) of attributions that report what their content holds.
REPORTING_WORDS = CUE_VERBS | CUE_NOUNS | {w for p in ACCORDING_PREPS for w in p.split()} | frozenset(
    {"per", "citing", "cite", "via", "find", "found", "show", "estimate", "project", "calculate",
     "tally", "count", "put", "peg", "model", "rate", "survey", "poll", "document", "record", "log",
     "register", "compile", "verify", "list", "track",
     "source",  # a chart's note: "Source: NATO."
     "hear",  # hearsay is the hearer's report: "Many Americans have heard that 20 veterans …"
     # proposals: the figures of an offer or a demand are whoever makes it
     "offer", "propose", "demand", "recommend", "request"})
#: Verbs of deciding to act: what is decided is told, not reported ("agreed to lend $5 million").
DECISION_VERBS = frozenset({"agree", "decide", "refuse", "decline"})
#: Verbs whose subject gives the figure they take ("puts the figure at", "estimates").
ESTIMATING_VERBS = frozenset({"put", "peg", "place", "estimate", "project", "calculate", "forecast",
                              "predict", "tally", "count", "record", "document", "find"})
#: Nouns for a figure someone arrived at: their possessor reports it ("the IMF's forecast").
ESTIMATE_NOUNS = frozenset({"estimate", "forecast", "projection", "count", "tally", "calculation",
                            "prediction", "outlook"})
#: Heads of a share of people ("a majority of voters expect"): a poll's answer, not a report.
SHARE_WORDS = frozenset({"majority", "minority", "plurality", "half", "third", "quarter", "most",
                         "share", "fraction"})
#: Words beside a vote's tally ("voted 19-15", "a 5-4 ruling").
TALLY_WORDS = frozenset({"vote", "ruling", "decision", "verdict", "margin"})
#: Nouns for what someone proposes: their possessor sets its figures ("Clinton's plan").
PLAN_NOUNS = frozenset({"plan", "proposal", "budget", "bill", "agenda", "platform"})
#: What someone commits to doing, whose figures are theirs ("his pledge to cut taxes 15 percent").
COMMITMENT_NOUNS = frozenset({"promise", "pledge", "vow", "threat", "plan", "proposal", "offer",
                              "demand", "call"})
#: Entity labels that name where a figure is set.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Head nouns of sources whose results run on over the following sentences.
WORK_NOUNS = frozenset({"poll", "polls", "survey", "study", "report", "analysis", "data", "census",
                        "research", "review", "audit", "index", "estimate", "forecast", "projection",
                        "tally", "statistic", "statistics", "figures", "numbers", "count", "findings",
                        "model", "simulation", "ranking", "rankings"})
#: Words of a poll's method: a sentence with one describes the poll, in the article's voice.
METHOD_WORDS = frozenset({"sample", "samples", "margin of error", "margin of sampling error",
                          "surveyed", "interviewed", "respondents",
                          "conducted", "weighted", "landline", "cellphone", "online"})
#: Participles that tell how a report was made ("…, using an average of five polls").
METHOD_VERBS = frozenset({"use", "base", "draw", "average", "weight", "combine", "pool"})
#: Sentences back that a continued report may have been made in.
CONTINUATION_WINDOW = 4
#: Steps up the parse from a figure to the verb of its clause, past the prepositions and nouns
#: of a phrase that scopes it ("For those with incomes above $1 million, she would install …").
CLAUSE_DEPTH = 8
#: Prepositions that pass a figure up to the noun it belongs to ("including 5,000 children").
PARTITIVE_PREPS = frozenset({"including", "among", "of", "excluding", "besides"})

_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s*)\d{3,4}[\s.-]\d{3,4}"  # (202) 555-0100
    r"|\+\d{1,3}(?:[\s.-]\d{2,5}){2,4}"  # +44 20 7946 0958
    r"|\b\d{3}[.-]\d{3}[.-]\d{4}\b"  # 555-123-4567
)
_YEAR = re.compile(r"1\d{3}|20\d\d|21\d\d")
_METHOD = re.compile(r"(?i)\b(?:" + "|".join(sorted(METHOD_WORDS)) + r")\b")  # not "a 2 to 1 margin"
_DATE_CUE = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b|\b(?:mon|tues|wednes|"
    r"thurs|fri|satur|sun)day|\b(?:1[0-9]|20|21)\d\d(?:s)?\b|\b(?:second|minute|hour|day|night|week|"
    r"month|year|decade|centur)(?:y|ies|s)?\b|year-old|\bago\b|\b[ap]\.?m\.?\b|:\d\d|\d(?:st|nd|rd|th)\b"
    r"|\b(?:today|tonight|yesterday|tomorrow)\b"
)


@dataclass
class _Phrase:
    """A number phrase found in the token stream, before linking."""

    start: int  # token index (inclusive)
    end: int  # token index (exclusive)
    head: int  # the token that carries the number (for the dependency tree)
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    counted: str | None = None
    unit_fixed: bool = False  # counted comes from a currency/percent, not a noun


def extract_figures(doc: Doc, attributions: list[Attribution], entities: list[Entity],
                    quotes: QuoteMap | None = None) -> list[Figure]:
    """Every numeric claim in ``doc`` with its attribution and source entity (or null).
    ``quotes``: the text's quotation marks, when the caller has read them already."""
    phrases = find_phrases(doc)
    if not phrases:
        return []
    known = {e.id for e in entities}
    reporting = [a for a in attributions if _reports(doc, a)]
    nearby = _by_sentence(doc, reporting)
    continued = _ContinuedReports(doc, reporting)
    quoted_on = _QuotedOn(doc, reporting, quotes)
    settings = _Settings(doc)
    figures: list[Figure] = []
    sentence_of: list[int] = []  # per figure: index of its sentence's first token
    for p in phrases:
        start, end, stop = doc[p.start].idx, doc[p.end - 1].idx + len(doc[p.end - 1].text), p.end
        counted, anchors = _counted(doc, p)
        if counted in TIME_UNITS and not p.unit_fixed:
            if not _duration(doc, p):
                continue
            p, counted, stop = _time_counted(doc, p)  # "18 years" spans its unit, like "12 percent"
            end = doc[stop - 1].idx + len(doc[stop - 1])
        state = _state_after(doc, p, anchors)
        predicate, agent = (state, None) if state else _predicate(doc, anchors)
        sentence = doc[p.head].sent.start
        if predicate is None and _restates(doc[p.head]):
            earlier = _restated(doc, figures, sentence_of, sentence, p.counted or counted)
            if earlier is not None:
                counted, predicate, agent = earlier.counted, earlier.predicate, earlier.agent
        if (p.qualifier == "exact" and p.counted is None
                and all(_is_num_word(t) or t.text in ("-", "‐") for t in doc[p.start:p.end])):
            # spelled-out bare numbers: "one thing", "the other two" are not claims; keep
            # "one person was killed" and "killed three"
            word = doc[p.start].lower_
            if word in ("one", "zero") and predicate not in CASUALTY_EVENTS:
                continue
            if _refers_back(doc, p) and predicate not in CASUALTY_EVENTS:
                continue  # "the two men", "their two nations", "the other three": who, not how many
            if counted is None and predicate is None:
                continue
        attribution = link_attribution(doc, start, end, p.head, nearby(start))
        if attribution is None:
            attribution = continued(start) or quoted_on(start)
        if attribution is not None and (_aside(doc, p, attribution) or _accused(doc, p, attribution)):
            attribution = None
        speaker = _claimed_by(doc, p, entities) or (
            attribution.speaker if attribution else _estimated_by(doc, p, entities))
        if speaker is not None and known and speaker not in known:
            speaker = None
        if attribution is not None and attribution.speaker == speaker:
            speaker = (_body_of(doc, attribution, entities) or _relayed_from(doc, attribution, entities)
                       or speaker)
        sentence_of.append(sentence)
        place, period = settings.of(p, attribution)
        figures.append(Figure(
            id=f"f{len(figures) + 1}", start=start, end=end, text=doc[p.start:stop].text,
            value=p.value, low=p.low, high=p.high, qualifier=p.qualifier,
            counted=p.counted or counted, predicate=predicate,
            attribution=attribution.id if attribution else None, source_entity=speaker,
            agent=agent, place=place, period=period))
    return figures


# ---------------------------------------------------------------------------------------------
# Finding number phrases


def find_phrases(doc: Doc) -> list[_Phrase]:
    """Number phrases in text order, exclusions applied (no counted/predicate/attribution yet).

    Candidates come from ``_number_starts``; the rest reads tokens.
    """
    out: list[_Phrase] = []
    starts = _number_starts(doc)
    i, n = 0, len(doc)
    excluded_end = -1  # end of the last number refused as a date, age, name…
    while i < n:
        k = bisect_left(starts, i)
        if k == len(starts):
            break
        i = starts[k]
        phrase = _phrase_at(doc, i)
        if phrase is None:
            i += 1
            continue
        joined = (0 <= i - excluded_end <= 1 and doc[i - 1].lower_ in ("and", "or", "to", "-", "–", "&")
                  and not phrase.unit_fixed)  # not "by 2030 to 32 percent"
        if joined or _excluded(doc, phrase):
            # "ages of 17 and 20", "27 and 29 years old": the partner of a refused number goes too
            excluded_end = phrase.end
            is_range = phrase.value is None and phrase.qualifier != "vague"
            i = phrase.end if is_range else i + 1
            continue
        out.append(phrase)
        i = phrase.end
    return out


#: Words that are a multiple ("more than twice as much"), counted in "times".
MULTIPLE_WORDS = {"twice": 2.0, "thrice": 3.0}
#: Lower-case words that can start a number phrase.
_START_WORDS = (num.NUMBER_WORDS | frozenset(num.VAGUE) | frozenset(num.VAGUE_MULTIPLIERS)
                | frozenset(num.FRACTIONS) | frozenset(num.VAGUE_FEW) | {"a", "an"}
                | frozenset(MULTIPLE_WORDS) | {f"{w}fold" for w in num.NUMBER_WORDS})


def _number_starts(doc: Doc) -> list[int]:
    """Tokens that may start a number phrase: a digit first or a number word. Read from arrays,
    since a Token object per word costs more than the phrase search itself."""
    text = doc_text(doc)
    digits = [i for i, c in enumerate(doc.to_array("IDX").tolist()) if text[c].isdigit()]
    return sorted({*digits, *tokens_where(doc, "LOWER", _START_WORDS)})


def _is_num_word(tok: Token) -> bool:
    return tok.lower_ in num.NUMBER_WORDS


def _core_end(doc: Doc, i: int) -> int:
    """End (exclusive) of the cardinal starting at token ``i`` ("12.3 million", "twenty-five")."""
    n = len(doc)
    first = doc[i].lower_
    if num.is_digits(first) or num.split_suffixed(first):
        j = i + 1
        if (j < n and not doc[i].whitespace_ and doc[j].lower_ in num.SCALE_ABBREVIATIONS
                and not num.split_suffixed(first)):
            return j + 1  # "300" "m"
        while j < n and doc[j].lower_ in num.SCALES or (j < n and doc[j].lower_ == "hundred"):
            j += 1
        return j
    j = i
    if first in ("a", "an"):
        if i + 1 < n and doc[i + 1].lower_ in ("hundred", "dozen") | num.SCALES.keys():
            j = i + 1
        else:
            return i
    while j < n:
        low = doc[j].lower_
        if low in num.NUMBER_WORDS:
            j += 1
        elif (low in ("-", "‐") and j + 1 < n and not doc[j - 1].whitespace_ and not doc[j].whitespace_
              and doc[j - 1].lower_ in num.TENS and doc[j + 1].lower_ in num.UNITS):
            j += 1
        elif (low == "and" and j + 1 < n and doc[j - 1].lower_ in ("hundred", *num.SCALES)
              and (doc[j + 1].lower_ in num.UNITS or doc[j + 1].lower_ in num.TENS)):
            j += 1
        else:
            break
    return j


def _core_value(doc: Doc, i: int, j: int) -> float | None:
    return num.parse_cardinal([t.lower_ for t in doc[i:j]])


def _phrase_at(doc: Doc, i: int) -> _Phrase | None:
    """The figure phrase whose number starts at token ``i``, or None."""
    n = len(doc)
    low = doc[i].lower_
    vague = _vague_at(doc, i)
    if vague:
        return vague
    fraction = _fraction_at(doc, i)
    if fraction:
        return fraction
    times = _multiple(low)
    if times is not None:
        phrase = _with_context(doc, i, i + 1, i, times, None, None, "exact")
        return _Phrase(phrase.start, phrase.end, phrase.head, phrase.value, phrase.low, phrase.high,
                       phrase.qualifier, "times", True)
    tally = _tally_at(doc, i)
    if tally:
        return tally
    range_token = num.split_range_token(doc[i].text)
    if range_token:
        a, b = (num.to_number(num.digits_value(x)) for x in range_token)
        if a >= b:
            return None  # "3–1": a score, not a range
        return _with_context(doc, i, i + 1, i, None, a, b, "approximately")
    j = _core_end(doc, i)
    if j <= i:
        return None
    value = _core_value(doc, i, j)
    if value is None:
        return None
    head = j - 1
    ratio = _ratio_at(doc, i, j, value)
    if ratio:
        return ratio
    if j < n and doc[j].lower_ == "figures" and value == int(value) and 2 <= value <= 12:
        # "a six-figure salary" is written "six figures": 100,000–999,999
        return _with_context(doc, i, j + 1, i, None, 10 ** (value - 1), 10 ** value - 1, "vague")
    if low == "one" and j == i + 1 and not _quantifies_next(doc, i):
        return None  # "one of them", "no one", "one another"
    # ranges: "200-300", "200 to 300", "between 200 and 300", "two or three", "$2-3bn", "5% to 25%"
    u = j + 1 if j + 2 < n and doc[j].lower_ in PERCENT_WORDS and doc[j + 1].lower_ in ("to", "-", "–") else j
    if u + 1 < n:
        sep = doc[u].lower_
        between = i > 0 and doc[i - 1].lower_ in ("between", "from") or (
            i > 1 and doc[i - 1].text in num.CURRENCY_SYMBOLS and doc[i - 2].lower_ in ("between", "from"))
        joins = sep in ("-", "–", "—", "to") or (sep == "and" and between) or (
            sep == "or" and _is_num_word(doc[i]))
        m = u + 2 if doc[u + 1].lower_ in num.CURRENCY_SYMBOLS and u + 2 < n else u + 1  # "$50 to $100"
        if joins and (doc[m].text[0].isdigit() or _is_num_word(doc[m])):
            k = _core_end(doc, m)
            second = _core_value(doc, m, k) if k > m else None
            odds = _odds_at(doc, i, j, value, second, k) if second is not None and sep == "to" else None
            if odds:
                return odds
            if second is not None and sep == "to" and _change_of_value(doc[u]):
                second = None  # "rose $2.47 to $37.75", "fell from 58 to 55": two figures
            if second is not None:
                lead = _leading_value(doc[m])
                if j == i + 1 and u == j and lead and second > lead and not num.split_suffixed(doc[i].lower_):
                    value = value * (second / lead)  # scale written once: "2 to 3 million", "$2-3bn"
                if value < second and (u == j or (k < n and doc[k].lower_ in PERCENT_WORDS)):
                    return _with_context(doc, i, k, k - 1, None, value, second, "approximately")
                if sep in ("-", "–", "—") and not doc[u - 1].whitespace_:
                    return None  # "3-1", "2-2": a score
    return _with_context(doc, i, j, head, value, None, None, "exact")


def _tally_at(doc: Doc, i: int) -> _Phrase | None:
    """A vote's tally ("voted 19-15", "a 5-4 decision", "by a 2-to-1 vote"): one figure of votes
    with no single value, not a range or a score. Only beside a word of voting or ruling."""
    n = len(doc)
    if not doc[i].text.isdigit() or i + 2 >= n or doc[i + 1].text not in ("-", "–") \
            or doc[i].whitespace_:
        return None
    second = doc[i + 2].text.removeprefix("to-")
    if not second.isdigit():
        return None
    near = {t.lemma_.lower() for t in doc[max(0, i - 2):min(n, i + 5)]}
    if not near & TALLY_WORDS:
        return None
    return _Phrase(i, i + 3, i + 2, None, None, None, "exact", "votes", True)


def _multiple(word: str) -> float | None:
    """2 for "twice", 3 for "thrice" or "threefold", 10 for "tenfold"; None otherwise."""
    if word in MULTIPLE_WORDS:
        return MULTIPLE_WORDS[word]
    if word.endswith("fold") and word[:-4] in num.NUMBER_WORDS:
        return num.parse_cardinal([word[:-4]])
    return None


def _ratio_at(doc: Doc, i: int, j: int, value: float) -> _Phrase | None:
    """"two out of three", "one in five", "9 in 10", "eight of 10", "one of every nine",
    "$4 of every $5": a share, in percent (see :func:`_as_share`)."""
    n = len(doc)
    if j + 1 < n and doc[j].lower_ == "out" and doc[j + 1].lower_ == "of":
        k = j + 2
    elif j < n and doc[j].lower_ == "in":
        k = j + 1
    elif j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ == "every":
        k = j + 2
    elif (j + 1 < n and doc[j].lower_ == "of" and value > 1
          and (doc[j + 1].text[0].isdigit() or _is_num_word(doc[j + 1]))):
        k = j + 1  # "eight of 10"; "one of three candidates" is one of them, not a share
    else:
        return None
    if k < n and doc[k].lower_ in num.CURRENCY_SYMBOLS and i > 0 and doc[i - 1].lower_ == doc[k].lower_:
        k += 1  # "$4 of every $5"
    if k >= n or not (doc[k].text[0].isdigit() or _is_num_word(doc[k])):
        return None
    end = _core_end(doc, k)
    whole = _core_value(doc, k, end) if end > k else None
    if whole is None or whole < value or whole > 1000 or value <= 0 or _YEAR.fullmatch(doc[k].text):
        return None
    if end < n and doc[end].lower_ in TIME_UNITS:
        return None  # "3 in 10 days"
    phrase = _with_context(doc, i, end, end - 1, value / whole, None, None, "exact")
    return _as_share(phrase)


def _as_share(p: _Phrase) -> _Phrase:
    """A share ("half of", "one in five") in percent, counted as percent: "half of voters" and
    "50 percent of voters" are one quantity (rounded to 2 places: a third → 33.33)."""
    def pct(x: float | None) -> float | None:
        return None if x is None else round(x * 100, 2)
    return _Phrase(p.start, p.end, p.head, pct(p.value), pct(p.low), pct(p.high), p.qualifier,
                   "percent", True)


def _odds_at(doc: Doc, i: int, j: int, value: float, second: float, k: int) -> _Phrase | None:
    """"a 3 to 1 margin", "by 4 to 1": a ratio read as its first term over the second (3.0)."""
    if k < len(doc) and doc[k].lower_ in ODDS_NOUNS and 0 < second < value:
        return _Phrase(i, k, k - 1, value / second, value / second, value / second, "exact", None, True)
    return None


def _change_of_value(to: Token) -> bool:
    """True when "to" is a change verb's target ("rose $2.47 to $37.75", "cut from 10 to 5"), not
    the middle of a range: the parse attaches it to the verb, not to the first number."""
    return to.dep_ == "prep" and to.head.pos_ in ("VERB", "AUX") and to.head.lemma_.lower() in CHANGE_VERBS


def _leading_value(tok: Token) -> float | None:
    """The number written in ``tok`` itself, without a following scale ("3" of "3bn")."""
    suffixed = num.split_suffixed(tok.lower_)
    return num.parse_cardinal([suffixed[0] if suffixed else tok.lower_])


def _vague_at(doc: Doc, i: int) -> _Phrase | None:
    """"dozens", "thousands", "tens of thousands", "several hundred", "a few thousand"."""
    n = len(doc)
    low = doc[i].lower_
    words: list[str] = []
    j = i
    if (low in num.VAGUE_MULTIPLIERS and i + 2 < n and doc[i + 1].lower_ == "of"
            and doc[i + 2].lower_ in num.VAGUE):
        words, j = [low, doc[i + 2].lower_], i + 3
    elif low in num.VAGUE and low != "tens":
        if low == "scores" and not (i + 1 < n and doc[i + 1].lower_ == "of"):
            return None
        words, j = [low], i + 1
    elif low in ("a", "several", "many") and i + 1 < n:
        k = i + 1 if low != "a" else i + 2
        if low == "a" and not (i + 1 < n and doc[i + 1].lower_ == "few"):
            return None
        if k < n and doc[k].lower_ in ("hundred", "thousand", "million", "billion", "dozen"):
            words, j = ["few" if low == "a" else low, doc[k].lower_], k + 1
    elif low == "few" and i + 1 < n and doc[i + 1].lower_ in ("hundred", "thousand", "million", "billion"):
        words, j = ["few", doc[i + 1].lower_], i + 2
    if not words:
        return None
    bounds = num.vague_range(words)
    if bounds is None:
        return None
    return _with_context(doc, i, j, j - 1, None, float(bounds[0]), float(bounds[1]), "vague")


def _fraction_at(doc: Doc, i: int) -> _Phrase | None:
    """"half of", "half the", "a third of", "two-thirds of", "three quarters of"."""
    n = len(doc)
    low = doc[i].lower_
    j = i
    if low in ("a", "an", "one") or low in num.UNITS:
        j = i + 1
        if j < n and doc[j].lower_ in ("-", "‐") and not doc[i].whitespace_:
            j += 1
    if j >= n or doc[j].lower_ not in num.FRACTIONS:
        return None
    if j == i and low != "half":
        return None  # bare "third", "quarter" are ordinals or nouns
    nxt = doc[j + 1].lower_ if j + 1 < n else ""
    if not (nxt == "of" or (doc[j].lower_ == "half" and nxt in ("the", "its", "their", "his", "her",
                                                                   "our", "all", "a", "an"))):
        return None
    value = num.parse_fraction([t.lower_ for t in doc[i:j + 1]])
    if value is None:
        return None
    # "a quarter of a million", "half a billion": a fraction of a scale is a cardinal
    k = j + 2 if nxt == "of" else j + 1
    if k + 1 < n and doc[k].lower_ in ("a", "an") and doc[k + 1].lower_ in num.SCALES:
        whole = num.to_number(value * num.SCALES[doc[k + 1].lower_])
        return _with_context(doc, i, k + 2, k + 1, float(round(whole)), None, None, "exact")
    phrase = _with_context(doc, i, j + 1, j, value, None, None, "exact")
    if k + 1 < n and (doc[k].lower_ in ("a", "an") or doc[k].text[0].isdigit() or _is_num_word(doc[k])):
        return phrase  # "half a percentage point", "half of 1 percent": a fraction of an amount
    return _as_share(phrase)


def _quantifies_next(doc: Doc, i: int) -> bool:
    """True when the number at ``i`` counts the noun right after it ("one person", "1 dead")."""
    if i + 1 >= len(doc):
        return False
    nxt = doc[i + 1]
    return nxt.pos_ in ("NOUN", "ADJ", "PROPN") and nxt.lower_ not in ("of", "another", "day")


def _with_context(doc: Doc, start: int, end: int, head: int, value: float | None,
                  low: float | None, high: float | None, qualifier: str) -> _Phrase:
    """Widen a number to its qualifier, currency and percent words and set the bounds."""
    n = len(doc)
    counted: str | None = None
    unit_fixed = False
    # currency before: "$4.5bn", "US$300m", "more than £2m"
    if start > 0 and doc[start - 1].lower_ in num.CURRENCY_SYMBOLS:
        counted, unit_fixed = num.CURRENCY_SYMBOLS[doc[start - 1].lower_], True
        start -= 1
    # scale abbreviation as its own token after digits ("$ 2 bn")
    if end < n and doc[end].lower_ in ("bn", "mn", "mln", "tn", "k") and value is not None:
        value = num.parse_cardinal([t.lower_ for t in doc[head:end + 1]]) or value
        end += 1
    # percent after: "12%", "12 percent", "12 per cent", "5 percentage points"
    if end < n and doc[end].lower_ in PERCENT_WORDS:
        counted, unit_fixed, end = "percent", True, end + 1
    elif end + 1 < n and doc[end].lower_ == "per" and doc[end + 1].lower_ == "cent":
        counted, unit_fixed, end = "percent", True, end + 2
    elif end + 1 < n and doc[end].lower_ == "percentage" and doc[end + 1].lower_ in ("point", "points"):
        counted, unit_fixed, end = "percentage points", True, end + 2
    # sign: "minus 41", "negative 3 percent"; "plus or minus 4" is a margin, not a sign
    if (start > 2 and doc[start - 1].lower_ == "minus" and doc[start - 2].lower_ == "or"
            and doc[start - 3].lower_ == "plus"):
        start -= 3
    elif start > 0 and doc[start - 1].lower_ in ("minus", "negative") and value is not None:
        value, start = -value, start - 1
    # qualifier before
    if qualifier != "vague" and low is None:
        for size in range(num.QUALIFIER_MAX_WORDS, 0, -1):
            if start - size < 0:
                continue
            key = tuple(t.lower_ for t in doc[start - size:start])
            if key in num.QUALIFIER_PREFIXES and not _prepositional(doc, start - size):
                qualifier = num.QUALIFIER_PREFIXES[key]
                start -= size
                break
        # qualifier after: "500 or more", "200-odd", "1,000+"
        for size in (2, 1):
            key = tuple(t.lower_ for t in doc[end:end + size])
            if len(key) == size and key in num.QUALIFIER_SUFFIXES and (
                    key[0] not in ("-", "+") or not doc[end - 1].whitespace_):
                qualifier = num.QUALIFIER_SUFFIXES[key]
                end += size
                break
    elif low is not None and qualifier != "vague":
        # ranges: keep "between"/"from" in the phrase
        if start > 0 and doc[start - 1].lower_ in ("between", "from"):
            start -= 1
    if qualifier == "vague" and start > 0 and doc[start - 1].lower_ == "many"\
            and doc[start].lower_ in num.VAGUE:
        start -= 1
    if low is None and high is None and value is not None:
        if qualifier == "exact":
            low = high = value
        elif qualifier in ("more_than", "at_least"):
            low = value
        elif qualifier in ("less_than", "up_to"):
            high = value
    return _Phrase(start, end, head, value, low, high, qualifier, counted, unit_fixed)


def _prepositional(doc: Doc, i: int) -> bool:
    """True when the qualifier word at ``i`` is a preposition ("learn more about 529 plans", "her
    remark about 30 percent of the town")."""
    return doc[i].lower_ == "about" and i > 0 and (
        doc[i - 1].lower_ in ABOUT_AS_PREPOSITION
        or (doc[i - 1].pos_ == "NOUN" and doc[i - 1].lemma_.lower() in CUE_NOUNS))


# ---------------------------------------------------------------------------------------------
# Exclusions


def _excluded(doc: Doc, p: _Phrase) -> bool:
    """True for dates, times, ages, names, labels, phone numbers, list markers and scores."""
    n = len(doc)
    num_tokens = [t for t in doc[p.start:p.end] if t.text[0].isdigit() or _is_num_word(t)]
    if not num_tokens:
        return False
    first, last = num_tokens[0], num_tokens[-1]
    # entity labels: names always; dates/times when the entity looks like one
    for t in num_tokens:
        label = t.ent_type_
        if label in NAME_LABELS and not p.unit_fixed:
            if not (label in ("ORG", "GPE", "NORP") and _quantifies_next(doc, t.i) and t.ent_iob_ == "B"):
                return True
        if label in ("DATE", "TIME") and not p.unit_fixed and _DATE_CUE.search(_ent_text(doc, t)) \
                and not _counts_plural(doc, last.i) and not _duration(doc, p):
            return True
        if label == "ORDINAL" and not num.split_suffixed(t.lower_):
            return True
    s, e = doc[p.start].idx, doc[p.end - 1].idx + len(doc[p.end - 1])
    if _in_phone_number(doc, first.i, last.i, s, e):
        return True
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[last.i + 1] if last.i + 1 < n else None
    # phone context: "call 555 0100"
    if before is not None and before.lower_ in PHONE_WORDS and len(first.text) >= 3:
        return True
    # years: a bare 4-digit 1000..2199 that does not count a plural noun ("in 2022", "1979 revolution")
    if (p.start == first.i and not p.unit_fixed and _YEAR.fullmatch(first.text)
            and p.qualifier in ("exact", "approximately")):
        if not _counts_plural(doc, last.i):
            return True
        if before is not None and before.lower_ in YEAR_DETERMINERS:
            return True  # "the 2004 changes", "its 2016 elections"
    # decades and base years: "the 90's", "from 2005 levels"
    if after is not None and first.text.isdigit() and (
            (after.lower_ in ("'s", "’s") and not last.whitespace_ and p.start == first.i
             and int(first.text) % 10 == 0)
            or (_YEAR.fullmatch(first.text) and after.lemma_.lower() == "level")):
        return True  # "32 percent below 2005 levels" too
    # ages: "aged 40", "65-year-old", "John Smith, 52,", "Trump, who is 70."
    if (before is not None and before.lemma_ == "be" and before.i > 0
            and doc[before.i - 1].lower_ == "who" and p.start == first.i and p.end == last.i + 1
            and first.text.isdigit() and int(first.text) <= 120
            and (after is None or after.is_punct)):
        return True
    if before is not None and before.lower_ in ("aged", "age", "ages"):
        return True
    if any(t.lower_ in ("age", "ages", "aged") for t in doc[max(0, p.start - 3):p.start]):
        return True  # "between the ages of 17 and 20", "ages 16 to 24"
    if any(t.lower_ == "old" and doc[t.i - 1].lower_ in ("year", "years") for t in doc[last.i + 1:last.i + 6]
           if t.i > 0) and p.unit_fixed is False:
        return True  # "27 and 29 years old"
    if (p.qualifier in ("less_than", "more_than") and p.start > 0 and doc[p.start - 1].lower_ in PERSON_NOUNS
            and p.value is not None and p.value <= 120 and p.counted is None
            and not _counts_plural(doc, last.i)):
        return True  # "people under 30"
    if after is not None and after.lower_ in ("-", "‐") and last.i + 2 < n and not last.whitespace_:
        if (doc[last.i + 2].lower_ in TIME_UNITS or doc[last.i + 2].lower_.startswith("year")) \
                and not _duration(doc, p):
            return True
    if (before is not None and before.text in (",", "(") and before.i > 0
            and (doc[before.i - 1].ent_type_ == "PERSON" or doc[before.i - 1].tag_ == "NNP")
            and after is not None and after.text in (",", ")", ";", ".", "―", "—", "–")
            and p.start == first.i
            and p.end == last.i + 1 and first.text.isdigit() and int(first.text) <= 120):
        return True  # "John Smith, 52," / "Ivanka, 34;"
    # "02", "0100": codes and clock digits, not amounts
    if len(first.text) > 1 and first.text[0] == "0" and first.text[1].isdigit():
        return True
    # "two-man race", "five-and-dime": spelled-out numbers compounded into an adjective
    if (_is_num_word(last) and after is not None and after.text in ("-", "‐") and not last.whitespace_
            and last.i + 2 < n and doc[last.i + 2].is_alpha and doc[last.i + 2].lower_ not in num.FRACTIONS
            and doc[last.i + 2].lower_ not in ("plus", "odd", "point") and not _duration(doc, p)):
        return True
    # "Under 70 Auto Sales", "7 Eleven": the number opens a name
    if (after is not None and after.tag_ == "NNP" and after.is_title and p.counted is None
            and not _common_noun_after_names(doc, after.i)):
        return True
    # names and labels: "Fattah 2", "Boeing 737", "Section 230", "No. 10", "Covid-19", "G 7"
    if before is not None and p.start == first.i:
        if (before.text == "." and before.i > 0 and not doc[before.i - 1].whitespace_
                and doc[before.i - 1].lower_ in ("no", "nos", "vol", "fig", "art", "sec")):
            return True
        if before.lower_ in LABEL_WORDS and not _quantifies_next(doc, last.i):
            return True
        if before.text in ("-", "‐", "–", "/") and not before.whitespace_ and before.i > 0 and (
                not doc[before.i - 1].whitespace_ and (doc[before.i - 1].text[0].isdigit() or (
                    doc[before.i - 1].is_alpha and doc[before.i - 1].lower_ not in num.NUMBER_WORDS))):
            return True  # "Covid-19", "F-16", the second half of a score "3-1"
        if (before.pos_ == "PROPN" or (before.is_title and before.i != before.sent.start)) and \
                before.lower_ not in num.CURRENCY_SYMBOLS and not _is_num_word(before) and \
                not _quantifies_next(doc, last.i):
            return True
    if (after is not None and not last.whitespace_ and after.is_alpha and after.is_upper
            and len(after.text) <= 3 and after.lower_ not in _UNIT_SUFFIXES):
        return True  # "737MAX"-like codes split by the tokenizer
    # list markers: "1." / "2)" at the start of a line
    if (p.start == first.i and p.end == last.i + 1 and after is not None and after.text in (".", ")")
            and (first.i == 0 or "\n" in doc[first.i - 1].text_with_ws or first.is_sent_start)):
        return True
    # clock times: "11: 06 a.m.", "9:30"
    if after is not None and after.text == ":" and last.i + 2 < n and doc[last.i + 2].text[:1].isdigit():
        return True
    # times: "5 pm", "10.30am"
    if after is not None and after.lower_ in CLOCK_WORDS:
        return True
    # scores: "a 2-3 defeat", "won 1–2" (only dash forms: "leads ranging from 2 to 9" is a range)
    if p.low is not None and p.high is not None and p.value is None and p.qualifier != "vague":
        dashed = any(t.text in ("-", "–", "—") or num.split_range_token(t.text) for t in doc[p.start:p.end])
        context = {t.lower_ for t in doc[max(0, p.start - 2):min(n, p.end + 2)]}
        if dashed and context & SCORE_WORDS and p.high <= 20:
            return True
    # citation markers: "[538]", "[12]"
    if before is not None and before.text == "[" and after is not None and after.text.startswith("]"):
        return True
    return False


def _refers_back(doc: Doc, p: _Phrase) -> bool:
    """A small spelled-out number after a definite determiner or a possessive that names a set
    the text already gave: alone ("The two taped a show", "the other three were provided") or
    before a plain noun for people or countries ("the two men", "their two nations"). "The three
    presidential debates" and "his six corporate bankruptcies" state how many there are."""
    if p.value is None or p.value > ANAPHORIC_MAX or p.start == 0:
        return False
    before = doc[p.start - 1]
    if before.lower_ in ("other", "same") and p.start > 1:
        before = doc[p.start - 2]
    if not (before.lower_ in YEAR_DETERMINERS or before.tag_ == "POS" or before.dep_ == "poss"):
        return False
    k = p.end
    while k < len(doc) and doc[k].is_quote:
        k += 1  # 'The four “loopholes” he cited'
    after = doc[k] if k < len(doc) else None
    return after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "ADV") or (
        after.lemma_.lower() in REFERENCE_NOUNS)


def _in_phone_number(doc: Doc, first: int, last: int, start: int, end: int) -> bool:
    """True when [start, end) lies in a phone number written around tokens ``first``..``last``."""
    window = doc[max(0, first - 6):min(len(doc), last + 7)]
    offset = window.start_char
    return any(a + offset < end and start < b + offset
               for a, b in (m.span() for m in _PHONE.finditer(window.text)))


def _common_noun_after_names(doc: Doc, i: int) -> bool:
    """True when the proper-noun run starting at ``i`` ends in a common noun ("Israeli soldiers")."""
    while i < len(doc) and doc[i].tag_ == "NNP":
        i += 1
    return i < len(doc) and doc[i].tag_ in ("NN", "NNS")


#: Units of a length of time ("for 18 years", "a 45-minute commute").
DURATION_UNITS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
                            "night", "nights", "week", "weeks", "month", "months", "year", "years",
                            "decade", "decades", "century", "centuries"})
#: Words after a length of time that make it a point in time or an age ("two years ago").
_NOT_DURATION = frozenset({"ago", "old", "later", "earlier", "before", "after", "from", "-old",
                           "‐old", "since", "until", "till", "away", "left"})
#: Words before a length of time that make it the window of another figure or a point in time
#: ("$374 billion over 10 years", "in 10 days", "the past two weeks").
_WINDOW_WORDS = frozenset({"in", "within", "past", "last"})
#: Words that spread a figure over a length of time ("$374 billion over 10 years").
_SPREAD_WORDS = frozenset({"over", "during", "across"})
#: Units counted in years, as the figure's value is ("nearly two decades": 20 years).
_YEARS_IN = {"decade": 10, "decades": 10, "century": 100, "centuries": 100}


def _duration(doc: Doc, p: _Phrase) -> bool:
    """A length of time stated as a figure ("for 18 years", "over 90 minutes", "a 45-minute
    commute", "every 72 minutes"), not a date, a time of day or an age ("two years ago",
    "a 70-year-old")."""
    n, j = len(doc), p.end
    if p.unit_fixed or p.value is None and p.low is None:
        return False
    if j < n and doc[j].text in ("-", "‐") and not doc[j - 1].whitespace_:
        j += 1  # "30-second spot"
    if j >= n or doc[j].lower_ not in DURATION_UNITS:
        return False
    if doc[j].lower_ in ("year", "years") and doc[p.start].text[:1].isdigit() and _YEAR.fullmatch(
            doc[p.start].text):
        return False  # "2016 year"
    rest = [t.lower_ for t in doc[j + 1:j + 3]]
    if rest and (rest[0] in _NOT_DURATION or rest == ["to", "go"]
                 or rest[0] in ("-", "‐") and rest[1:] == ["old"]):
        return False
    before = doc[p.start - 1] if p.start > 0 else None
    if before is not None and before.lower_ in _WINDOW_WORDS:
        return False
    over = p.start if doc[p.start].lower_ in _SPREAD_WORDS else p.start - 1
    # "$374 billion over 10 years", "a 6 percent rise spread over two years": the window of a
    # figure before it in the sentence
    return not (over >= 0 and doc[over].lower_ in _SPREAD_WORDS
                and any(t.like_num for t in doc[doc[over].sent.start:over]))


def _time_counted(doc: Doc, p: _Phrase) -> tuple[_Phrase, str, int]:
    """A length of time counted in its unit made plural ("a 45-minute commute": minutes),
    decades and centuries in years ("nearly two decades": 20 years), and the end of its unit,
    which its span takes in like a percentage's."""
    j = p.end + 1 if p.end < len(doc) and doc[p.end].text in ("-", "‐") else p.end
    unit = doc[j].lower_
    factor = _YEARS_IN.get(unit)
    if factor is None:
        return p, unit if unit.endswith("s") else unit + "s", j + 1

    def scaled(x: float | None) -> float | None:
        return None if x is None else x * factor

    return replace(p, value=scaled(p.value), low=scaled(p.low), high=scaled(p.high)), "years", j + 1


def _counts_plural(doc: Doc, i: int) -> bool:
    """True when a plural noun (not a time word) follows the number at ``i`` ("2000 homes")."""
    return i + 1 < len(doc) and doc[i + 1].tag_ in ("NNS", "NNPS") and doc[i + 1].lower_ not in TIME_UNITS


def _ent_text(doc: Doc, tok: Token) -> str:
    """Text of the entity ``tok`` belongs to."""
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


# ---------------------------------------------------------------------------------------------
# What is counted and which event


def _counted(doc: Doc, p: _Phrase) -> tuple[str | None, list[Token]]:
    """The counted noun ("people", "aid trucks") and the tokens to look for a predicate from.

    The noun the number modifies in the parse ("four leading academic economists"), else the
    object of a partitive "of" ("thousands of children", "millions of the billionaire's voters"),
    else the first noun after the phrase.
    """
    n = len(doc)
    number = doc[p.head]
    j = p.end
    # "10,000-strong army", "a 20-point lead"
    if j + 1 < n and doc[j].text in ("-", "‐") and not doc[j - 1].whitespace_ and doc[j + 1].is_alpha:
        word = doc[j + 1]
        if word.lower_ in TIME_UNITS or word.lower_.startswith("year"):
            return word.lower_, [number]
        if word.pos_ in ("NOUN", "PROPN") and word.lower_ not in ("strong",):
            return word.lower_, [number]
        j += 2
    noun = _modified_noun(doc, number, j)
    partitive = False
    if noun is None and j < n and doc[j].lower_ == "of":
        partitive = True
        noun = _partitive_noun(doc, doc[j])
    if noun is None:
        noun = _next_noun(doc, j, p)
    if noun is None:
        return None, [number]
    return _noun_text(noun), ([noun, number] if not partitive else [number, noun])


def _is_countable(tok: Token) -> bool:
    return tok.pos_ == "NOUN" or tok.tag_ == "NNPS"


def _modified_noun(doc: Doc, number: Token, after: int) -> Token | None:
    """The noun right of the phrase that the number modifies in the parse."""
    t = number
    for _ in range(3):
        if t.dep_ not in ("nummod", "quantmod", "compound", "amod", "npadvmod") or t.head == t:
            return None
        t = t.head
        if _is_countable(t) and after <= t.i <= after + 5:
            return t
    return None


def _partitive_noun(doc: Doc, of: Token) -> Token | None:
    """The object of "of" ("thousands of [children]", "a third of the [population]")."""
    for child in of.children:
        if child.dep_ == "pobj" and _is_countable(child):
            return child
    return None


def _next_noun(doc: Doc, j: int, p: _Phrase) -> Token | None:
    """The first noun within a few tokens after the phrase, skipping modifiers."""
    n = len(doc)
    if j < n and doc[j].lower_ == "of":
        j += 1
    k = j
    while k < n and k < j + 5:
        t = doc[k]
        if _is_countable(t):
            while t.i + 1 < n and _continues_compound(doc[t.i + 1]):
                t = doc[t.i + 1]
            return t
        if t.pos_ in ("ADJ", "ADV", "NUM") or t.dep_ in ("amod", "compound", "poss", "case") or (
                t.pos_ == "DET" and (k > j or p.qualifier == "vague" or doc[j - 1].lower_ == "of"
                                     or doc[j - 1].lower_ in num.FRACTIONS)):
            k += 1
            continue
        return None
    return None


def _noun_text(noun: Token) -> str:
    """The noun with the common nouns compounded onto it ("aid trucks"), lower-cased."""
    words = [noun.text if noun.tag_ == "NNPS" else noun.lower_]
    for left in reversed(list(noun.lefts)):
        if left.dep_ == "compound" and left.pos_ == "NOUN" and left.i == noun.i - len(words):
            words.insert(0, left.lower_)
        else:
            break
    counted = " ".join(words)
    if counted in ("percentage point", "point percentage"):
        return "percentage points"  # "half a percentage point": the unit of "5 percentage points"
    return num.CURRENCY_WORDS.get(counted, counted)


def _continues_compound(tok: Token) -> bool:
    """True for the next noun of a compound ("aid" → "trucks"), not a time word or adverbial."""
    return tok.pos_ == "NOUN" and tok.lower_ not in TIME_UNITS and tok.dep_ != "npadvmod"


@lru_cache(maxsize=4096)
def _participle(lemma: str, text: str, tag: str) -> str:
    """"killed" for kill/killing/kills; irregular forms from lemminflect's tables.

    The lemma comes from lemminflect too: spaCy's small model lemmatises "rated" as "rat".
    """
    if tag == "VBN":
        return text.lower()
    from lemminflect import getInflection, getLemma

    lemmas = getLemma(text.lower(), upos="VERB")
    forms = getInflection(lemmas[0] if lemmas else lemma.lower(), tag="VBN")
    return forms[0] if forms else text.lower()


def _state_after(doc: Doc, p: _Phrase, anchors: list[Token]) -> str | None:
    """The event a state word right after the figure names ("left 14 people dead", "300 missing")."""
    for i in {p.end, *(t.i + 1 for t in anchors if t.i >= p.end)}:
        if i < len(doc) and doc[i].lower_ in STATE_EVENTS:
            return STATE_EVENTS[doc[i].lower_]
    return None


def _predicate(doc: Doc, anchors: list[Token]) -> tuple[str | None, str | None]:
    """The event the figure belongs to (the verb it is object/subject of, or a participle on
    it) and who or what caused it (:func:`_agent`), each None when not found."""
    for anchor in anchors:
        found, agent = _predicate_from(doc, anchor)
        if found:
            return found, agent
    return None, None


def _event(verb: Token) -> str | None:
    if verb.lemma_.lower() in NON_EVENT_VERBS or verb.pos_ not in ("VERB",):
        return None
    return _participle(verb.lemma_, verb.text, verb.tag_)


def _predicate_from(doc: Doc, tok: Token) -> tuple[str | None, str | None]:
    t = tok
    for _ in range(6):
        for child in t.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.tag_ == "VBN" and child.i > t.i:
                return _event(child), _agent(child, passive=True)
        dep, head = t.dep_, t.head
        if head == t:
            return None, None
        if dep in ("dobj", "obj", "nsubjpass", "nsubj", "dative", "oprd"):
            if head.pos_ in ("VERB", "AUX"):
                toll = _toll_event(head)
                if toll:
                    return toll, None
                return _event(head), _agent(head, passive=dep == "nsubjpass") if dep != "nsubj" else None
            if dep == "nsubj" and head.tag_ == "VBN":
                return _event(head), None
            return None, None
        if dep == "attr" and head.pos_ in ("VERB", "AUX"):
            return _toll_event(head), None
        if dep == "pobj":
            prep = head
            owner = prep.head
            if prep.lower_ in PARTITIVE_PREPS and owner.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and (
                    prep.lower_ != "of" or owner.lemma_.lower() in QUANTITY_HEADS or owner.pos_ == "NUM"
                    or owner.lower_ in num.VAGUE):
                t = owner
                continue
            if prep.lower_ in ("to", "at", "of") and prep.head != prep:
                return _toll_event(prep.head), None
            return None, None
        if dep in ("nummod", "quantmod", "compound", "appos", "conj", "npadvmod", "amod", "nmod", "advmod"):
            t = head
            continue
        return None, None
    return None, None


def _agent(verb: Token, passive: bool) -> str | None:
    """Who or what did what the figure counts: the subject of the verb the figure is the object
    of ("gunmen stormed …, killing 1,200": the subject of the clause the participle hangs on), or
    a passive's by-phrase ("were killed by air strikes"). Two reports of the same toll with
    different agents are different quantities, not a disagreement. Pronouns give None."""
    if passive:
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                return _agent_text(objs[0]) if objs else None
        return None
    v = verb
    for _ in range(3):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            subject = subjects[0]
            if subject.tag_ in ("WDT", "WP") and v.dep_ == "relcl":
                subject = v.head  # "strikes, which killed 40": the noun the clause is on
            return _agent_text(subject)
        if v.dep_ not in ("advcl", "xcomp", "conj") or v.head == v:
            return None
        v = v.head
    return None


def _agent_text(noun: Token) -> str | None:
    """The agent noun with the names and nouns on its left that say whose it is ("Israel's
    bombing campaign" → "israel bombing campaign", "Russian strikes" → "russian strikes"),
    lower-cased; None for pronouns and non-nouns."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t.lower_ for t in noun.lefts
             if (t.dep_ in ("poss", "compound") and t.pos_ in ("NOUN", "PROPN"))
             or (t.dep_ == "amod" and (t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "GPE")))]
    return " ".join([*words, noun.lower_])


def _is_age(ent: Span) -> bool:
    """A person's age set off after their name ("Ayse Demir, 54, who …"), which the entity
    tagger often labels DATE: no time of the figure."""
    root = ent.root
    return len(ent) == 1 and root.like_num and root.dep_ == "appos" and root.head.pos_ == "PROPN"


class _Settings:
    """The place (GPE/LOC/FAC) and the time (DATE) a figure's sentence names: each the mention
    nearest the figure outside the reporter's own words ("Israeli officials", "said on Monday"),
    lower case, None where the sentence names none. Entities are read once per document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ents = [(e.start_char, e.end_char, e.start, e.end, kind, e.text.lower()) for e in doc.ents
                     if (kind := "place" if e.label_ in PLACE_LABELS else
                         "period" if e.label_ == "DATE" and not _is_age(e) else None)]
        self.starts = [e[0] for e in self.ents]

    def of(self, p: _Phrase, attribution: Attribution | None) -> tuple[str | None, str | None]:
        sent = self.doc[p.head].sent
        skip = [piece for part in (attribution.source, attribution.cue) if part
                for piece in part.pieces] if attribution is not None else []
        found: dict[str, tuple[int, str]] = {}
        lo, hi = bisect_left(self.starts, sent.start_char), bisect_left(self.starts, sent.end_char)
        for s_char, e_char, s_tok, e_tok, kind, text in self.ents[lo:hi]:
            if any(s < e_char and s_char < e for s, e in skip) or (s_tok < p.end and p.start < e_tok):
                continue  # the reporter's words, or the figure's own
            distance = min(abs(s_tok - p.end), abs(p.start - e_tok))
            if kind not in found or distance < found[kind][0]:
                found[kind] = (distance, text)
        return (found["place"][1] if "place" in found else None,
                found["period"][1] if "period" in found else None)


def _restates(number: Token) -> bool:
    """Whether the figure gives a value to a quantity named before: the verb its phrase hangs on
    has a restating noun as subject or object ("the true figure is closer to 120 million",
    "officials put the figure at 300", "the estimate was revised to 45")."""
    t = number
    for _ in range(5):
        if t.lemma_.lower() in RESTATING_NOUNS and t != number:
            return False  # "a loss of $916 million": the noun introduces this figure
        if t.pos_ in ("VERB", "AUX") and t != number:
            return t.lemma_.lower() in RESTATING_VERBS and any(
                c.dep_ in ("nsubj", "nsubjpass", "dobj") and _restating_noun(c) for c in t.children)
        if t.head == t:
            return False
        t = t.head
    return False


def _restating_noun(noun: Token) -> bool:
    """"the figure", "the true figure", "that estimate"; not "the average donation amount"."""
    if noun.lemma_.lower() not in RESTATING_NOUNS:
        return False
    for c in noun.children:
        if c.dep_ in ("det", "poss", "case", "punct"):
            continue
        if c.dep_ in ("amod", "advmod") and c.lower_ in RESTATING_QUALIFIERS:
            continue
        return False
    return True


def _restated(doc: Doc, figures: list[Figure], sentence_of: list[int], sentence: int,
              counted: str | None) -> Figure | None:
    """The nearest earlier figure (at most ``RESTATE_WINDOW`` sentences back) with an event and
    the same counted thing: the quantity that a restating figure gives another value."""
    first = doc[sentence].sent
    starts = [first.start]
    for _ in range(RESTATE_WINDOW):
        if starts[-1] == 0:
            break
        starts.append(doc[starts[-1] - 1].sent.start)
    for f, s in zip(reversed(figures), reversed(sentence_of), strict=True):
        if s < starts[-1]:
            return None
        if f.predicate and f.value is not None and (counted is None or f.counted == counted):
            return f
    return None


def _toll_event(tok: Token) -> str | None:
    """"killed" when ``tok`` is a toll noun or a verb whose subject is ("the death toll rose to")."""
    if tok.pos_ == "NOUN":
        candidates = [tok]
    else:
        candidates = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    for noun in candidates:
        if noun.lemma_.lower() not in ("toll", "count", "number"):
            continue
        for c in noun.children:
            if c.dep_ in ("compound", "amod") and c.lower_ in TOLL_EVENTS:
                return TOLL_EVENTS[c.lower_]
            if c.dep_ == "prep" and c.lower_ == "of":
                for o in c.children:
                    if o.lower_ in TOLL_EVENTS:
                        return TOLL_EVENTS[o.lower_]
    return None


# ---------------------------------------------------------------------------------------------
# Who reported it


def _by_sentence(doc: Doc, attributions: list[Attribution]) -> Callable[[int], list[Attribution]]:
    """A lookup from a character offset to the attributions whose content or cue touch its
    sentence, so that linking stays linear in long documents (in input order)."""
    if not attributions:
        return lambda _: []
    starts = [sent.start_char for sent in doc.sents]
    index: dict[int, list[int]] = {}
    for k, a in enumerate(attributions):
        pieces = list(a.content.pieces) + (list(a.cue.pieces) if a.cue else [])
        seen: set[int] = set()
        for s, e in pieces:
            first = max(0, bisect_right(starts, s) - 1)
            last = max(first, bisect_right(starts, max(s, e - 1)) - 1)
            for i in range(first, last + 1):
                if i not in seen:
                    seen.add(i)
                    index.setdefault(i, []).append(k)

    def lookup(offset: int) -> list[Attribution]:
        ks = index.get(max(0, bisect_right(starts, offset) - 1), [])
        return [attributions[k] for k in sorted(ks)]

    return lookup


def link_attribution(doc: Doc, start: int, end: int, head: int,
                     attributions: list[Attribution]) -> Attribution | None:
    """The attribution reporting the figure at [start, end).

    First the attribution whose content contains it (the innermost), unless a report nested in
    that content governs the figure ("Bloomberg reports that [Trump won voters making $100,000,
    according to the Roper Center]": the Roper Center's). Failing that, one whose cue sits in
    the same sentence and governs the figure: a reporting verb whose complement clause
    holds it ("X says [Israel has killed 12,300 people]"), or an "according to" that attaches to
    the figure's clause or ends its sentence ("…, killing about 1,200 people, according to Israeli
    officials"). Never one whose source or cue holds the figure itself ("Two officials said"),
    and not a verb whose adverbial holds it ("Speaking to thousands of people, Obama said …").
    """
    best: Attribution | None = None
    best_size = None
    for a in attributions:
        if _holds(a, start, end):
            continue
        for s, e in a.content.pieces:
            if s <= start and end <= e and (best_size is None or e - s < best_size):
                best, best_size = a, e - s
    token = doc[head]
    sent = token.sent
    s_start, s_end = sent.start_char, sent.end_char
    path = [token, *token.ancestors]
    governed: list[tuple[int, Attribution]] = []
    near: list[tuple[int, Attribution]] = []
    for a in attributions:
        if a.cue is None or _holds(a, start, end) or not (s_start <= a.cue.start < s_end):
            continue
        if best is not None and (a is best or not _within(a.cue, best.content)):
            continue  # inside a content, only a report nested in it is nearer the figure
        cue_span = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        if cue_span is None or len(cue_span) == 0:
            continue  # a cue of whitespace only
        distance = min(abs(a.cue.start - end), abs(start - a.cue.end))
        according = a.type == "according_to" or cue_span[0].lower_ in ACCORDING_CUES
        if _governs(cue_span, path, according) or _reduced_relative(doc, a, path):
            governed.append((distance, a))
        elif according and best is None and not _cites_for_another(cue_span, a, attributions):
            near.append((distance, a))
    for group in (governed, near):
        if group:
            return min(group, key=lambda x: x[0])[1]
    return best


def _cites_for_another(cue: Span, a: Attribution, attributions: list[Attribution]) -> bool:
    """An "according to" or "citing" inside what another attribution reports ("… after the
    company warned that profit would fall, citing weak demand"): it backs that report, not a
    figure in the sentence's main clause."""
    anchor = cue.root.head
    return any(b is not a and any(s <= anchor.idx < e for s, e in b.content.pieces)
               for b in attributions)


#: Words that open a non-restrictive relative clause.
_RELATIVE_WORDS = frozenset({"where", "which", "who", "whose", "whom"})


def _aside(doc: Doc, p: _Phrase, a: Attribution) -> bool:
    """The figure sits in a non-restrictive relative clause that the writer adds to a reported
    clause ("Polls show a close contest in the state, where 18 electoral votes are up for
    grabs"), or a participle that tells how the report was made ("The average shows Clinton
    ahead, using the five most recent polls in 11 states"): background in the article's own
    voice, not the report's. Quoted words stay the speaker's."""
    if a.type in ("direct", "mixed"):
        return False
    t = doc[p.head]
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand") if a.cue else None
    for _ in range(CLAUSE_DEPTH + 2):
        if t.head == t:
            return False
        if (cue is not None and len(cue) and t.head.i == cue.root.i and t.dep_ == "advcl"
                and t.tag_ == "VBG" and t.lemma_.lower() in METHOD_VERBS):
            return True
        if t.dep_ == "relcl" and t.head.i < t.i:
            first = t.left_edge
            return (first.lower_ in _RELATIVE_WORDS and first.i > 1 and doc[first.i - 1].text == ","
                    and doc[first.i - 1].idx >= _report_start(a) and not doc[first.i - 2].like_num
                    and doc[first.i - 2].text not in num.CURRENCY_SYMBOLS)
        t = t.head
    return False


#: Verbs of accusing, whose object is who is accused, not what is alleged.
ACCUSATION_VERBS = frozenset({"charge", "accuse", "indict", "sue"})


def _accused(doc: Doc, p: _Phrase, a: Attribution) -> bool:
    """The figure counts who an accusation is made against ("prosecutors charged [two
    developers] with defrauding investors"): a fact of the article, not part of the charge."""
    if a.cue is None:
        return False
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if cue is None or cue.root.lemma_.lower() not in ACCUSATION_VERBS:
        return False
    for t in (doc[p.head], *doc[p.head].ancestors):
        if t.head.i == cue.root.i:
            return t.dep_ == "dobj"
    return False


def _source_span(doc: Doc, a: Attribution) -> Span | None:
    """The tokens of an attribution's source, or None when it has none."""
    if a.source is None:
        return None
    return doc.char_span(a.source.start, a.source.end, alignment_mode="expand")


def _within(part: Span, whole: Span) -> bool:
    """True when every piece of ``part`` lies inside a piece of ``whole``."""
    return all(any(s <= ps and pe <= e for s, e in whole.pieces) for ps, pe in part.pieces)


class _QuotedOn:
    """The quotation a figure in quotation marks with no attribution of its own carries on: the
    latest quoted attribution of its paragraph (“You squeezed employees,” she said, then “You
    went on television to blame thousands of $12-an-hour” workers): one speaker's quotes run on
    until the paragraph ends."""

    def __init__(self, doc: Doc, attributions: list[Attribution], quotes: QuoteMap | None) -> None:
        self.text = doc_text(doc)
        self.quoted = sorted(((a.content.end, k, a) for k, a in enumerate(attributions)
                              if a.type in ("direct", "mixed") and a.source is not None),
                             key=lambda x: (x[0], x[1]))
        self.ends = [q[0] for q in self.quoted]
        self.quotes = quotes  # read on first need when the caller has not

    def __call__(self, start: int) -> Attribution | None:
        k = bisect_right(self.ends, start)
        if k == 0:
            return None
        if self.quotes is None:
            self.quotes = QuoteMap(self.text)
        latest = self.quoted[k - 1][2]
        if not self.quotes.inside[start] or "\n" in self.text[latest.content.end:start]:
            return None
        return latest


class _ContinuedReports:
    """The report that a figure in a sentence with no attribution of its own continues: the
    latest attribution before it, when that one is a poll's, survey's, study's or report's
    (WORK_NOUNS) within ``CONTINUATION_WINDOW`` sentences, and the figure's sentence does not
    describe the poll's method (METHOD_WORDS). A poll's results run on over the next sentences
    ("46 percent would choose Clinton"); a person's words do not, without a cue. Respondents'
    answers ("63 percent said") are the poll's, not reports of their own."""

    def __init__(self, doc: Doc, attributions: list[Attribution]) -> None:
        self.doc = doc
        made = sorted(((_report_start(a), k, a) for k, a in enumerate(attributions)
                       if not _respondents(doc, a)), key=lambda x: (x[0], x[1]))
        self.starts = [m[0] for m in made]
        self.reports = [m[2] for m in made]
        self.works = [self._by_work(a) for a in self.reports]
        self.outlets = [self._by_outlet(a) for a in self.reports]
        self.plans = [self._by_plan(a) for a in self.reports]
        # respondents' answers keep the poll talking: the window runs from the latest of them
        self.answers = sorted(_report_start(a) for a in attributions if _respondents(doc, a))

    def __call__(self, start: int) -> Attribution | None:
        k = bisect_left(self.starts, start)
        if k > 0 and self.plans[k - 1]:
            return self._plan_goes_on(self.reports[k - 1], start)
        w = k
        while w > 0 and not self.works[w - 1]:
            w -= 1
        if w > 0 and all(self._within_finding(self.reports[r], self.reports[w - 1])
                         for r in range(w, k)):
            k = w  # a study's findings run on past reports of what it studied
        elif (w == 0 or w != k) and not (k > 0 and self.outlets[k - 1]):
            return None  # nor the latest report an outlet's, which runs on like a study's
        latest = self.reports[k - 1]
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or latest.source is None:
            return None
        j = bisect_left(self.answers, start)
        anchor = max(self.starts[k - 1], self.answers[j - 1] if j else -1)
        first = span[0].sent
        back = first.start
        for _ in range(CONTINUATION_WINDOW):
            if back == 0:
                break
            back = self.doc[back - 1].sent.start
        if anchor < self.doc[back].idx or _METHOD.search(first.text):
            return None
        return latest

    def _within_finding(self, a: Attribution, work: Attribution) -> bool:
        """Whether report ``a`` carries on what ``work`` found rather than breaking it: its
        source is a name the work's source or content gives ("research … found PolitiFact
        rated Democrats higher" then "PolitiFact rated 32% …"; "the Reuters/Ipsos poll" then
        "Reuters reported")."""
        source = _source_span(self.doc, a)
        if source is None or source.root.pos_ != "PROPN":
            return False
        name = source.root.text
        pieces = list(work.content.pieces) + ([(work.source.start, work.source.end)]
                                              if work.source else [])
        return any(re.search(rf"\b{re.escape(name)}\b", self.doc.text[s:e]) for s, e in pieces)

    def _by_plan(self, a: Attribution) -> bool:
        """Whether a report's source is someone's plan or proposal ("Under Mrs. Clinton's plan,
        taxpayers … would pay …")."""
        source = _source_span(self.doc, a)
        return source is not None and source.root.lemma_.lower() in PLAN_NOUNS and any(
            c.dep_ == "poss" for c in source.root.children)

    def _plan_goes_on(self, plan: Attribution, start: int) -> Attribution | None:
        """The plan, for a figure in the paragraph that sets it out, in a sentence that goes on
        with its terms ("Gains of two to three years would be subject to a 36 percent rate")."""
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if span is None or "\n" in self.doc.text[plan.content.end:start]:
            return None
        verb = next((t for t in span[0].ancestors if t.pos_ in ("VERB", "AUX")), None)
        while verb is not None and verb.dep_ == "conj" and not _would(verb):
            verb = verb.head  # "… would be subject to a 36 percent rate, and after that the rate
            # would decline by four percentage points"
        return plan if verb is not None and _would(verb) and not any(
            c.dep_ == "expl" for c in verb.children) else None

    def _by_work(self, a: Attribution) -> bool:
        """Whether a report's source is a poll, study or report (``_is_work``)."""
        source = _source_span(self.doc, a)
        return source is not None and _is_work(source)

    def _by_outlet(self, a: Attribution) -> bool:
        """Whether a report is a named outlet's ("…, The Wall Street Journal reports."): what
        it found runs on over the next sentences like a study's."""
        if a.source is None or a.cue is None:
            return False
        source = _source_span(self.doc, a)
        cue = self.doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
        return source is not None and cue is not None and _outlet_report(source, cue)


def _outlet_report(source: Span, cue: Span) -> bool:
    """Whether a source and cue are a named outlet's report ("The Wall Street Journal reports")."""
    return source.root.pos_ == "PROPN" and any(t.lemma_.lower() == "report" and t.pos_ == "VERB"
                                               for t in cue)


def _would(verb: Token) -> bool:
    """Whether a verb is conditional ("would pay", "would be subject to")."""
    return any(c.lower_ == "would" and c.dep_ == "aux" for c in verb.children)


def _respondents(doc: Doc, a: Attribution) -> bool:
    """An attribution whose source is a share of people ("63 percent said", "Twelve percent
    indicated"): a poll's answer, which belongs to the poll, not a report of its own."""
    source = _source_span(doc, a)
    if source is None:
        return False
    root = source.root
    return root.lower_ in PERCENT_WORDS or root.like_num or root.lemma_.lower() in SHARE_WORDS


def _report_start(a: Attribution) -> int:
    """Where an attribution is made: its cue, else its content."""
    return a.cue.start if a.cue else a.content.start


def _is_work(source: Span) -> bool:
    """A source that is a poll, survey, study, report or data set ("a new Washington Post-ABC
    News poll", "the data"), by the head noun of its phrase."""
    return source.root.lemma_.lower() in WORK_NOUNS or source.root.lower_ in WORK_NOUNS


def _reports(doc: Doc, a: Attribution) -> bool:
    """Whether the attribution reports what it holds: a cue of speech, thought, intention or
    finding (``lexicon.CUE_VERBS``/``CUE_NOUNS``), "according to", a quote, no cue at all, or a
    poll, study or report as source whatever the cue ("in the last poll", "features a report").
    "state law requires [charities that solicit more than $25,000]" and "Warren grilled [a CEO
    whose bank opened 2 million accounts]" give the article's own figures."""
    if a.cue is None or a.type in ("direct", "mixed", "according_to"):
        return True
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if cue is None or len(cue) == 0 or cue.text == ":":
        return True  # no cue word, or a speaker's label ("Solberg: That figure is wrong")
    words = {t.lemma_.lower() for t in cue} | {t.lower_ for t in cue}
    if _decides(cue):
        return False
    if words & REPORTING_WORDS:
        return True
    source = _source_span(doc, a)
    return source is not None and _is_work(source)  # "In the last poll, Clinton led by 5 points"


def _decides(cue: Span) -> bool:
    """Whether a cue is a decision to act, not a statement ("Patriot agreed to lend Mr. Clarke
    $5 million", "administrators decided she should share the honor with two others"): the
    article tells the act and its figures in its own voice. "Analyses agree the top 1 percent
    would gain" and "the court decided that …" state."""
    verb = cue.root
    lemma = verb.lemma_.lower()
    if lemma not in DECISION_VERBS:
        return False
    if any(c.dep_ == "xcomp" for c in verb.children):
        return True  # "agreed to lend", "refuses to do"
    return lemma != "agree" and not any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.children)


def _holds(a: Attribution, start: int, end: int) -> bool:
    """True when the figure lies in the attribution's source or cue."""
    for part in (a.source, a.cue):
        if part is not None and any(s < end and start < e for s, e in part.pieces):
            return True
    return False


def _estimated_by(doc: Doc, p: _Phrase, entities: list[Entity]) -> str | None:
    """The speaker who gives a figure with no attribution as the object of an estimating verb
    ("the Tax Foundation puts the figure at $498 billion", "analysts estimate 40,000"): the
    entity with a mention in the verb's subject (the last one: "the Center at the Tax
    Foundation"), or None. Attributions are the extractor's; this reads the figure's clause."""
    t = doc[p.head]
    for _ in range(CLAUSE_DEPTH):
        if t.head == t:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep":  # "including 31 children" passes up
            break
    else:
        return None
    if t.lemma_.lower() not in ESTIMATING_VERBS:
        return _possessed_estimate(t, entities) or _proposed_by(t, entities)
    subjects = [c for c in t.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    return _entity_in(subjects[0], entities)


def _claimed_by(doc: Doc, p: _Phrase, entities: list[Entity]) -> str | None:
    """The speaker whose claim, named by a cue noun, holds the figure in its clause ("a
    fact-check of Donald Trump's claim [that there were thousands of shootings]", "Mr. Trump's
    threats [to slap a 35 percent tariff]", "his comment [about 47 percent of the country]"):
    the innermost reporter, nearer than whoever reports the claim."""
    remark = _remark_about(doc, p)
    if remark is not None:
        owner = next((o for o in remark.children if o.dep_ == "poss"), None)
        return _owner_entity(owner, entities) if owner is not None else None
    t = doc[p.head]
    for _ in range(8):
        if t.head == t:
            return None
        child, t = t, t.head
        if t.pos_ == "NOUN" and ((
                t.lemma_.lower() in CUE_NOUNS and child.dep_ in ("acl", "ccomp")
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)) or (
                t.lemma_.lower() in COMMITMENT_NOUNS and child.dep_ == "acl"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children))):
            owner = next((o for o in t.children if o.dep_ == "poss"), None)
            return _owner_entity(owner, entities) if owner is not None else None
    return None


def _relayed_from(doc: Doc, a: Attribution, entities: list[Entity]) -> str | None:
    """Whom an outlet's report cites for what it reports ("Bloomberg reports that Trump won
    voters making $100,000 or more, according to the Roper Center"): the named source of the
    findings the outlet relays."""
    if a.source is None or a.cue is None:
        return None
    source = _source_span(doc, a)
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if source is None or cue is None or not _outlet_report(source, cue):
        return None
    for prep in cue.root.children:
        if prep.lower_ == "according" and prep.i > cue.root.i:
            to = next((c for c in prep.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if obj is not None:
                return _entity_in(obj, [e for e in entities if e.type in ("PERSON", "ORG", "GPE")])
    return None


#: Prepositions that tie a group of people to the body they work for ("scholars at the
#: Peterson Institute", "economists from the IMF").
_BODY_PREPS = frozenset({"at", "of", "from", "with"})


def _body_of(doc: Doc, a: Attribution, entities: list[Entity]) -> str | None:
    """The named organisation a group source works for, which a figure belongs to ("Scholars
    at the Peterson Institute modeled … the loss of nearly 4.8 million jobs": the Institute's
    model); None when the source is one person or names no organisation."""
    source = _source_span(doc, a)
    if source is None:
        return None
    root = source.root
    if root.tag_ != "NNS" or root.lemma_.lower() not in GROUP_NOUNS:
        return None
    for prep in root.children:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.lower_ in _BODY_PREPS and obj is not None and obj.ent_type_ == "ORG":
            lo, hi = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
            return next((e.id for e in entities if e.kind == "named" and e.type == "ORG"
                         and any(lo <= s and end <= hi for s, end in e.mentions)), None)
    return None


def _remark_about(doc: Doc, p: _Phrase) -> Token | None:
    """The cue noun of "her statement about [“]thousands of layoffs": read off the words, since
    the parser takes such an "about" for "approximately" as often as for a preposition."""
    i = p.start - 1
    while i > 0 and doc[i].is_quote:
        i -= 1
    if i < 1 or doc[i].lower_ != "about":
        return None
    noun = doc[i - 1]
    return noun if noun.pos_ == "NOUN" and noun.lemma_.lower() in CUE_NOUNS else None


def _owner_entity(owner: Token, entities: list[Entity]) -> str | None:
    """The entity a possessor names: one with a mention in it, or for "his"/"her"/"its"/"their"
    the only entity mentioned earlier in the same sentence ("Romney never shook the image his
    comment left")."""
    found = _entity_in(owner, entities)
    if found is not None or owner.pos_ != "PRON":
        return found
    lo, hi = owner.sent.start_char, owner.idx
    before = {e.id for e in entities for s, end in e.mentions if lo <= s and end <= hi}
    return before.pop() if len(before) == 1 else None


def _proposed_by(verb: Token, entities: list[Entity]) -> str | None:
    """The speaker whose proposal the figure's clause sets out ("she would impose a 4 percent
    surcharge", "Clinton's plan would cap deductions at 28 percent"): a speaker's mention as
    the subject of a clause with "would", or as the possessor of a PLAN_NOUNS subject."""
    if not any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if subject.lemma_.lower() in PLAN_NOUNS:
        owner = next((o for o in subject.children if o.dep_ == "poss"), None)
        return _entity_in(owner, entities) if owner is not None else None
    if subject.pos_ == "PRON" or subject.ent_type_ in ("PERSON", "ORG") or subject.pos_ == "PROPN":
        lo, hi = subject.idx, subject.idx + len(subject)
        return next((e.id for e in entities for s, end in e.mentions if s <= lo and hi <= end), None)
    return None


def _entity_in(phrase: Token, entities: list[Entity]) -> str | None:
    """The entity with the last mention inside the phrase ``phrase`` heads, or None."""
    lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge)
    inside = [(s, e.id) for e in entities for s, end in e.mentions if lo <= s and end <= hi]
    return max(inside)[1] if inside else None


def _possessed_estimate(verb: Token, entities: list[Entity]) -> str | None:
    """The speaker whose estimate the figure's clause states ("kept the IMF's estimate of
    growth at 3.1 percent", "the ministry's count rose to 3,381"): the possessor of an
    ESTIMATE_NOUNS subject or object of the figure's verb, when it is a speaker's mention."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in ESTIMATE_NOUNS:
            owner = next((o for o in c.children if o.dep_ == "poss"), None)
            if owner is None:
                continue
            found = _entity_in(owner, entities)
            subject = next((s for s in verb.children if s.dep_ == "nsubj"), None)
            if found is None and owner.pos_ == "PRON" and subject is not None and subject is not c:
                # "it increased its forecast to 1.8 percent": "its" is the subject's
                found = _entity_in(subject, entities)
            return found
    return None


def _reduced_relative(doc: Doc, a: Attribution, path: list[Token]) -> bool:
    """"300 buildings officials said were destroyed": the small parser reads "buildings
    officials" as one noun, the figure's noun a compound on the source's; it heads the clause
    the cue reports, so the figure is the attribution's."""
    source = _source_span(doc, a)
    if source is None:
        return False
    return any(t.dep_ == "compound" and t.head.i == source.root.i and t.i == source.start - 1
               and t.tag_ in ("NNS", "NNPS") for t in path)


def _governs(cue: Span, path: list[Token], according: bool) -> bool:
    """The figure (``path``: its token and ancestors) is in what the cue reports.

    For "according to": the clause the phrase attaches to dominates the figure. For a reporting
    verb: the figure sits under one of the verb's complements (ccomp, xcomp, dobj, parataxis).
    """
    root = cue.root
    if according:
        anchor = root.head
        return any(t.i == anchor.i for t in path)
    if root.dep_ in ("relcl", "acl") and root.head != root and not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in root.children):
        # "12 buildings [officials said] were destroyed", "the deaths [tallied by the ministry]
        # reached 3,381": the cue's clause sits on the figure's noun, or on its verb's subject
        # (not "three members who voted against": there the figure counts the source)
        noun = root.head
        return any(t.i == noun.i or (noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i == t.i)
                   for t in path)
    if _parenthetical(root) and any(t.i == root.head.i for t in path):
        return True  # "…, the researchers tallied, the government would receive $717.8 billion"
    for t in path:
        if t.head.i == root.i and t.i != root.i:
            return t.dep_ in REPORTED_DEPS or (t.dep_ in ("conj", "advcl") and _continues_report(root, t))
    return False


#: How the small parser attaches a reported clause and its reporting clause to each other.
_MISREAD_REPORTED = frozenset({"ccomp", "parataxis", "advcl"})


def _parenthetical(verb: Token) -> bool:
    """A reporting clause set between commas inside the sentence it reports, which the parser
    hangs below the reported verb ("…, the researchers tallied, the government would …")."""
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or verb.dep_ not in _MISREAD_REPORTED or verb.head.i <= verb.i:
        return False
    left = subject.left_edge.i
    return left > 0 and doc[left - 1].text == "," and verb.i + 1 < len(doc) \
        and doc[verb.i + 1].text == ","


def _continues_report(verb: Token, clause: Token) -> bool:
    """A clause joined after a reporting verb that follows what it reports, and no report of
    its own: "The middle fifth paid 8.9 percent, the agency said, and the bottom fifth paid 0.8
    percent" (not "…, the agency said, and added that …"); or a participle the parser hangs on
    the reporting verb that goes on with what it reports ("Pence led the conversation, Twitter
    announced, gaining 22,000 followers"; not "…, the agency said, citing …")."""
    reported = [c for c in verb.children if c.dep_ in _MISREAD_REPORTED and c.i < verb.i]
    if not reported or clause.i < verb.i or clause.lemma_.lower() in REPORTING_WORDS:
        return False
    if clause.dep_ == "advcl":
        return clause.tag_ == "VBG" and any(c.dep_ in ("ccomp", "parataxis") for c in reported) \
            and not any(c.dep_ in ("nsubj", "mark") for c in clause.children)
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
