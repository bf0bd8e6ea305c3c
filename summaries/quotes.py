"""Direct quotations in an article, and who said them.

:func:`extract_quotes` returns every direct quotation in article order, attributed;
:func:`key_quotes` picks the few worth showing. Whatever a :class:`Quote` shows is verbatim:
``body[start:end] == text`` is checked for every quote before it is returned, and a quote that
fails the check is dropped, never repaired.

How it works, in the order the code runs:

1. Scan. Each paragraph is scanned once for quote marks with a small stack, so a nested quote
   (‘…’ inside “…”, „…“ inside «…») stays inside its outer quote. Straight marks are told from
   apostrophes and primes by what flanks them ("don't", "Chelsea's", "the players' union",
   "'90s", "6'2" are not quotes). An outer quote still open at a paragraph's end continues into
   the next paragraph when that one opens with the same kind of mark (the typographic convention
   for multi-paragraph quotes) or closes it; otherwise the stray mark is ignored and the paragraph
   scanned again. Each paragraph's piece of a multi-paragraph quote is its own :class:`Quote`.
2. Attribute. The clause just before a quote ("X said:", "X told Reuters:", "According to X,",
   "По словам X,", "X заявил:") and just after it ("…,” said X, the role", "…,” the role X said",
   "», — заявила она", "…”, according to X") are parsed for a speech verb and its subject: a name
   (titles and honorifics split off, particles kept: "Ursula von der Leyen"), an organisation
   ("the Ministry of Defence", "Министерство обороны", "a spokesman for the Kremlin" -> speaker
   "Kremlin", role "a spokesman"), a bare role ("a senior official": speaker None, role set), or a
   pronoun. The compound past is read through its auxiliary ("Macron a déclaré :", "Meloni ha
   detto:", "Sánchez ha dicho:", "Scholz hat am Montag gesagt:"); German puts the finite verb
   second, so after a fronted phrase the subject follows it ("Am Montag sagte Scholz:", "Dazu
   hat Scholz gesagt:"). Titles glued before a name are split off in every language
   ("Bundeskanzler Olaf Scholz", "CDU-Chef Friedrich Merz", "le président Emmanuel Macron").
3. Resolve. A short name becomes the full name the article gives first ("Ogane" -> "Naoki
   Ogane", "President Biden" -> "Joe Biden", role "President"; "Антона Силуанова" -> "Антон
   Силуанов"). A pronoun goes to the most recently mentioned person whose gender fits ("he"/"she",
   "он"/"она"; Russian verb endings: "сказала" is feminine), preferring a sentence's subject to
   a nearer object ("X banned Guffick. He said: …" is X); someone is a person by evidence (a
   title or role, a common first name, being a speaker or the subject of a speech verb); a
   speaker's gender is learned as pronouns resolve. The speakers so far are candidates too, so
   with no better mention the most recent speaker is chosen. "The Frenchman said", "the
   22-year-old said" resolve the same way, any gender. A role given anywhere for a person
   ("Naoki Ogane, the club's president, …") is kept for their later quotes. Linear in the
   article: each full name is stored once, and each short name's look-up is memoised.
4. Continue. The pieces of a multi-paragraph quote share one speaker; a quote in a paragraph of
   its own with no attribution continues the previous paragraph's quote speaker; the second half
   of a split quote takes the speaker of the first.
5. Filter scare quotes and titles.

Decisions:

- Split quotes ("“We will win,” she said. “And fast.”") are returned as two :class:`Quote`
  objects with the same speaker, never merged: a merged text would have to skip the attribution
  and so would not be verbatim. :func:`key_quotes` ranks such neighbours (same speaker, at most
  ``SPLIT_QUOTE_MAX_GAP_CHARS`` apart) as one unit: one quote per speaker comes first, then the
  second part of a split quote already chosen (so the parts are shown together), then the rest.
- Scare quotes: a quote nobody is said to have said needs ``MIN_UNATTRIBUTED_WORDS`` words (so
  "the so-called “peace plan”" and "an 'honour'" go); an attributed quote needs
  ``MIN_ATTRIBUTED_WORDS`` ("“Absolutely not,” she said." stays), or ``MIN_EMBEDDED_WORDS`` when it
  sits inside a clause ("he called it “fake news”, he said"). A title-cased phrase with no
  sentence punctuation and no attribution (a film or book title) is dropped.
- A quote mark with spaces on both sides (tokenised text: "said: ' I have", "the summer. '") is
  read as an opener or closer from what is open and what precedes it; "don ' t" and "Guffick ’ s"
  are apostrophes.
- A trailing comma inside the marks ("“We will win,” she said") is left out of the text.
- ``sentence_index`` is the sentence holding the opening mark (0 when no sentences are given).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from summaries.models import PARAGRAPH_SEPARATOR, Quote, Sentence

# A quote with no attribution shorter than this is a scare quote or a term ("the so-called
# “peace plan”"); real unattributed quotes in news run to a clause.
MIN_UNATTRIBUTED_WORDS = 6
# An attributed quote can be short ("“Absolutely not,” she said."), but not one word.
MIN_ATTRIBUTED_WORDS = 2
# An attributed quote that opens inside a clause ("he called it “fake news”") is a fragment.
MIN_EMBEDDED_WORDS = 4
# How far around a quote we look for its attribution, in characters (one long sentence).
MAX_CONTEXT_CHARS = 250
# A subject before a speech verb longer than this is a clause, not a speaker.
MAX_SUBJECT_WORDS = 12
# Words allowed between a speech verb and a quote with no colon ("said the plan was “…”").
MAX_LOOSE_FILLER_WORDS = 4
# "Melissa told the Fox affiliate of the video's success 'It was …'": told takes an object.
MAX_TOLD_FILLER_WORDS = 8
# Characters allowed between a speech verb and the colon before a quote ("said in a statement:").
MAX_COLON_FILLER_CHARS = 80
# Quote marks open at once before we stop pushing (only broken text nests deeper).
MAX_NESTING = 6
# Two quotes by one speaker this close (the attribution between them) are parts of one quote.
SPLIT_QUOTE_MAX_GAP_CHARS = 80
# At most this many parts of one split or multi-paragraph quote go into key_quotes.
MAX_PARTS_PER_UNIT = 2
# A pronoun prefers a sentence's subject over a nearer object ("X banned Guffick. He said")
# when the subject is at most this many characters further back.
SUBJECT_LOOKBACK_CHARS = 300
# How many earlier mentions a pronoun looks back over.
MAX_PRONOUN_LOOKBACK = 60
# A short name ("Smith", "Силуанова") is matched against at most this many distinct full names
# sharing its key (surname, or a Cyrillic stem): real articles have a handful, and the bound
# keeps a text of thousands of look-alike names linear.
MAX_NAMES_PER_KEY = 64

# --- quote marks ---------------------------------------------------------------------------

_DOUBLE, _SINGLE, _GUILLEMET, _SINGLE_GUILLEMET = 0, 1, 2, 3
_QUOTE_CHARS = "\"“”„«»‘’'‚‹›"
_DOUBLE_QUOTE_CHARS = '"“”„«»‹›'
_MARK = re.compile("[\"“”„«»‘’'‚‹›]")
_OPENING_CHARS = {_DOUBLE: '“„"”', _SINGLE: "‘'’‚", _GUILLEMET: "«", _SINGLE_GUILLEMET: "‹"}
_LEFT_PUNCT = frozenset("([{<—–-/:" + _QUOTE_CHARS)
_CLOSING_PUNCT = frozenset(",.;:!?)]}…")
_SENTENCE_PUNCT = frozenset(",.!?;…")
_CONTRACTION = re.compile(r" ?(?:s|t|ve|re|ll|d|m)(?!\w)")

_RIGHT_PUNCT = frozenset(".,;:!?)]}>…—–-/" + _QUOTE_CHARS)

# --- names ---------------------------------------------------------------------------------

_UPPER = "".join(
    chr(code)
    for code in (*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x370, 0x530))
    if chr(code).isupper()
)
_UP = f"[{_UPPER}]"
_TITLE_ABBREVIATION = (
    r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Rev|Hon|Pres|Supt|Insp"
    r"|Det|Jr|Sr|Sra|Dra|Mme|Mlle|Messrs|St)\."
)
_NAME_TOKEN = (
    rf"(?:{_TITLE_ABBREVIATION}|{_UP}\.(?:{_UP}\.)*(?!\w)"
    rf"|(?:(?:al|el|bin|ibn|ben|abu|d|l)[-'’])?{_UP}(?:[\w\-]|['’](?!s\b)\w)*)"
)
_PARTICLE = (
    r"(?:von|van|der|den|de|del|della|di|da|das|dos|du|des|la|le|bin|bint|ibn|al|el|ter|ten|zu)"
)
_CONNECTOR = r"(?:of\s+the|for\s+the|of|for)"
_NAME_PHRASE = (
    rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,3}}{_NAME_TOKEN}"
    rf"|\s+{_CONNECTOR}\s+{_NAME_TOKEN}){{0,6}}"
)
_NAME = re.compile(rf"(?<![\w'’-]){_NAME_PHRASE}")

_STOP_CAPS = frozenset(
    """The A An This That These Those But And Or So Yet If When While After Before Since As At In
    On Of For From By With To Into Under Over During Despite Although Though However Meanwhile
    Moreover Also Still Then Now Here There Yesterday Today Tonight Tomorrow Last Next Earlier
    Later It He She They We I You His Her Their Our My Its Your What Who Why How Where Which
    Speaking Asked Writing According Scroll Click Read Watch Photo Image Video Pictured Picture
    Follow Share More Did Do Does Is Are Was Were Has Have Had Will Would Can Could Should May
    Not No Yes Only Even Just Some Many Most All Both Each Every Another Other One Two Three
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June
    July August September October November December Mrs Mr Ms Dr
    Но И А В Во На По С Со У К О Об Из За Для При После До Однако Также Кроме Как Когда Если Это
    Этот Эта Эти Он Она Они Оно Мы Я Вы Его Ее Её Их Вчера Сегодня Завтра Ранее Позже Теперь
    Тогда Там Здесь Впрочем Между Так Поэтому Кстати Что Кто Где Уже Еще Ещё Лишь Пока Все Всё
    Der Die Das Ein Eine Und Aber Doch Auch Le La Les Un Une Et Mais Selon El Los Las Y Según
    Il Lo Gli Ma Secondo O Os As Em Segundo
    Am Im Vom Zum Zur Beim Bei Mit Nach Vor Seit Auf Aus Über Unter Für Gegen Ohne Um Durch Von
    Zu Wie Als Wenn Dass Ob Er Sie Es Wir Laut Dazu Danach Später Zudem Außerdem Dann Damals
    Heute Gestern Morgen Nun Jetzt Hier Dort Daher Deshalb Darauf Dabei Hierzu Zuvor Montag
    Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Mai Juni Juli
    Oktober Dezember Anfang Ende Mitte
    Ce Cette Ces Dans Pour Avec Sur Sous Depuis Pendant Après Avant Ensuite Puis Hier Demain
    Elle Ils Elles Nous Vous Je Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
    En Para Por Desde Tras Ayer Hoy Este Esta Ellos Además Luego Lunes Martes Miércoles
    Jueves Viernes Sábado
    Nel Nella Con Dopo Prima Ieri Oggi Domani Questo Questa Lui Poi Inoltre Lunedì Martedì
    Mercoledì Giovedì Venerdì Sabato
    No Com Depois Antes Ontem Hoje Amanhã Ele Ela Eles""".split()
)
_HONORIFICS = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "mx": None,
    "dr": None,
    "prof": None,
    "herr": "m",
    "frau": "f",
    "m": "m",
    "mme": "f",
    "mlle": "f",
    "sr": "m",
    "sra": "f",
    "dra": "f",
    "sig": "m",
    "г-н": "m",
    "г-жа": "f",
}
_TITLE_WORDS = frozenset(
    """president vice prime minister chancellor secretary governor gov senator sen
    representative rep mayor judge justice general gen colonel col lt lieutenant sergeant sgt
    captain capt admiral adm commissioner chief inspector detective det officer constable sheriff
    coach manager director chairman chairwoman chair ceo cfo coo cto pope king queen prince
    princess duke duchess ambassador foreign defence defense finance deputy acting former rev
    reverend father bishop archbishop cardinal rabbi imam sheikh emir crown professor prof
    spokesman spokeswoman spokesperson speaker leader head boss striker midfielder defender
    goalkeeper forward winger star actress actor singer rapper analyst economist expert lawyer
    attorney prosecutor official executive founder co-founder owner adviser advisor aide
    researcher scientist doctor teacher headteacher headmaster principal editor correspondent
    commander chairperson treasurer superintendent supt councillor councilman councilwoman
    congressman congresswoman lawmaker mp mep presenter host author writer producer
    director-general secretary-general envoy negotiator minister-president premier
    cabbie driver pilot nurse firefighter farmer pundit commentator chef grandmother grandfather
    landlord shopkeeper engineer soldier
    schoolteacher pensioner farmer baker volunteer campaigner activist resident student pupil
    пенсионерка пенсионер фермер житель жительница студент студентка водитель учитель учительница
    предприниматель владелица активист активистка пассажир пассажирка волонтер волонтёр
    президент премьер премьер-министр министр глава председатель директор губернатор мэр
    пресс-секретарь представитель спикер депутат сенатор генерал посол замминистра заместитель
    руководитель лидер командующий главнокомандующий советник помощник эксперт аналитик
    экономист политолог адвокат прокурор судья тренер капитан нападающий основатель владелец
    гендиректор вице-премьер вице-президент канцлер госсекретарь официальный профессор академик
    патриарх митрополит главврач врач
    président présidente ministre porte-parole maire député députée sénateur sénatrice
    directeur directrice secrétaire ambassadeur ambassadrice juge procureur avocat avocate
    entraîneur sélectionneur dirigeant dirigeante commissaire préfet
    presidente presidenta ministro ministra portavoz alcalde alcaldesa diputado diputada
    senadora directora jefe jefa secretario secretaria embajador embajadora juez jueza abogado
    abogada entrenador entrenadora seleccionador consejero consejera
    portavoce sindaco sindaca deputato deputata senatore senatrice direttore direttrice
    segretario segretaria ambasciatore giudice procuratore avvocato avvocata allenatore
    commissario
    porta-voz prefeito prefeita deputado senador diretor diretora secretário secretária
    embaixador juiz juíza procurador advogado advogada treinador governador governadora técnico
    kanzler kanzlerin ministerin präsident präsidentin chefin sprecher sprecherin vorsitzende
    vorsitzender bürgermeister bürgermeisterin direktor direktorin kommissar kommissarin
    botschafter botschafterin abgeordnete abgeordneter staatssekretär staatssekretärin
    trainerin""".split()
)
# German titles are compounds ending in their head: "Bundeskanzler", "Außenministerin",
# "CDU-Chef", "Regierungssprecher", "Verfassungsrichter".
_GERMAN_TITLE_HEADS = tuple(
    """kanzler kanzlerin minister ministerin präsident präsidentin chef chefin sprecher
    sprecherin vorsitzende vorsitzender bürgermeister bürgermeisterin direktor direktorin
    leiter leiterin trainer trainerin kommissar kommissarin botschafter botschafterin
    abgeordnete abgeordneter sekretär sekretärin richter richterin anwalt anwältin experte
    expertin ökonom ökonomin""".split()
)
_ORG_WORDS = frozenset(
    """ministry department office bank council commission committee agency court parliament
    congress senate house kremlin pentagon union federation association university hospital
    authority authorities service party group organisation organization foundation institute
    board embassy police army navy force forces corporation corp inc ltd company club fc united
    government cabinet administration network channel times news post reuters bbc cnn ap afp
    airline airlines railway council tribunal school college church federation league fifa uefa
    nasa fbi cia nato imf opec
    министерство минфин минобороны мид мвд фсб кремль правительство госдума дума совфед
    ведомство пресс-служба суд полиция компания банк цб мэрия администрация прокуратура
    комитет служба партия штаб посольство агентство фонд центр совет университет минздрав
    минэкономразвития росстат роскомнадзор генпрокуратура ск""".split()
)
_ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson spokespeople spokesmen official officials source sources
    aide aides adviser advisers advisor advisors representative representatives witness
    witnesses resident residents analyst analysts expert experts lawyer lawyers attorney attorneys
    prosecutor prosecutors investigator investigators doctor doctors neighbour neighbours
    neighbor neighbors friend friends relative relatives insider insiders executive executives
    diplomat diplomats officer officers minister ministers leader leaders organisers organizers
    источник источники представитель представители собеседник эксперт эксперты аналитик
    аналитики очевидец очевидцы свидетель свидетели чиновник чиновники сотрудник сотрудники
    пресс-секретарь адвокат врач врачи""".split()
)
# Groups that speak as one, capitalised at a sentence's start: a role, not a name.
_GROUP_NOUNS = _ROLE_NOUNS | frozenset(
    """parents critics fans supporters opponents protesters campaigners neighbours neighbors
    scientists researchers teachers students pupils passengers victims families locals villagers
    officers""".split()
)
_DETERMINERS = frozenset("the a an his her its their our this that".split())
_PREPOSITIONS = frozenset(
    "for of at to by with from about as like according against in on under у из от для при".split()
)
_LEADING_JUNK = frozenset(
    """on in at during after before yesterday today tonight last this earlier later meanwhile but
    and however also then now so while when as в во на по при после вчера сегодня также однако
    но и а""".split()
)
_MEDIA = frozenset(
    """тасс риа новости интерфаксу интерфакс рбк известиям ведомостям коммерсанту газете.ru
    reuters ap afp bbc cnn""".split()
)

_FIRST_NAMES_M = frozenset(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
    brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
    jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
    roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe
    bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
    russell bobby mason philip louis harry tom tim ben sam mike bill bob jim tony steve dave
    chris nick barack boris vladimir emmanuel olaf rishi keir luis carlos pedro jorge miguel
    antonio francesco giuseppe marco luca pierre jacques françois hans klaus wolfgang friedrich
    karl heinz jürgen mohammed muhammad ahmed ali omar hassan sergio diego lionel cristiano
    rafael novak andy lewis kanye elon jeff warren bernie ted mitch rudy gavin ron greg jared
    hunter jamie jimmy johnny eddie danny martin simon neil ian graham gordon hugh nigel alastair
    angus jose josé manuel javier alejandro fernando ricardo giorgio matteo mario olivier nicolas
    emmanuel jean-luc jean-pierre jean-claude friedrich-wilhelm volodymyr dmitry sergei sergey
    alexei alexey mikhail ivan yuri igor oleg viktor anton andrei andriy pavel maxim kirill
    roman denis ilya nikita arsene jose jurgen pep mauricio antonio carlo louis ole gareth frank
    steven wayne""".split()
)
_FIRST_NAMES_F = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
    margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
    nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather
    diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith
    megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn
    janice abigail alice judy sophia grace denise amber doris marilyn danielle beverly isabella
    theresa diana natalie brittany charlotte marie kayla alexis lori jane kate katie sue liz
    beth hillary kamala ursula marine giorgia jacinda nicola priti suella kemi yvette harriet
    serena venus beyonce rihanna oprah meghan kim kylie melania ivanka hilary sophie chloe lucy
    ellie amelia holly caroline claire louise fiona gemma zoe leah naomi ella mia isla ava vivien
    annalena angela ségolène marine anne-marie elena irina olga natalia tatiana svetlana
    ekaterina yulia anastasia julia valentina ludmila marina galina veronika ksenia daria
    alexandra carmen lucia sofia giulia francesca chiara valentina isabel ana beatriz""".split()
)
_FIRST_NAMES = _FIRST_NAMES_F | _FIRST_NAMES_M
_RU_FIRST_NAMES_F = frozenset(
    """мария анна елена ольга наталья наталия татьяна ирина светлана екатерина юлия анастасия
    валентина эльвира людмила марина галина вероника ксения дарья александра алла вера надежда
    любовь лариса нина тамара евгения софья полина виктория маргарита кира элла инна
    жанна""".split()
)
_RU_FIRST_NAMES_M = frozenset(
    """александр сергей дмитрий андрей алексей владимир михаил иван николай евгений антон олег
    юрий игорь павел виктор максим денис илья кирилл григорий константин вячеслав рамзан
    владислав борис геннадий валерий виталий роман артём артем никита леонид федор фёдор пётр
    петр станислав василий анатолий эдуард эльдар рустам марат тимур аркадий георгий семён
    семен матвей ярослав глеб""".split()
)

# --- speech verbs --------------------------------------------------------------------------

_EN_VERBS = """said says say told tells added adds warned warns explained explains insisted insists
claimed claims wrote writes tweeted tweets posted posts asked asks stated states noted notes
argued argues continued continues recalled recalls admitted admits declared declares announced
announces replied replies responded responds commented comments stressed stresses emphasised
emphasized emphasises emphasizes remarked remarks observed observes acknowledged acknowledges
confirmed confirms conceded concedes suggested suggests urged urges predicted predicts shouted
yelled screamed joked jokes laughed cried whispered revealed reveals reported reports concluded
concludes agreed agrees complained complains boasted boasts vowed vows pleaded demanded demands
cautioned cautions countered counters quipped mused exclaimed testified alleged alleges
maintained maintains lamented laments recounted recounts wondered wonders assured assures
promised promises pointed explained blasted slammed raged fumed sighed mentioned""".split()
_EN_PARTICIPLES = """saying adding noting writing telling explaining warning insisting arguing
declaring stating tweeting claiming""".split()
_RU_PAST_STEMS = """сказа заяви отмети добави подчеркну поясни сообщи рассказа написа уточни призна
констатирова завери предупреди напомни ответи спроси переда указа резюмирова объясни возмути
посетова подели призва высказа прокомментирова заключи отреагирова пожалова поблагодари
признава говори подытожи пообеща выразил добави убеди""".split()
_RU_PRESENT = """говорит считает отмечает заявляет подчеркивает подчёркивает добавляет поясняет
пишет рассказывает сообщает утверждает признает признаёт уверен уверена уверены говорится
говорят считают сообщают пишут""".split()
_RU_PARTICIPLES = "заявив отметив добавив подчеркнув сказав пояснив написав".split()
_OTHER_VERBS = {
    "de": """gesagt sagte sagt sagten erklärte erklärt betonte betont meinte meint fügte schrieb
        schreibt warnte warnt kritisierte forderte sagte so gewarnt gefordert geschrieben
        kritisiert bekräftigt bekräftigte versicherte versichert""".split(),
    "fr": """déclaré dit affirmé expliqué ajouté souligné indiqué estimé assuré précisé confié
        déclare affirme explique ajoute souligne estime précise assure confie raconte raconté
        insisté insiste annoncé répondu écrit reconnu rappelé averti martelé""".split(),
    "es": """dicho dijo afirmó declaró señaló explicó aseguró añadió indicó agregó sostuvo manifestó
        apuntó subrayó advirtió dice afirma asegura explica señala afirmado declarado
        explicado asegurado señalado añadido indicado agregado subrayado advertido
        manifestado""".split(),
    "it": """detto dichiarato spiegato aggiunto affermato sottolineato ribadito dice afferma spiega
        aggiunge sottolinea precisato commentato annunciato scritto osservato""".split(),
    "pt": """disse afirmou declarou explicou acrescentou destacou ressaltou garantiu diz afirma
        explica dito afirmado declarado explicado""".split(),
}
_ACCORDING = {
    "en": r"according\s+to",
    "ru": r"по\s+(?:словам|мнению|данным|информации)",
    "de": r"(?:laut|nach\s+Angaben)",
    "fr": r"selon",
    "es": r"seg[uú]n",
    "it": r"secondo",
    "pt": r"(?:segundo|de\s+acordo\s+com)",
}
_PRONOUNS = {
    "en": {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p"},
    "ru": {"он": "m", "она": "f", "они": "p", "оно": "n"},
    "de": {"er": "m", "sie": "f", "es": "n"},
    "fr": {"il": "m", "elle": "f", "ils": "p", "elles": "p"},
    "es": {"él": "m", "ella": "f", "ellos": "p", "ellas": "p"},
    "it": {"lui": "m", "lei": "f", "egli": "m", "loro": "p"},
    "pt": {"ele": "m", "ela": "f", "eles": "p", "elas": "p"},
}
_ADVERBS = (
    r"(?:also|later|then|previously|earlier|recently|once|reportedly|simply|just|further|"
    r"separately|publicly|repeatedly|quickly|calmly|angrily|bluntly|flatly|candidly|has|had|have|"
    r"has\s+since|has\s+previously|would|had\s+earlier|также|ранее|уже|позже|еще|ещё|потом|затем|"
    r"вчера|сегодня|тогда|прямо|неоднократно|auch|bereits|aussi|également|encore|déjà|también|"
    r"además|ya|anche|inoltre|poi|già|também|ainda|já)"
)


# The dot of "Mr.", "Gov." or an initial, which does not end a clause.
_ABBREVIATION_DOT = (
    r"(?:(?<=\b[A-ZА-Я])|(?<=\b(?:Mr|Ms|Dr|St|Jr|Sr|Lt))|(?<=\b(?:Mrs|Gov|Sen|Rep|Gen|Col|Sgt|Rev"
    r"|Det|Mme))|(?<=\b(?:Prof|Capt)))\."
)
# "a déclaré", "ha detto", "ha dicho", "hat gesagt": the auxiliary before a participle.
_AUXILIARIES = r"(?:a|ont|avait|ha|han|había|hanno|aveva|hat|haben|hatte|hatten|tem|têm)"
# The compound past at the end of a subject zone ("Macron a", "Meloni ha", "Sánchez le ha",
# "Scholz hat"): stripped, with any pronoun object before it ("lui a", "m'a").
_AUXILIARY_END = {
    "fr": (r"(?:lui|leur|nous|vous|me|te)", r"(?:a|ont|avait|avaient)"),
    "es": (r"(?:le|les|me|te|nos|os|se|lo|la)", r"(?:ha|han|había|habían)"),
    "it": (r"(?:gli|le|mi|ti|ci|vi|lo)", r"(?:ha|hanno|aveva|avevano)"),
    "pt": (r"(?:lhe|lhes|me|te|nos)", r"(?:tem|têm|tinha|tinham|havia)"),
    "de": (r"(?!)", r"(?:hat|haben|hatte|hatten|habe)"),
}


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted({re.escape(word) for word in words}, key=len, reverse=True))


def _verb_pattern(language: str) -> str:
    if language == "ru":
        past = rf"(?:{_alternation(_RU_PAST_STEMS)})л(?:а|и|о)?(?:с[ья])?"
        return rf"(?:{past}|{_alternation(_RU_PRESENT)})"
    verbs = _OTHER_VERBS.get(language, [])
    return rf"(?i:{_alternation([*_EN_VERBS, *verbs])})"


def _participle_pattern(language: str) -> str:
    return _alternation(_RU_PARTICIPLES if language == "ru" else _EN_PARTICIPLES)


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The compiled patterns for one language."""

    language: str
    pronouns: dict[str, str]
    verb: re.Pattern[str]  # any speech verb, as a whole word
    verb_words: frozenset[str]  # the same as a set of lower-case words (Russian: present tense)
    verb_before: re.Pattern[str]  # the same, or a participle ("…, saying: “…”")
    verb_start: re.Pattern[str]  # a speech verb at the start of a clause ("said X", "— заявил X")
    subject_verb: re.Pattern[str]  # "X said" at the start of a clause
    according_before: re.Pattern[str]  # "according to X," right before a quote
    according_start: re.Pattern[str]  # "according to X" right after a quote
    as_verb_before: re.Pattern[str]  # "как заявил X," right before a quote
    pronoun_start: re.Pattern[str]
    pronoun_end: re.Pattern[str]
    participle: re.Pattern[str]
    inverted: re.Pattern[str]  # French "a-t-il déclaré", "dit-elle"
    auxiliary_end: re.Pattern[str] | None  # "Macron a" (déclaré): the auxiliary to strip


_GRAMMARS: dict[str, _Grammar] = {}


def _auxiliary_end(language: str) -> re.Pattern[str] | None:
    if language not in _AUXILIARY_END:
        return None
    clitic, auxiliary = _AUXILIARY_END[language]
    return re.compile(rf"(?:^|\s+)(?:{clitic}\s+|[lmt]['’])?{auxiliary}(?:\s+(?i:{_ADVERBS}))*$")


def _grammar(language: str) -> _Grammar:
    language = language if language in _PRONOUNS else "en"
    cached = _GRAMMARS.get(language)
    if cached is not None:
        return cached
    verb = _verb_pattern(language)
    pronouns = _PRONOUNS[language]
    pronoun = _alternation(list(pronouns))
    according = _ACCORDING[language]
    quotes = re.escape(_DOUBLE_QUOTE_CHARS)  # apostrophes may sit inside a subject ("city's")
    grammar = _Grammar(
        language=language,
        pronouns=pronouns,
        verb=re.compile(rf"(?<![\w-])(?:{verb})(?![\w-])"),
        verb_words=frozenset(
            word.lower()
            for word in (
                _RU_PRESENT if language == "ru" else [*_EN_VERBS, *_OTHER_VERBS.get(language, [])]
            )
        ),
        verb_before=re.compile(
            rf"(?<![\w-])(?:{verb}|(?i:{_participle_pattern(language)}))(?![\w-])"
        ),
        verb_start=re.compile(
            rf"(?:{_ADVERBS}\s+)?(?:{_AUXILIARIES}\s+)?(?:{_ADVERBS}\s+)?(?P<verb>{verb})(?![\w-])"
            rf"(?:\s+(?:{_ADVERBS}))?",
            re.IGNORECASE,
        ),
        subject_verb=re.compile(
            rf"(?P<zone>(?:[^.!?;:{quotes}\n]|{_ABBREVIATION_DOT}){{1,160}}?)\s+"
            rf"(?:{_ADVERBS}\s+)?(?P<verb>{verb})(?![\w-])"
        ),
        according_before=re.compile(
            rf"(?i:{according})\s+(?P<np>[^,:;!?{quotes}\n]{{1,160}}?)\s*,?\s*$"
        ),
        according_start=re.compile(rf"(?i:{according})\s+"),
        as_verb_before=re.compile(
            rf"(?<!\w)(?i:как|as)\s+(?P<verb>{verb})\s+(?P<np>[^,:;!?{quotes}\n]{{1,120}}?)\s*,\s*$"
        ),
        pronoun_start=re.compile(rf"(?i:(?P<p>{pronoun}))(?![\w-])"),
        pronoun_end=re.compile(rf"(?:^|(?<=[\s,;:—–(]))(?i:(?P<p>{pronoun}))$"),
        participle=re.compile(rf"(?i:{_participle_pattern(language)})$"),
        inverted=re.compile(
            r"(?:a-t-(?P<p1>il|elle)\s+\w+|\w+-t?-?(?P<p2>il|elle)(?![\w-]))", re.IGNORECASE
        ),
        auxiliary_end=_auxiliary_end(language),
    )
    _GRAMMARS[language] = grammar
    return grammar


_LEAD_AFTER = re.compile(r"\s*,?\s*(?:[—–-]{1,2}\s*)?")
_CLAUSE_END = re.compile(
    r"[,;:!?()\[\]\n]|(?<!\b\w)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)"
    r"(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bGen)(?<!\bProf)(?<!\bLt)(?<!\bCol)(?<!\bSgt)(?<!\bCapt)"
    r"(?<!\bRev)(?<!\bMme)(?<!\bDet)\."
)
_CLAUSE_CUT = re.compile(r"[,;:()—–]|\s-\s|\b(?:and|but|while|because|и|а|но|пока)\s", re.I)
_TRAILING_ADVERBS = re.compile(rf"(?:\s+{_ADVERBS})+$", re.IGNORECASE)
_APPOSITIVE_END = re.compile(
    rf"(?:^|(?<=[\s,;:(]))(?P<name>{_NAME_PHRASE})\s*,\s*(?P<role>[^,;:()\n]{{2,120}}?)\s*,$"
)
_ROLE_THEN_NAME_END = re.compile(
    rf"(?:^|(?<=[,;:(]))\s*(?P<role>[^,;:()\n]{{2,120}}?)\s*,\s*(?P<name>{_NAME_PHRASE})\s*,$"
)
_APPOSITIVE_AFTER = re.compile(
    r",\s+((?:a|an|the|his|her|their|its)\s+[^,.;:()\n“”«»\"]{2,100}?)\s*[,.;]"
)
_NOT_A_ROLE = re.compile(
    r"^(?:who|which|that|whose|whom|where|when|and|but|as|adding|saying|который|которая|которое|"
    r"которые|чей|чья|где|и|но|а)\b",
    re.IGNORECASE,
)
_FOR_ORG = re.compile(r"\s(?:for|of|at|from|with)(?:\s+the)?\s*$", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-ZА-ЯЁ][\w-]*")
_ANAPHOR = re.compile(
    r"(?i:the)\s+(?:\d+-year-old|youngster|teenager|veteran|star|striker|midfielder|defender|"
    r"goalkeeper|keeper|winger|forward|playmaker|frontman|singer|actress|actor|rapper|"
    r"[A-Z][a-z]+(?:man|woman))"
)
_ROLE_FOR_ORG = re.compile(
    r"((?:a|an|the)?\s*\S+(?:\s+\S+)?)\s+(for|of|at)\s+((?:the\s+)?.+)", re.I
)
# A verb right after a name makes the name a subject ("Rodgers now wants", "Smith said").
_VERB_AFTER_NAME = re.compile(
    r"\s+(?:(?:now|also|then|later|still|has|had|have|will|would|could)\s+)?"
    r"(?:is|was|are|were|has|had|will|would|can|could|did|does|do|may|might|must|should|made|"
    r"took|went|came|got|gave|felt|thought|knew|saw|began|won|lost|left|kept|said|told|"
    r"[a-z]+ed|[a-z]+[^s\W]s)\b"
)
_PRONOUN_AFTER_VERB = re.compile(r"\s+(?:that\s+)?(he|she)\b", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?…]['\"’”»)]*$")
_SMALL_WORDS = frozenset("a an the of and in on at to for with from by or de la le du des".split())
_IMMEDIATE_TAIL = re.compile(r"\s*(?:(?i:that|что|que|che|dass|как))?\s*[:,]?\s*")
_COLON_TAIL = re.compile(
    rf"[^.!?;\n{re.escape(_DOUBLE_QUOTE_CHARS)}]{{0,{MAX_COLON_FILLER_CHARS}}}:\s*"
)


# --- data carried between the steps --------------------------------------------------------


@dataclass(slots=True)
class _Segment:
    """One stretch of quoted text: a whole quote, or one paragraph's piece of a longer one."""

    paragraph: int
    opening: int  # offset of the opening mark; -1 when the quote goes on from the paragraph before
    closing: int  # offset of the closing mark; -1 when the quote goes on past the paragraph's end
    start: int  # the quoted words, stripped: body[start:end]
    end: int
    chain: int = -1  # pieces of one multi-paragraph quote share a chain number
    attributed: bool = False
    speaker: str | None = None
    role: str | None = None
    embedded: bool = False


@dataclass(slots=True)
class _Attribution:
    speaker: str | None  # a name or organisation as written, titles split off
    role: str | None
    pronoun: str | None = None  # "m", "f", "p" (plural), "n" (it) when the subject is a pronoun
    gender: str | None = None  # evidence about the named speaker's gender
    position: int = 0  # where the subject is (pronouns look back from here)
    organisation: bool = False
    tight: bool = True  # the verb sits right by the quote (not "X said the plan was “…”")
    genitive: bool = False  # the name is in the genitive ("по словам Антона Силуанова")


@dataclass(slots=True)
class _Mention:
    position: int
    name: str
    organisation: bool
    person: bool
    subject: bool = True  # the first person named in its sentence: likely its subject


@dataclass(slots=True)
class _Scan:
    quotes: list[tuple[int, int]]  # (opening, closing) in the paragraph; opening -1: carried in
    unclosed: tuple[int, int] | None  # (family, opening) of an outer quote open at the end
    carried_closed: bool


# --- step 1: scan quote marks --------------------------------------------------------------


class _Flank(NamedTuple):
    """What surrounds one quote mark."""

    prev: str  # the character before ("" at the paragraph's start)
    nxt: str  # the character after ("" at the end)
    before: str  # the last non-space character before
    left: bool  # attached to the word after it: an opener's shape
    right: bool  # attached to the word before it: a closer's shape
    spaced: bool  # free on both sides (tokenised text: "said: ' I", "club. '")


def _flank(text: str, i: int) -> _Flank:
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev_space = prev == "" or prev.isspace()
    next_space = nxt == "" or nxt.isspace()
    j = i - 1
    while j >= 0 and j > i - 4 and text[j].isspace():
        j -= 1
    before = text[j] if j >= 0 and not text[j].isspace() else ""
    left = not next_space and nxt not in _CLOSING_PUNCT and (prev_space or prev in _LEFT_PUNCT)
    right = not prev_space and (next_space or nxt in _RIGHT_PUNCT)
    spaced = prev_space and (next_space or nxt in _CLOSING_PUNCT)
    return _Flank(prev, nxt, before, left, right, spaced)


def _scan(text: str, carried: int | None, ignore: frozenset[int]) -> _Scan:
    """Pair the quote marks of one paragraph; ``carried`` is a quote family open on entry."""
    stack: list[tuple[int, int, str]] = []  # (family, index, mark)
    if carried is not None:
        stack.append((carried, -1, ""))
    quotes: list[tuple[int, int]] = []
    carried_closed = False
    last_single = max(text.rfind("'"), text.rfind("’"), text.rfind("‘"))
    for match in _MARK.finditer(text):
        i = match.start()
        if i in ignore:
            continue
        mark = text[i]
        flank = _flank(text, i)
        open_families = {entry[0] for entry in stack}
        opens: int | None = None
        closes: int | None = None
        if mark == "«":
            opens = _GUILLEMET
        elif mark == "»":
            closes = _GUILLEMET if _GUILLEMET in open_families else None
        elif mark == "‹":
            opens = _SINGLE_GUILLEMET if flank.left else None
        elif mark == "›":
            closes = _SINGLE_GUILLEMET if _SINGLE_GUILLEMET in open_families else None
        elif mark == "„":
            opens = _DOUBLE
        elif mark == "‚":
            opens = _SINGLE if flank.left and flank.nxt.isalpha() else None
        elif mark in '“”"':
            opens, closes = _double_mark(mark, flank, _DOUBLE in open_families)
        elif not (flank.prev.isalnum() and flank.nxt.isalnum()):  # not an apostrophe in a word
            opens, closes = _single_mark(text, i, flank, _SINGLE in open_families, i < last_single)
        if closes is not None:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == closes:
                    if depth == 0:
                        if stack[0][1] == -1:
                            # A quote carried in from the paragraph before ends after a word or
                            # a sentence ("…the summer. '"), not before one ("is a ' term").
                            if not (flank.right or flank.before in _SENTENCE_PUNCT):
                                return _Scan([], None, False)
                            carried_closed = True
                        quotes.append((stack[0][1], i))
                    del stack[depth:]
                    break
        elif opens is not None and len(stack) < MAX_NESTING:
            stack.append((opens, i, mark))
    unclosed = (stack[0][0], stack[0][1]) if stack else None
    return _Scan(quotes, unclosed, carried_closed)


def _double_mark(mark: str, flank: _Flank, is_open: bool) -> tuple[int | None, int | None]:
    """(opens, closes) for a double quote mark."""
    if mark == "“":
        if is_open and not flank.left:
            return None, _DOUBLE  # „…“ (German), or a mark used the wrong way round
        opens = flank.left or (flank.spaced and flank.nxt not in _CLOSING_PUNCT)
        return (_DOUBLE, None) if opens else (None, None)
    if mark == "”":
        if is_open:
            return None, _DOUBLE
        return (_DOUBLE, None) if flank.left else (None, None)
    # A straight mark. Straight quotes nest only after a colon: "He said: "no"" is rare, while
    # tokenised text puts closers before a word (", "said Smith").
    if is_open:
        if flank.left and flank.before == ":":
            return _DOUBLE, None
        return None, _DOUBLE
    if flank.right and not flank.left:
        return None, None  # a stray closer, or inches (6'2")
    if flank.prev.isalnum():
        return None, None
    if flank.spaced and (flank.before in _SENTENCE_PUNCT or flank.nxt in _CLOSING_PUNCT):
        return None, None  # a closer whose opener we never saw
    return _DOUBLE, None


def _single_mark(
    text: str, i: int, flank: _Flank, is_open: bool, more_follow: bool
) -> tuple[int | None, int | None]:
    """(opens, closes) for a single quote mark that is not inside a word."""
    mark = text[i]
    if flank.spaced and flank.before.isalpha() and _CONTRACTION.match(text, i + 1):
        return None, None  # tokenised "don ' t", "Guffick ’ s"
    possessive = (
        flank.before in "sS"
        and flank.before != ""
        and text[i + 1 : i + 2] == " "
        and text[i + 2 : i + 3].islower()
        and (more_follow or not is_open)
    )
    if is_open:
        if flank.left and not flank.right:
            if flank.before in _SENTENCE_PUNCT and mark != "‘":
                return None, _SINGLE  # tokenised closer: ", 'said Smith"
            if text[i + 1 : i + 3].isdigit() or mark == "’":
                return None, None
            return _SINGLE, None  # a nested quote
        if flank.spaced and flank.before == ":":
            return _SINGLE, None  # "he said: ' I …" inside an open quote
        if possessive:
            return None, None  # the players' union
        if mark == "‘" and not flank.right and not flank.spaced:
            return None, None
        return None, _SINGLE
    if text[i + 1 : i + 3].isdigit():
        return None, None  # '90s
    if flank.left:
        return _SINGLE, None
    if flank.spaced and mark != "’":
        if flank.before in _SENTENCE_PUNCT or possessive or flank.nxt in _CLOSING_PUNCT:
            return None, None  # a closer whose opener we never saw, or "Rodgers ' squad"
        if text[i + 2 : i + 3].isalnum():
            return _SINGLE, None  # tokenised: "said: ' I have"
    return None, None


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        found = body.find(PARAGRAPH_SEPARATOR, start)
        if found < 0:
            spans.append((start, len(body)))
            return spans
        spans.append((start, found))
        start = found + len(PARAGRAPH_SEPARATOR)


def _make_segment(
    body: str, paragraph: int, span: tuple[int, int], opening: int, closing: int
) -> _Segment | None:
    """The segment for a pair of absolute mark offsets (-1: the paragraph's edge)."""
    start = opening + 1 if opening >= 0 else span[0]
    end = closing if closing >= 0 else span[1]
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    if start >= end or not any(ch.isalnum() for ch in body[start:end]):
        return None
    return _Segment(paragraph, opening, closing, start, end)


def _introduced(body: str, span: tuple[int, int], opening: int) -> bool:
    """Whether an unclosed quote reads as a real one: after a colon, or opening its paragraph."""
    before = body[span[0] : opening].rstrip()
    return before == "" or before.endswith((":", "—", "–"))


class _SegmentFinder:
    """Step 1 over the whole body: per-paragraph scans chained across paragraph breaks."""

    def __init__(self, body: str, paragraphs: list[tuple[int, int]]) -> None:
        self.body = body
        self.paragraphs = paragraphs
        self.by_paragraph: list[list[_Segment]] = [[] for _ in paragraphs]
        self.carried: dict[int, int] = {}  # paragraph -> quote family open on entry
        self.chains = 0

    def run(self) -> list[_Segment]:
        pending: tuple[int, list[_Segment]] | None = None  # (family, pieces so far)
        for number, span in enumerate(self.paragraphs):
            text = self.body[span[0] : span[1]]
            lead = len(text) - len(text.lstrip())
            scan: _Scan | None = None
            link = False
            if pending is not None:
                family = pending[0]
                if lead < len(text) and text[lead] in _OPENING_CHARS[family]:
                    link = True  # the convention: each paragraph of a long quote opens again
                else:
                    carried = _scan(text, family, frozenset())
                    if carried.carried_closed:
                        scan, link = carried, True
                        self.carried[number] = family
            if scan is None:
                scan = _scan(text, None, frozenset())
            segments = self._segments(number, span, scan)
            self.by_paragraph[number] = segments
            next_pending: tuple[int, list[_Segment]] | None = None
            if pending is not None:
                family, pieces = pending
                first = segments[0] if segments else None
                if link and first is not None and first.opening in (-1, span[0] + lead):
                    if pieces[0].chain < 0:  # the first link: number the chain
                        chain = self._new_chain()
                        for piece in pieces:
                            piece.chain = chain
                    first.chain = pieces[0].chain  # (not every piece again: linear in pieces)
                    pieces.append(first)
                    if first.closing < 0:
                        next_pending = (family, pieces)
                else:
                    self._give_up(pieces)
            if next_pending is None and scan.unclosed is not None and segments:
                last = segments[-1]
                if last.closing < 0 and last.opening >= 0:
                    next_pending = (scan.unclosed[0], [last])
            pending = next_pending
        if pending is not None:
            self._give_up(pending[1])
        return [segment for segments in self.by_paragraph for segment in segments]

    def _new_chain(self) -> int:
        self.chains += 1
        return self.chains

    def _segments(self, number: int, span: tuple[int, int], scan: _Scan) -> list[_Segment]:
        base = span[0]
        pairs = [(opening, closing) for opening, closing in scan.quotes]
        if scan.unclosed is not None and scan.unclosed[1] >= 0:
            pairs.append((scan.unclosed[1], -1))
        segments: list[_Segment] = []
        for opening, closing in pairs:
            segment = _make_segment(
                self.body,
                number,
                span,
                base + opening if opening >= 0 else -1,
                base + closing if closing >= 0 else -1,
            )
            if segment is not None:
                segments.append(segment)
        return segments

    def _give_up(self, pieces: list[_Segment]) -> None:
        """An open quote nobody closed: keep it if it reads as one, else rescan without it."""
        if len(pieces) > 1:
            return  # several paragraphs opening with a quote mark: the convention, unfinished
        piece = pieces[0]
        number = piece.paragraph
        span = self.paragraphs[number]
        text = self.body[piece.start : piece.end]
        if _introduced(self.body, span, piece.opening) and _ENDS_SENTENCE.search(text):
            return
        ignore: set[int] = {piece.opening - span[0]}
        paragraph = self.body[span[0] : span[1]]
        carried = self.carried.get(number)
        for _ in range(3):
            scan = _scan(paragraph, carried, frozenset(ignore))
            if scan.unclosed is None or scan.unclosed[1] < 0:
                break
            ignore.add(scan.unclosed[1])
        if scan.unclosed is not None and scan.unclosed[1] < 0:
            carried = None  # the carried quote no longer closes: scan as a fresh paragraph
            scan = _scan(paragraph, None, frozenset(ignore))
        chains = {(s.opening, s.closing): s.chain for s in self.by_paragraph[number]}
        segments = self._segments(number, span, _Scan(scan.quotes, None, False))
        for segment in segments:
            segment.chain = chains.get((segment.opening, segment.closing), -1)
        self.by_paragraph[number] = segments


# --- step 2: attribution -------------------------------------------------------------------


_TITLE_MODIFIERS = frozenset(
    "former acting deputy vice foreign defence defense finance health home interior crown prime "
    "interim senior junior first".split()
)


def _is_title(word: str) -> bool:
    key = word.lower().strip(".,")
    if key.endswith(("'s", "’s")):
        key = key[:-2]
    if key in _TITLE_WORDS:
        return True
    if key.endswith(_GERMAN_TITLE_HEADS) and word[:1].isupper():
        head = next(head for head in _GERMAN_TITLE_HEADS if key.endswith(head))
        if len(key) >= len(head) + 3:
            return True  # "Bundeskanzler", "CDU-Chef"; not the surname "Richter"
    # Russian titles decline: "министра", "главы", "президентом".
    return _is_cyrillic(key) and (key[:-1] in _TITLE_WORDS or key[:-2] in _TITLE_WORDS)


def _is_org_phrase(tokens: Sequence[str]) -> bool:
    for token in tokens:
        key = token.lower().strip(".,")
        if key in _ORG_WORDS:
            return True
        letters = token.replace(".", "").replace("-", "")
        if len(letters) >= 2 and letters.isalpha() and letters.isupper():
            return True  # NATO, FBI, МИД
    return False


def _is_cyrillic(word: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in word[:3])


def _is_patronymic(word: str) -> bool:
    return word.endswith(("вич", "вна", "чна", "ична", "ьич"))


@dataclass(slots=True)
class _Name:
    name: str | None
    role: str | None
    gender: str | None
    organisation: bool
    anaphor: bool = False  # "the 22-year-old", "the Frenchman": someone named before


def _split_name(phrase: str) -> _Name | None:
    """Split "German Chancellor Olaf Scholz": name "Olaf Scholz", role "German Chancellor"."""
    tokens = phrase.split()
    while tokens and tokens[0].rstrip(".") in _STOP_CAPS and not _is_title(tokens[0]):
        if tokens[0].rstrip(".").lower() in _HONORIFICS:
            break
        tokens.pop(0)
    while tokens and tokens[-1].lower() in {"of", "for", "and", "&", "the"}:
        tokens.pop()
    if not tokens:
        return None
    organisation = _is_org_phrase(tokens)
    gender: str | None = None
    role_end = 0  # tokens[:role_end] are titles and honorifics
    honorific_only = True
    first_title = -1
    for index, token in enumerate(tokens[:-1]):
        key = token.lower().rstrip(".")
        if key in _HONORIFICS:
            gender = gender or _HONORIFICS[key]
            role_end = index + 1
        elif (
            _is_title(token)
            and (first_title < 0 or index <= role_end + 1)
            and (token.lower() not in _TITLE_MODIFIERS or _is_title(tokens[index + 1]))
        ):
            if first_title < 0 and index > 1 and not _is_org_phrase(tokens[:index]):
                break  # a title deep inside a long capitalised run is part of a name
            first_title = index if first_title < 0 else first_title
            role_end = index + 1
            honorific_only = False
        elif role_end and index >= role_end:
            break
    name_tokens = tokens[role_end:]
    if organisation and (honorific_only or _is_org_phrase(name_tokens)):
        return _Name(" ".join(tokens), None, None, True)  # "Bank of England", not "Governor X"
    role_tokens = [t for t in tokens[:role_end] if t.lower().rstrip(".") not in _HONORIFICS]
    if honorific_only and len(name_tokens) > 2 and _is_cyrillic(name_tokens[-1]):
        # "Минфина Антон Силуанов": a genitive complement ("глава Минфина") runs into the name.
        keep = 3 if _is_patronymic(name_tokens[-2]) else 2
        if keep == 2 and name_tokens[-2].lower() in _RU_FIRST_NAMES_M | _RU_FIRST_NAMES_F:
            role_tokens = name_tokens[:-keep]
            name_tokens = name_tokens[-keep:]
    elif not honorific_only and len(name_tokens) > 2:
        keep = 3 if _is_patronymic(name_tokens[-2]) else 2
        bare = [t for t in name_tokens if t.lower() not in {"of", "for", "the", "and"}]
        if len(bare) > keep and (
            _is_cyrillic(name_tokens[-1]) or any(t.lower() in {"of", "for"} for t in name_tokens)
        ):
            cut = len(name_tokens) - keep
            while cut > 0 and re.fullmatch(_PARTICLE, name_tokens[cut - 1]):
                cut -= 1
            role_tokens += name_tokens[:cut]
            name_tokens = name_tokens[cut:]
    if not name_tokens or name_tokens[0] in {"Jr.", "Sr."}:
        return _Name(None, " ".join(tokens), gender, False)
    if all(_is_title(t) for t in name_tokens):
        return _Name(None, " ".join(tokens), gender, False)
    role = " ".join(role_tokens) or None
    return _Name(" ".join(name_tokens), role, gender, False)


def _clean_role(text: str | None) -> str | None:
    if text is None:
        return None
    role = text.strip(" ,;:—–-")
    if not role or _NOT_A_ROLE.match(role) or not any(ch.isalpha() for ch in role):
        return None
    words = role.split()
    if len(words) > MAX_SUBJECT_WORDS:
        return None
    return role


def _is_head_title(word: str) -> bool:
    """A title that can head a role ("chief"), not only modify one ("former")."""
    key = word.lower().strip(".,")
    return (_is_title(word) and key not in _TITLE_MODIFIERS) or key in _ROLE_NOUNS


def _role_from_prefix(prefix: str) -> str | None:
    """The role in words before a name: "the city's transport chief" (Jane Doe said)."""
    words = prefix.split()[-7:]
    # Start as late as possible while keeping a title: after "an offer for" in "an offer for
    # FC Tokyo's forward", at "the" in "on Monday the city's transport chief".
    start = 0
    for index, word in enumerate(words):
        key = word.lower()
        begin = index + 1 if key in _PREPOSITIONS else index if key in _DETERMINERS else -1
        if begin > start and any(_is_head_title(w) for w in words[begin:]):
            start = begin
    words = words[start:]
    if not any(_is_head_title(word) for word in words):
        return None
    while (
        words
        and (words[0].rstrip(",") in _STOP_CAPS or words[0].lower() in _LEADING_JUNK)
        and not _is_title(words[0])
        and words[0].lower() not in _DETERMINERS
    ):
        words.pop(0)
    return _clean_role(" ".join(words))


def _lowercase_subject(phrase: str) -> _Name | None:
    """A subject with no name: "the ministry" (speaker), "a senior official" (role only)."""
    words = phrase.split()
    if not 1 <= len(words) <= 7:
        return None
    keys = [word.lower().strip(".,") for word in words]
    text = phrase.strip()
    if words[0] in {"The", "A", "An"}:
        text = words[0].lower() + text[len(words[0]) :]
    if _ANAPHOR.fullmatch(text):
        return _Name(None, text, None, False, anaphor=True)
    for_org = _ROLE_FOR_ORG.fullmatch(text)
    if for_org is not None and any(w.lower() in _ORG_WORDS for w in for_org.group(3).split()):
        return _Name(for_org.group(3), _clean_role(for_org.group(1)), None, True)
    if keys[-1] in _ORG_WORDS or keys[0] in _ORG_WORDS:
        return _Name(text, None, None, True)
    if keys[-1] in _ROLE_NOUNS or keys[0] in _ROLE_NOUNS or any(_is_title(w) for w in words):
        return _Name(None, _clean_role(text), None, False)
    return None


def _named(
    name_phrase: str, prefix: str, position: int, appositive: str | None = None
) -> _Attribution | None:
    """An attribution from a name and the words before it in its clause."""
    if _FOR_ORG.search(" " + prefix) and any(
        word.lower().strip(",") in _ROLE_NOUNS or _is_title(word) for word in prefix.split()
    ):
        role_words = _FOR_ORG.sub("", " " + prefix).strip()
        org_split = _split_name(name_phrase)
        organisation = org_split.name if org_split and org_split.name else name_phrase.strip()
        return _Attribution(
            organisation.removeprefix("the ").removeprefix("The "),
            _role_from_prefix(role_words) or _clean_role(role_words),
            None,
            None,
            position,
            organisation=True,
        )
    prefix_words = prefix.split()
    if prefix_words and prefix_words[-1].lower() in _ORG_WORDS:
        # "пресс-служба Минфина": an organisation named by its head noun and a name.
        head = _lowercase_subject(" ".join(prefix_words[-3:]))
        if head is not None and head.organisation:
            return _Attribution(
                f"{head.name} {name_phrase}".strip(), None, None, None, position, organisation=True
            )
    split = _split_name(name_phrase)
    if split is None:
        return None
    if (
        split.name is not None
        and not split.organisation
        and len(split.name.split()) == 1
        and prefix.strip().lower() == "the"
    ):
        return _Attribution(None, f"{prefix.strip()} {split.name}", "x", None, position)
    if split.name is None:
        return _Attribution(None, _clean_role(split.role), None, split.gender, position)
    prefix_role = _role_from_prefix(prefix)
    role = split.role or prefix_role or _clean_role(appositive)
    if split.role and prefix_role and not any(_is_title(w) for w in split.role.split()):
        role = f"{prefix_role} {split.role}"  # "глава" + "Минфина"
    return _Attribution(
        split.name, role, None, split.gender, position, organisation=split.organisation
    )


def _clause_tail(text: str) -> str:
    """The last clause of ``text``: what follows its last comma, dash or conjunction."""
    cut = 0
    for match in _CLAUSE_CUT.finditer(text):
        cut = match.end()
    return text[cut:]


def _parse_left(zone: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """The subject at the end of ``zone`` (the words right before a speech verb)."""
    text = _TRAILING_ADVERBS.sub("", zone.rstrip())
    if grammar.auxiliary_end is not None:
        text = grammar.auxiliary_end.sub("", text)  # "Macron a (déclaré)", "Scholz hat (gesagt)"
    if not text.strip():
        return None
    pronoun = grammar.pronoun_end.search(text)
    if pronoun is not None:
        key = pronoun.group("p").lower()
        gender = grammar.pronouns.get(key)
        if gender is not None:
            return _Attribution(None, None, gender, None, base + pronoun.start("p"))
    appositive = _APPOSITIVE_END.search(text)
    if appositive is not None:
        return _named(
            appositive.group("name"), "", base + appositive.start("name"), appositive.group("role")
        )
    role_first = _ROLE_THEN_NAME_END.search(text)  # "The agency's chief engineer, Tom Reilly,"
    if role_first is not None and any(
        _is_head_title(word) for word in role_first.group("role").split()
    ):
        role = _role_from_prefix(role_first.group("role") + " ")
        attribution = _named(role_first.group("name"), "", base + role_first.start("name"))
        if attribution is not None and attribution.speaker:
            attribution.role = attribution.role or role
            return attribution
    tail = _clause_tail(text)
    cut = len(text) - len(tail)
    if len(tail.split()) > MAX_SUBJECT_WORDS:
        return None
    last = None
    for match in _NAME.finditer(tail):
        last = match
    if last is not None and not tail[last.end() :].strip():
        attribution = _named(last.group(), tail[: last.start()], base + cut + last.start())
        if attribution is not None and (attribution.speaker or attribution.role):
            return attribution
    return _from_subject(_lowercase_subject(tail), base + cut)


def _from_subject(subject: _Name | None, position: int) -> _Attribution | None:
    if subject is None:
        return None
    return _Attribution(
        subject.name,
        subject.role,
        "x" if subject.anaphor else None,
        None,
        position,
        organisation=subject.organisation,
    )


def _first_clause(text: str) -> str:
    end = _CLAUSE_END.search(text)
    return text[: end.start()] if end else text


def _parse_right(text: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """The subject at the start of ``text`` (the words right after a speech verb)."""
    stripped = text.lstrip()
    offset = base + len(text) - len(stripped)
    pronoun = grammar.pronoun_start.match(stripped)
    if pronoun is not None:
        gender = grammar.pronouns.get(pronoun.group("p").lower())
        if gender is not None:
            return _Attribution(None, None, gender, None, offset)
    head = _first_clause(stripped)
    rest = stripped[len(head) :]
    appositive = _first_clause(rest[1:]) if rest.startswith(",") else None
    words = head.split()
    skip = 0  # audience words: "журналистам", "ТАСС", "told Reuters"
    while (
        skip < len(words)
        and skip < 3
        and words[skip].lower().strip(",")
        in (
            _MEDIA
            | {
                "журналистам",
                "репортерам",
                "репортёрам",
                "корреспонденту",
                "reporters",
                "изданию",
                "агентству",
                "телеканалу",
                "газете",
                "радиостанции",
            }
        )
    ):
        skip += 1
    if skip:
        cut = head.find(words[skip - 1]) + len(words[skip - 1])
        offset += cut
        head = head[cut:]
    for match in _NAME.finditer(head):
        before_name = head[match.start() - 1 : match.start()] if match.start() else ""
        if match.group().lower() in _MEDIA or (before_name and before_name in _QUOTE_CHARS):
            continue  # "told TASS", "economist at the «Otkritie» bank"
        prefix = head[: match.start()]
        if len(prefix.split()) > 7:
            break
        following = head[match.end() :]
        modifier = re.match(r"(?:['’]s)?\s+([^\W\d]\S*)", following)
        if (
            modifier is not None
            and modifier.group(1)[0].islower()
            and (_is_title(modifier.group(1)) or modifier.group(1).lower() in _ROLE_NOUNS)
        ):
            role = _clean_role(head[: match.end() + modifier.end()])
            return _Attribution(None, role, None, None, offset + match.start())
        attribution = _named(match.group(), prefix, offset + match.start(), appositive)
        if attribution is not None and (attribution.speaker or attribution.role):
            return attribution
        break
    subject = _lowercase_subject(head)
    if subject is not None and subject.role and not subject.organisation and appositive:
        # "…,” said the mayor, Anna Berg.": a role, then the person's name as an appositive.
        name = _NAME.match(appositive.strip())
        if name is not None and name.group().strip() == appositive.strip().rstrip("."):
            at = offset + len(head) + 1 + rest[1:].find(name.group())
            person = _named(name.group(), "", at)
            if person is not None and person.speaker and not person.organisation:
                person.role = person.role or subject.role
                return person
    return _from_subject(subject, offset)


def _verb_gender(verb: str) -> str | None:
    """Gender from a Russian past-tense ending: сказала (f), сказал (m), сказали (p), -ло (n)."""
    word = verb.lower()
    for suffix, gender in (("лась", "f"), ("лся", "m"), ("лись", "p"), ("лось", "n")):
        if word.endswith(suffix):
            return gender
    for suffix, gender in (("ла", "f"), ("ли", "p"), ("ло", "n"), ("л", "m")):
        if word.endswith(suffix):
            return gender
    return None


def _with_verb(
    attribution: _Attribution | None, verb: str, grammar: _Grammar
) -> _Attribution | None:
    if attribution is None or grammar.language != "ru":
        return attribution
    gender = _verb_gender(verb)
    if gender is None:
        return attribution
    if attribution.pronoun is None:
        if gender == "n":
            attribution.organisation = True
        elif attribution.speaker and not attribution.organisation:
            attribution.gender = attribution.gender or gender
    return attribution


def _parse_before(before: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """An attribution in the words right before a quote ("X said:", "According to X,")."""
    text = before.rstrip()
    if not text:
        return None
    according = grammar.according_before.search(text)
    if according is not None:
        attribution = _parse_right(according.group("np"), base + according.start("np"), grammar)
        if attribution is not None:
            attribution.genitive = grammar.language == "ru"
            return attribution
    as_verb = grammar.as_verb_before.search(text)
    if as_verb is not None:
        attribution = _parse_right(as_verb.group("np"), base + as_verb.start("np"), grammar)
        return _with_verb(attribution, as_verb.group("verb"), grammar)
    chosen: re.Match[str] | None = None
    tight = True
    for match in grammar.verb_before.finditer(text):
        tail = text[match.end() :]
        if _IMMEDIATE_TAIL.fullmatch(tail) or _COLON_TAIL.fullmatch(tail):
            chosen, tight = match, True
        elif len(tail.split()) <= (
            MAX_TOLD_FILLER_WORDS
            if match.group().lower() in {"told", "tells", "asked", "asks"}
            else MAX_LOOSE_FILLER_WORDS
        ) and not re.search(r"[.!?;:]", tail):
            chosen, tight = match, False
    if chosen is None:
        return None
    zone = text[: chosen.start()]
    participle = grammar.participle.search(chosen.group())
    if participle is not None:
        attribution = _sentence_subject(zone, base, grammar)
    elif grammar.language == "de":
        attribution = _verb_second(zone, base, text[chosen.end() :], base + chosen.end(), grammar)
    else:
        attribution = _parse_left(zone, base, grammar)
    attribution = _with_verb(attribution, chosen.group(), grammar)
    if attribution is not None:
        attribution.tight = tight
    return attribution


_DE_AUXILIARY = re.compile(r"(?<![\w-])(?:hat|haben|hatte|hatten|habe)(?![\w-])")
# Words that open a German clause that is not its subject: "Am Montag sagte Scholz".
_DE_FRONTED = frozenset(
    """in im am an auf aus bei beim mit nach seit von vom vor zu zum zur über unter für gegen
    ohne um durch dazu danach später zudem außerdem dann damals heute gestern morgen nun jetzt
    hier dort daher deshalb darauf dabei darüber hierzu zuvor anschließend weiter ebenfalls
    bereits zuletzt schließlich""".split()
)


def _verb_second(
    zone: str, base: int, after: str, after_base: int, grammar: _Grammar
) -> _Attribution | None:
    """The subject of a German speech verb before a quote: the finite verb comes second.

    The subject opens the clause ("Scholz sagte:", "Scholz hat am Montag gesagt:") unless
    something else does ("Am Montag sagte Scholz:", "Dazu hat Scholz gesagt:"), and then it
    comes right after the finite verb (the auxiliary of the compound past).
    """
    clause = _clause_tail(zone)
    cut = len(zone) - len(clause)
    auxiliary: re.Match[str] | None = None
    for match in _DE_AUXILIARY.finditer(clause):
        auxiliary = match
    if auxiliary is not None:
        front = clause[: auxiliary.start()]
        after, after_base = clause[auxiliary.end() :], base + cut + auxiliary.end()
        zone = zone[: cut + auxiliary.start()]
    else:
        front = clause
    words = front.split()
    if not words or words[0].lower() in _DE_FRONTED:
        attribution = _parse_right(after, after_base, grammar)
        if attribution is not None:
            return attribution
    return _parse_left(zone, base, grammar)


def _sentence_subject(zone: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """The subject of "Smith resigned on Monday, saying: “…”": the clause's first name."""
    stripped = zone.lstrip()
    offset = base + len(zone) - len(stripped)
    pronoun = grammar.pronoun_start.match(stripped)
    if pronoun is not None:
        gender = grammar.pronouns.get(pronoun.group("p").lower())
        if gender is not None:
            return _Attribution(None, None, gender, None, offset)
    match = _NAME.match(stripped)
    if match is None:
        return None
    return _named(match.group(), "", offset)


def _parse_after(after: str, base: int, grammar: _Grammar) -> _Attribution | None:
    """An attribution in the words right after a quote ("…,” she said", "», — заявил X")."""
    lead = _LEAD_AFTER.match(after)
    offset = lead.end() if lead else 0
    rest = after[offset:]
    if not rest or not (rest[0].isalpha()):
        return None
    according = grammar.according_start.match(rest)
    if according is not None:
        attribution = _parse_right(
            rest[according.end() :], base + offset + according.end(), grammar
        )
        if attribution is not None:
            attribution.genitive = grammar.language == "ru"
        return attribution
    if grammar.language == "fr":
        inverted = grammar.inverted.match(rest)
        if inverted is not None:
            pronoun = (inverted.group("p1") or inverted.group("p2") or "").lower()
            gender = grammar.pronouns.get(pronoun)
            if gender is not None:
                return _Attribution(None, None, gender, None, base + offset)
    verb_first = grammar.verb_start.match(rest)
    if verb_first is not None:
        attribution = _parse_right(
            rest[verb_first.end() :], base + offset + verb_first.end(), grammar
        )
        return _with_verb(attribution, verb_first.group("verb"), grammar)
    subject_first = grammar.subject_verb.match(rest)
    if subject_first is None:
        return None
    zone = subject_first.group("zone")
    if "," in zone and _APPOSITIVE_END.search(zone.rstrip()) is None:
        return None
    if len(zone.split()) > MAX_SUBJECT_WORDS:
        return None
    attribution = _parse_left(zone, base + offset, grammar)
    return _with_verb(attribution, subject_first.group("verb"), grammar)


# --- step 3: people ------------------------------------------------------------------------


def _stem_match(short: str, full: str) -> bool:
    """Whether two spellings are one name, allowing a Russian case ending on either."""
    if short == full:
        return True
    if not (_is_cyrillic(short) and _is_cyrillic(full)):
        return False
    common = 0
    for a, b in zip(short, full, strict=False):
        if a != b:
            break
        common += 1
    shorter = min(len(short), len(full))
    return common >= 3 and common >= shorter - 2 and abs(len(short) - len(full)) <= 3


def _name_gender(tokens: Sequence[str]) -> str | None:
    """Gender from a first name we know (nominative only: an inflected name gives none)."""
    first = tokens[0].lower()
    if first in _FIRST_NAMES_F or first in _RU_FIRST_NAMES_F:
        return "f"
    if first in _FIRST_NAMES_M or first in _RU_FIRST_NAMES_M:
        return "m"
    if len(tokens) >= 3 and _is_patronymic(tokens[1]):
        return "f" if tokens[1].endswith(("вна", "чна")) else "m"
    return None


_GENITIVE_ENDINGS = (
    ("ской", "ская"),
    ("цкой", "цкая"),
    ("овой", "ова"),
    ("евой", "ева"),
    ("иной", "ина"),
    ("ого", "ий"),
    ("его", "ий"),
    ("ии", "ия"),
    ("ьи", "ья"),
    ("ы", "а"),
    ("я", "й"),
    ("а", ""),
)


def _russian_nominative(name: str) -> str:
    """A best guess at the nominative of a genitive Russian name ("Антона Силуанова")."""
    tokens = name.split()
    if not tokens or not all(_is_cyrillic(token) for token in tokens):
        return name
    feminine = tokens[0].endswith(("ы", "ии", "ьи", "ой"))
    result: list[str] = []
    for token in tokens:
        for ending, replacement in _GENITIVE_ENDINGS:
            if token.endswith(ending) and len(token) > len(ending) + 2:
                if ending == "а" and (feminine or token[-2] in "аеёиоуыэюя"):
                    continue
                if ending == "я" and token[-2] not in "еи":
                    continue
                token = token[: -len(ending)] + replacement
                break
        result.append(token)
    return " ".join(result)


def _name_key(token: str) -> str:
    """The index key of a name token: Russian case endings vary, so a stem."""
    return token[:4].lower() if _is_cyrillic(token) else token.lower()


# (not-nominative, not-a-person, over three words, first position): lower is a better full name.
_Rank = tuple[bool, bool, bool, int]


class _People:
    """Who is mentioned where, under which full name, with what gender and role.

    :meth:`canonical` is called for every mention, so it must not walk every earlier mention:
    each full name is stored once per key (with its first position), and each search is
    memoised. A memoised answer stays right as the article is read, because ``persons`` and
    ``nominative`` only grow (add to them with :meth:`add_person` and :meth:`add_nominative`):
    a full name's rank only improves and it only starts matching, so when one changes it is
    offered to the searches that could see it, and the best answer so far is kept or replaced.
    """

    def __init__(self) -> None:
        self.by_last: dict[str, list[str]] = {}  # key -> distinct full names, first seen first
        self.by_first: dict[str, list[str]] = {}
        self.first_seen: dict[str, int] = {}  # full name -> position of its first mention
        self.known: set[str] = set()
        self.gender: dict[str, str] = {}
        self.role: dict[str, str] = {}
        self.persons: set[str] = set()
        self.organisations: set[str] = set()
        self.nominative: set[str] = set()
        self._found: dict[str, tuple[str | None, _Rank | None]] = {}  # search -> best so far
        self._watching: dict[tuple[bool, str], list[str]] = {}  # (by last?, key) -> searches

    def add_name(self, position: int, name: str) -> None:
        tokens = name.split()
        if len(tokens) < 2 or name in self.organisations:
            return
        if any(token.lower() in {"and", "&", "of", "for", "the"} for token in tokens):
            return  # "Jamie Redknapp and Graeme Souness" is two people
        if len(set(tokens)) < len(tokens):
            return  # "Muto Muto": a caption run, not a name
        if name in self.known:
            if position < self.first_seen[name]:  # (names come in article order: never so)
                self.first_seen[name] = position
                self._found.clear()
                self._watching.clear()
            return
        self.known.add(name)
        self.first_seen[name] = position
        for pool in (
            self.by_last.setdefault(_name_key(tokens[-1]), []),
            self.by_first.setdefault(_name_key(tokens[0]), []),
        ):
            if len(pool) < MAX_NAMES_PER_KEY:
                pool.append(name)
        self._found.clear()  # a new candidate (names are all added before the first search)
        self._watching.clear()

    def add_person(self, name: str) -> None:
        if name not in self.persons:
            self.persons.add(name)
            self._changed(name)

    def add_nominative(self, name: str) -> None:
        if name not in self.nominative:
            self.nominative.add(name)
            self._changed(name)

    def canonical(self, name: str, genitive: bool = False) -> str:
        """The fullest spelling of ``name`` in the article."""
        if name in self.known and (not genitive or name in self.nominative):
            return name
        found = self._found.get(name)
        best = found[0] if found is not None else self._search(name)
        if best is not None:
            return best
        if genitive:
            return _russian_nominative(name)
        return name

    def _search(self, name: str) -> str | None:
        """The best full name for ``name`` among all candidates, memoised."""
        tokens = name.split()
        pool_key = (True, _name_key(tokens[-1]))
        pool = self.by_last.get(pool_key[1], [])
        if not pool and len(tokens) == 1:
            pool_key = (False, _name_key(tokens[0]))
            pool = self.by_first.get(pool_key[1], [])
        best: str | None = None
        best_rank: _Rank | None = None
        for full in pool:
            if not self._matches(tokens, full):
                continue
            rank = self._rank(full)
            if best_rank is None or rank < best_rank:
                best, best_rank = full, rank
        self._found[name] = (best, best_rank)
        self._watching.setdefault(pool_key, []).append(name)
        return best

    def _matches(self, tokens: Sequence[str], full: str) -> bool:
        full_tokens = full.split()
        if len(tokens) == 1:
            return _stem_match(tokens[0], full_tokens[-1]) or (
                len(full_tokens) == 2
                and tokens[0] == full_tokens[0]
                and tokens[0].lower() in _FIRST_NAMES
            )
        return (
            len(tokens) == len(full_tokens)
            and full in self.nominative
            and all(_stem_match(a, b) for a, b in zip(tokens, full_tokens, strict=True))
        )

    def _rank(self, full: str) -> _Rank:
        # News names a person in full at first mention: prefer the earliest full name that
        # reads as a person, over a run of names in a caption.
        return (
            full not in self.nominative,
            full not in self.persons,
            len(full.split()) > 3,
            self.first_seen[full],
        )

    def _changed(self, full: str) -> None:
        """``full`` became a person or nominative: offer it to the searches that can see it."""
        if full not in self.known or not self._found:
            return
        tokens = full.split()
        rank: _Rank | None = None
        for pool_key in ((True, _name_key(tokens[-1])), (False, _name_key(tokens[0]))):
            pools = self.by_last if pool_key[0] else self.by_first
            if full not in pools.get(pool_key[1], ()):
                continue
            for name in self._watching.get(pool_key, ()):
                if not self._matches(name.split(), full):
                    continue
                rank = rank or self._rank(full)
                best_rank = self._found[name][1]
                if best_rank is None or rank < best_rank:
                    self._found[name] = (full, rank)


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


_TOKEN = re.compile(r"[\w-]+")
_RU_PAST_ENDINGS = ("л", "ла", "ли", "ло", "лся", "лась", "лись", "лось")


def _speech_verbs(text: str, grammar: _Grammar) -> Iterator[re.Match[str]]:
    """Every speech verb in a long text: a set lookup per word, not a regex at every offset."""
    russian = grammar.language == "ru"
    for token in _TOKEN.finditer(text):
        word = token.group().lower()
        if word in grammar.verb_words or (
            russian and word.endswith(_RU_PAST_ENDINGS) and grammar.verb.fullmatch(word)
        ):
            yield token


def _collect_people(
    body: str,
    segments: list[_Segment],
    attributions: Sequence[_Attribution | None],
    grammar: _Grammar,
    context: _Context,
) -> tuple[_People, list[_Mention]]:
    """Every name mentioned outside quotes, and who is a person (by evidence)."""
    people = _People()
    spans = sorted((s.start, s.end) for s in segments)
    starts = [span[0] for span in spans]
    raw: list[tuple[int, int, _Name, str | None]] = []
    for match in _NAME.finditer(body):
        if _inside(spans, starts, match.start()):
            continue
        split = _split_name(match.group())
        if split is None or split.name is None:
            continue
        tokens = split.name.split()
        gender = split.gender or (None if split.organisation else _name_gender(tokens))
        if split.role is None and not split.organisation:
            # "coroner Andrew Barkley", "club president Naoki Ogane": a title right before.
            lo = max(context.sentence_start(match.start()), match.start() - 80)
            prefix = body[lo : match.start()]
            words = prefix.split()
            if words and prefix[-1:].isspace() and _is_title(words[-1]) and words[-1].islower():
                split.role = _role_from_prefix(_clause_tail(prefix))
            # "Edna Whitfield, a retired schoolteacher aged 71, ...": a role right after.
            after = _APPOSITIVE_AFTER.match(body, match.end())
            if split.role is None and after is not None:
                role = after.group(1)
                if any(_is_head_title(word) for word in role.split()):
                    split.role = _clean_role(role)
        if split.organisation:
            people.organisations.add(split.name)
        elif len(tokens) >= 2:
            people.add_name(match.start(), split.name)
            if split.role is not None or gender is not None:
                people.add_person(split.name)
                people.add_nominative(split.name)
        if split.role and not split.organisation:
            people.role.setdefault(split.name, split.role)
        raw.append((match.start(), match.end(), split, gender))
    for attribution in attributions:  # speakers of quotes are people
        if attribution is not None and attribution.speaker and not attribution.organisation:
            name = people.canonical(attribution.speaker, attribution.genitive)
            people.add_person(name)
            if attribution.gender:
                people.gender.setdefault(name, attribution.gender)
    # Subjects of speech verbs outside quotes are people (or organisations): "Ogane claims".
    for match in _speech_verbs(body, grammar):
        if _inside(spans, starts, match.start()):
            continue
        lo = max(0, match.start() - 150, context.sentence_start(match.start()))
        attribution = _parse_left(body[lo : match.start()], lo, grammar)
        attribution = _with_verb(attribution, match.group(), grammar)
        if attribution is None or attribution.speaker is None or attribution.organisation:
            continue
        name = people.canonical(attribution.speaker)
        if (
            " " not in name
            and name.endswith("s")
            and context.sentence_start(attribution.position) == attribution.position
        ):
            continue  # "Opponents said": a plural noun at a sentence's start, not a name
        people.add_person(name)
        people.add_nominative(name)
        if attribution.gender:
            people.gender.setdefault(name, attribution.gender)
        if attribution.role:
            people.role.setdefault(name, attribution.role)
        pronoun = _PRONOUN_AFTER_VERB.match(body, match.end())
        if pronoun is not None and name not in people.gender:
            people.gender[name] = "m" if pronoun.group(1).lower() == "he" else "f"
    mentions: list[_Mention] = []
    sentence_with_subject: set[int] = set()
    for position, end, split, gender in raw:
        assert split.name is not None
        name = split.name if split.organisation else people.canonical(split.name)
        if gender is not None:
            people.gender.setdefault(name, gender)
        person = not split.organisation and (
            gender is not None or split.role is not None or name in people.persons
        )
        if person:
            people.add_person(name)
        sentence = context.sentence_index(position)
        subject = person and (
            sentence not in sentence_with_subject or _VERB_AFTER_NAME.match(body, end) is not None
        )
        if person:
            sentence_with_subject.add(sentence)
        mentions.append(_Mention(position, name, split.organisation, person, subject))
    return people, mentions


class _Resolver:
    """Step 3: turn attributions into speakers, keeping the last speaker across the article."""

    def __init__(
        self, people: _People, mentions: list[_Mention], common_words: set[str], context: _Context
    ) -> None:
        self.common_words = common_words
        self.context = context
        self.people = people
        self.mentions = mentions
        self.positions = [mention.position for mention in mentions]
        self.spoken: list[_Mention] = []  # speakers so far, in article order

    def resolve(self, attribution: _Attribution) -> tuple[str | None, str | None]:
        speaker = attribution.speaker
        if (
            speaker is not None
            and not attribution.organisation
            and " " not in speaker
            and speaker.lower() in self.common_words
            and speaker.lower() not in _FIRST_NAMES
            and self.context.sentence_start(attribution.position) == attribution.position
        ) or (
            speaker is not None and not attribution.organisation and speaker.lower() in _GROUP_NOUNS
        ):
            # "Parents said": a common noun capitalised at a sentence's start, not a name.
            return None, attribution.role or speaker
        if attribution.pronoun is not None:
            name = self._pronoun(attribution.pronoun, attribution.position)
            known = self.people.role.get(name) if name else None
            return name, known or (attribution.role if name else None)
        if attribution.speaker is None:
            return None, attribution.role
        if attribution.organisation:
            name = attribution.speaker
        else:
            name = self.people.canonical(attribution.speaker, attribution.genitive)
            if not attribution.genitive:
                self.people.add_nominative(name)
            self.people.add_person(name)
            if attribution.gender:
                self.people.gender.setdefault(name, attribution.gender)
        role = attribution.role or self.people.role.get(name)
        if role and not attribution.organisation:
            self.people.role.setdefault(name, role)
        self.spoken.append(
            _Mention(
                attribution.position, name, attribution.organisation, not attribution.organisation
            )
        )
        return name, role

    def _candidates(self, position: int) -> Iterator[_Mention]:
        index = bisect.bisect_left(self.positions, position)
        recent = self.mentions[max(0, index - MAX_PRONOUN_LOOKBACK) : index]
        spoken = [m for m in self.spoken[-MAX_PRONOUN_LOOKBACK:] if m.position < position]
        yield from sorted([*recent, *spoken], key=lambda m: m.position, reverse=True)

    def _pronoun(self, gender: str, position: int) -> str | None:
        people = self.people
        if gender in {"m", "f", "x"}:
            chosen: _Mention | None = None
            fallback: _Mention | None = None
            weak: _Mention | None = None  # a full name with no evidence it is a person
            for mention in self._candidates(position):
                if mention.organisation:
                    continue
                if gender != "x" and people.gender.get(mention.name) not in (gender, None):
                    continue
                if not (mention.person or mention.name in people.persons):
                    if weak is None and gender == "x" and " " in mention.name:
                        weak = mention
                    continue
                if fallback is None:
                    fallback = mention
                if mention.subject:
                    chosen = mention
                    break
                if fallback.position - mention.position > SUBJECT_LOOKBACK_CHARS:
                    chosen = fallback
                    break
            else:
                chosen = fallback or weak
            if chosen is None:
                return None
            if gender != "x":
                people.gender.setdefault(chosen.name, gender)
            return self._spoke(chosen.name, position)
        for mention in self._candidates(position):
            if mention.organisation or people.gender.get(mention.name) == "p":
                return self._spoke(mention.name, position, organisation=True)
        if gender == "p" and self.spoken:
            return self._spoke(self.spoken[-1].name, position)
        return None

    def _spoke(self, name: str, position: int, organisation: bool = False) -> str:
        self.spoken.append(_Mention(position, name, organisation, not organisation))
        return name


# --- steps 4 and 5: continuation and filtering ---------------------------------------------


class _Context:
    """Where a quote sits: its sentence and the words around it in its paragraph."""

    def __init__(self, body: str, sentences: Sequence[Sentence]) -> None:
        self.body = body
        self.sentences = sentences
        self.starts = [sentence.start for sentence in sentences]

    def sentence_index(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 0:
            return self.sentences[0].index if self.sentences else 0
        return self.sentences[index].index

    def sentence_end(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if 0 <= index < len(self.sentences) and position < self.sentences[index].end:
            return self.sentences[index].end
        return len(self.body)

    def sentence_start(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if 0 <= index < len(self.sentences) and position < self.sentences[index].end + 1:
            return self.sentences[index].start
        return 0


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _title_like(text: str) -> bool:
    """A work's title: every main word capitalised, no sentence punctuation."""
    if re.search(r"[.!?,;:]", text):
        return False
    words = text.split()
    main = [word for word in words if word.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and bool(main) and all(word[:1].isupper() for word in main)


def _minor(segment: _Segment, body: str, paragraphs: list[tuple[int, int]]) -> bool:
    if segment.opening < 0 or _words(body[segment.start : segment.end]) >= MIN_EMBEDDED_WORDS:
        return False
    # The last character before the opening mark that is not a space, in its paragraph (found
    # without copying the paragraph so far: a giant paragraph of quotes stays linear).
    paragraph_start = paragraphs[segment.paragraph][0]
    position = segment.opening
    while position > paragraph_start and body[position - 1].isspace():
        position -= 1
    return position > paragraph_start and body[position - 1].isalnum()


def _attribute(
    segments: list[_Segment],
    body: str,
    paragraphs: list[tuple[int, int]],
    context: _Context,
    grammar: _Grammar,
) -> list[_Attribution | None]:
    """Step 2 for every segment: the attribution in the words before or after it."""
    # A short quote inside a clause ("the «Otkritie» bank") does not end the words around the
    # quotes next to it; any other quote does.
    major = [not _minor(segment, body, paragraphs) for segment in segments]
    previous_major: list[_Segment | None] = []
    last: _Segment | None = None
    for segment, is_major in zip(segments, major, strict=True):
        previous_major.append(last)
        last = segment if is_major else last
    next_major: list[_Segment | None] = []
    last = None
    for segment, is_major in zip(reversed(segments), reversed(major), strict=True):
        next_major.append(last)
        last = segment if is_major else last
    next_major.reverse()
    result: list[_Attribution | None] = []
    for index, segment in enumerate(segments):
        span = paragraphs[segment.paragraph]
        previous = previous_major[index]
        following = next_major[index]
        attribution: _Attribution | None = None
        if segment.closing >= 0:
            hi = span[1]
            if following is not None and following.paragraph == segment.paragraph:
                hi = min(hi, following.opening if following.opening >= 0 else following.start)
            hi = min(
                hi, segment.closing + 1 + MAX_CONTEXT_CHARS, context.sentence_end(segment.closing)
            )
            attribution = _parse_after(body[segment.closing + 1 : hi], segment.closing + 1, grammar)
        if segment.opening >= 0:
            lo = max(
                span[0],
                segment.opening - MAX_CONTEXT_CHARS,
                context.sentence_start(segment.opening),
            )
            if previous is not None and previous.paragraph == segment.paragraph:
                lo = max(lo, previous.closing + 1 if previous.closing >= 0 else previous.end)
            before = body[lo : segment.opening]
            stripped = before.rstrip()
            segment.embedded = bool(stripped) and stripped[-1].isalnum()
            before_attribution = _parse_before(before, lo, grammar)
            if before_attribution is not None and (
                attribution is None or (before_attribution.tight and stripped.endswith(":"))
            ):
                attribution = before_attribution
            if (
                attribution is not None
                and attribution.tight
                and segment.embedded
                and (before_attribution is attribution)
            ):
                segment.embedded = False  # "X said “…”" opens a clause of its own
        result.append(attribution)
    return result


def _only_quotes(body: str, span: tuple[int, int], segments: list[_Segment]) -> bool:
    """Whether a paragraph holds nothing but quotes (and punctuation)."""
    position = span[0]
    for segment in sorted(segments, key=lambda s: s.start):
        if any(ch.isalnum() for ch in body[position : segment.start]):
            return False
        position = max(position, segment.end)
    return not any(ch.isalnum() for ch in body[position : span[1]])


def _continue_speakers(
    segments: list[_Segment], body: str, paragraphs: list[tuple[int, int]], grammar: _Grammar
) -> None:
    """Step 4: multi-paragraph quotes, split quotes, and quote-only paragraphs."""
    chains: dict[int, list[_Segment]] = {}
    for segment in segments:
        if segment.chain >= 0:
            chains.setdefault(segment.chain, []).append(segment)
    for pieces in chains.values():
        first = next((piece for piece in pieces if piece.speaker), None) or next(
            (piece for piece in pieces if piece.attributed), None
        )
        if first is None:
            continue
        for piece in pieces:
            if not piece.speaker:
                piece.speaker, piece.role, piece.attributed = first.speaker, first.role, True
    by_paragraph: dict[int, list[_Segment]] = {}
    for segment in segments:
        by_paragraph.setdefault(segment.paragraph, []).append(segment)
    for index, segment in enumerate(segments):
        if segment.attributed:
            continue
        previous = segments[index - 1] if index > 0 else None
        following = segments[index + 1] if index + 1 < len(segments) else None
        source: _Segment | None = None
        if previous is not None and previous.attributed and not segment.embedded:
            gap = body[previous.end : segment.start]
            if previous.paragraph == segment.paragraph and len(gap) <= SPLIT_QUOTE_MAX_GAP_CHARS:
                if grammar.verb.search(gap) or not any(ch.isalnum() for ch in gap):
                    source = previous
            elif previous.paragraph == segment.paragraph - 1 and _only_quotes(
                body, paragraphs[segment.paragraph], by_paragraph[segment.paragraph]
            ):
                source = previous
        if source is None and following is not None and following.attributed:
            gap = body[segment.end : following.start]
            if following.paragraph == segment.paragraph and not any(ch.isalnum() for ch in gap):
                source = following
        if source is not None:
            segment.speaker, segment.role, segment.attributed = (source.speaker, source.role, True)


def _keep(segment: _Segment, body: str) -> bool:
    """Step 5: drop scare quotes and titles."""
    text = body[segment.start : segment.end]
    words = _words(text)
    if segment.attributed:
        return words >= (MIN_EMBEDDED_WORDS if segment.embedded else MIN_ATTRIBUTED_WORDS)
    return words >= MIN_UNATTRIBUTED_WORDS and not _title_like(text)


# --- public API ----------------------------------------------------------------------------


def extract_quotes(body: str, sentences: Sequence[Sentence], language: str) -> tuple[Quote, ...]:
    """Every direct quote in ``body``, in article order, with its speaker and role.

    ``sentences`` are ``split_sentences(paragraphs, language)`` for the same body. Every quote
    returned satisfies ``body[quote.start:quote.end] == quote.text``.
    """
    if not body or not any(ch in _QUOTE_CHARS for ch in body):
        return ()
    grammar = _grammar(language)
    paragraphs = _paragraph_spans(body)
    segments = _SegmentFinder(body, paragraphs).run()
    if not segments:
        return ()
    context = _Context(body, sentences)
    attributions = _attribute(segments, body, paragraphs, context, grammar)
    people, mentions = _collect_people(body, segments, attributions, grammar, context)
    resolver = _Resolver(people, mentions, set(_LOWER_WORD.findall(body)), context)
    for segment, attribution in zip(segments, attributions, strict=True):
        if attribution is None:
            continue
        segment.speaker, segment.role = resolver.resolve(attribution)
        segment.attributed = True
    _continue_speakers(segments, body, paragraphs, grammar)
    quotes: list[Quote] = []
    for segment in segments:
        if not _keep(segment, body):
            continue
        start, end = segment.start, segment.end
        text = body[start:end]
        if not (0 <= start < end <= len(body)) or body[start:end] != text or not text:
            continue  # never return a quote that is not verbatim
        anchor = segment.opening if segment.opening >= 0 else start
        quotes.append(
            Quote(
                text=text,
                speaker=segment.speaker,
                role=segment.role,
                sentence_index=context.sentence_index(anchor),
                start=start,
                end=end,
            )
        )
    return tuple(quotes)


def _units(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Quotes grouped into units: the parts of a split or multi-paragraph quote go together."""
    units: list[list[Quote]] = []
    for quote in quotes:
        if units:
            last = units[-1][-1]
            if (
                quote.speaker is not None
                and quote.speaker == last.speaker
                and 0 <= quote.start - last.end <= SPLIT_QUOTE_MAX_GAP_CHARS
            ):
                units[-1].append(quote)
                continue
        units.append([quote])
    return units


def _unit_score(unit: Sequence[Quote]) -> float:
    """Higher is better: a named speaker, then a full clause of a quote."""
    first = unit[0]
    score = 2.0 if first.speaker else (1.0 if first.role else 0.0)
    words = sum(_words(quote.text) for quote in unit)
    if words < 3:
        score += 0.0
    elif words < 6:
        score += 0.5
    elif words <= 45:
        score += 1.5
    elif words <= 80:
        score += 1.0
    else:
        score += 0.5
    return score


def key_quotes(quotes: Sequence[Quote], limit: int) -> tuple[Quote, ...]:
    """The few quotes worth showing, at most ``limit``, in article order.

    Ranked by a named speaker, then a substantial length (a clause, not two words; very long
    quotes rank lower), earlier first on ties. One quote per speaker comes first; then the rest
    of a split quote already chosen (its parts count as one unit and are shown together, up to
    ``MAX_PARTS_PER_UNIT`` parts); then anything else.
    """
    if limit <= 0 or not quotes:
        return ()
    units = _units(sorted(quotes, key=lambda quote: quote.start))
    ranked = sorted(units, key=lambda unit: (-_unit_score(unit), unit[0].start))
    chosen: list[Quote] = []
    taken: list[list[Quote]] = []
    speakers: set[str | None] = set()
    for unit in ranked:  # one per speaker
        if len(chosen) < limit and unit[0].speaker not in speakers:
            speakers.add(unit[0].speaker)
            taken.append(unit)
            chosen.append(unit[0])
    for unit in taken:  # the rest of each chosen split quote
        for part in unit[1:MAX_PARTS_PER_UNIT]:
            if len(chosen) < limit:
                chosen.append(part)
    taken_ids = {id(unit) for unit in taken}
    for unit in ranked:  # anything else
        if id(unit) in taken_ids:
            continue
        for part in unit[:MAX_PARTS_PER_UNIT]:
            if len(chosen) < limit:
                chosen.append(part)
    return tuple(sorted(chosen, key=lambda quote: quote.start))
