"""English: every word list and pattern piece the stages read for English text."""

from summaries.lang.lexicon import Lexicon, frozen_map, words

LEXICON = Lexicon(
    code="en",
    name="english",
    quotation=("“", "”"),
    # --- shared ---
    months=(
        ("January", "Jan"),
        ("February", "Feb"),
        ("March", "Mar"),
        ("April", "Apr"),
        ("May",),
        ("June", "Jun"),
        ("July", "Jul"),
        ("August", "Aug"),
        ("September", "Sept", "Sep"),
        ("October", "Oct"),
        ("November", "Nov"),
        ("December", "Dec"),
    ),
    weekdays=(
        ("Monday", "Mon"),
        ("Tuesday", "Tue", "Tues"),
        ("Wednesday", "Wed"),
        ("Thursday", "Thu", "Thur", "Thurs"),
        ("Friday", "Fri"),
        ("Saturday", "Sat"),
        ("Sunday", "Sun"),
    ),
    honorifics=frozen_map(
        {
            "mr": "m",
            "mrs": "f",
            "ms": "f",
            "miss": "f",
            "mx": None,
            "dr": None,
            "prof": None,
        }
    ),
    abbreviations=words(
        """
        mr. mrs. ms. dr. prof. gov. sen. rep. gen. col. lt. sgt. capt. cmdr. adm. st. jr. sr.
        no. nos. vs. etc. inc. ltd. co. corp. jan. feb. mar. apr. jun. jul. aug. sep. sept.
        oct. nov. dec. u.s. u.k. u.n. e.u. a.m. p.m. approx. est. dept. fig. mt. ft.
        rev. hon. pres. supt. insp. det. cpl. pvt. maj. brig. e.g. i.e.
        """
    ),
    # --- quotes ---
    speech_verbs=words(
        """said says say told tells added adds warned warns explained explains insisted insists
        claimed claims wrote writes tweeted tweets posted posts asked asks stated states noted
        notes argued argues continued continues recalled recalls admitted admits declared
        declares announced announces replied replies responded responds commented comments
        stressed stresses emphasised emphasized emphasises emphasizes remarked remarks observed
        observes acknowledged acknowledges confirmed confirms conceded concedes suggested
        suggests urged urges predicted predicts shouted yelled screamed joked jokes laughed cried
        whispered revealed reveals reported reports concluded concludes agreed agrees complained
        complains boasted boasts vowed vows pleaded demanded demands cautioned cautions countered
        counters quipped mused exclaimed testified alleged alleges maintained maintains lamented
        laments recounted recounts wondered wonders assured assures promised promises pointed
        blasted slammed raged fumed sighed mentioned called calls described describes accused
        accuses charged charges contended contends attacked attacks branded brands dismissed
        dismisses mocked mocks praised praises criticized criticizes criticised criticises
        hailed hails lauded lauds labeled labelled dubbed derided decried denounced denounces
        lambasted touted touts chided asserted asserts characterized characterizes
        characterised characterises answered answers remembered remembers echoed echoes retorted
        retorts scolded scolds reads opined opines"""
    )
    | {"went on", "goes on", "put it"},
    speech_participles=words(
        """saying adding noting writing telling explaining warning insisting arguing declaring
        stating tweeting claiming asking calling responding replying recalling promising vowing
        joking suggesting admitting complaining urging predicting boasting describing praising
        labeling labelling blasting slamming criticizing criticising accusing mocking touting
        dismissing characterizing characterising"""
    ),
    object_speech_verbs=words("told tells asked asks"),
    according_to=("according to",),
    as_words=frozenset({"as"}),
    complementizers=frozenset({"that"}),
    subject_pronouns=frozen_map({"he": "m", "she": "f", "they": "p", "it": "n", "we": "p"}),
    object_pronouns=frozen_map({"him": "m", "her": "f", "them": "p"}),
    attribution_adverbs=(
        "also",
        "later",
        "then",
        "previously",
        "earlier",
        "recently",
        "once",
        "reportedly",
        "simply",
        "just",
        "further",
        "separately",
        "often",
        "himself",
        "herself",
        "themselves",
        "publicly",
        "repeatedly",
        "quickly",
        "calmly",
        "angrily",
        "bluntly",
        "flatly",
        "candidly",
        "has",
        "had",
        "have",
        "has since",
        "has previously",
        "would",
        "had earlier",
    ),
    clause_conjunctions=words("and but while because"),
    attribution_tail_prepositions=words("of about in on during at to after before from"),
    subordinators=words("when while after before because since although though if unless until"),
    name_stop_caps=words(
        """The A An This That These Those But And Or So Yet If When While After Before Since As At
        In On Of For From By With To Into Under Over During Despite Although Though However
        Meanwhile Moreover Also Still Then Now Here There Yesterday Today Tonight Tomorrow Last
        Next Earlier Later It He She They We I You His Her Their Our My Its Your What Who Why
        How Where Which Speaking Asked Said Says Added Writing According Scroll Click Read Watch
        Photo Image Video Pictured Picture Follow Share More Did Do Does Is Are Was Were Has
        Have Had Will Would Can Could Should May Not No Yes Only Even Just Some Many Most All
        Both Each Every Another Other One Two Three Monday Tuesday Wednesday Thursday Friday
        Saturday Sunday January February March April June July August September October November
        December Mrs Mr Ms Dr Once Following Likewise Similarly Separately Ultimately Instead
        Indeed Overall Additionally Furthermore Nevertheless Nonetheless Otherwise Consequently
        Finally Currently Previously Recently Reached Amid Among Unlike Without Within Through
        Regardless Including Like Wait Look Well Oh Hey Okay Sure Again Hours Minutes Days Weeks
        Months Years Shortly Soon Perhaps Maybe Alongside Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct
        Nov Dec"""
    ),
    modifier_openers=words(
        """of for to by from about against under among between many most some several few all
        both each every any no the a an"""
    ),
    title_abbreviations=words(
        """Mr Mrs Ms Mx Dr Prof Gov Sen Rep Gen Col Lt Sgt Capt Cmdr Adm Rev Hon Pres Supt Insp Det
        Jr Sr Messrs St Del"""
    ),
    clause_abbreviations=words(
        "Mr Mrs Ms Dr St Jr Sr Gov Sen Rep Gen Prof Lt Col Sgt Capt Rev Det Del"
    ),
    company_abbreviations=words("Inc Ltd Co Corp Bros Plc LLC"),
    name_connectors=("of the", "for the", "of", "for"),
    person_titles=words(
        """president vice prime minister chancellor secretary governor gov senator sen
        representative rep mayor judge justice general gen colonel col lt lieutenant sergeant sgt
        captain capt admiral adm commissioner chief inspector detective det officer constable
        sheriff coach manager director chairman chairwoman chair ceo cfo coo cto pope king queen
        prince princess duke duchess ambassador foreign defence defense finance deputy acting
        former rev reverend father bishop archbishop cardinal rabbi imam sheikh emir crown
        professor prof spokesman spokeswoman spokesperson speaker leader head boss striker
        midfielder defender goalkeeper forward winger star actress actor singer rapper analyst
        economist expert lawyer attorney prosecutor official executive founder co-founder owner
        adviser advisor aide researcher scientist doctor teacher headteacher headmaster principal
        editor correspondent commander chairperson treasurer superintendent supt councillor
        councilman councilwoman congressman congresswoman lawmaker mp mep presenter host author
        writer producer director-general secretary-general envoy negotiator minister-president
        premier cabbie driver pilot nurse firefighter farmer pundit commentator chef grandmother
        grandfather landlord shopkeeper engineer soldier schoolteacher pensioner baker volunteer
        campaigner activist resident student pupil strategist consultant pollster voter
        supporter nominee candidate front-runner frontrunner historian columnist anchor reporter
        businessman businesswoman billionaire mogul pastor surrogate donor operative staffer
        delegate organizer organiser psychologist physician surgeon neurosurgeon"""
    ),
    title_modifiers=words(
        """former acting deputy vice foreign defence defense finance health home interior crown
        prime interim senior junior first"""
    ),
    organisation_words=words(
        """ministry department office bank council commission committee agency court parliament
        congress senate house kremlin pentagon union federation association university hospital
        authority authorities service party group organisation organization foundation institute
        board embassy police army navy force forces corporation corp inc ltd company club fc
        united government cabinet administration network channel times news post reuters bbc
        cnn ap afp airline airlines railway tribunal school college church league fifa uefa nasa
        fbi cia nato imf opec coalition alliance caucus society center centre campaign institution
        council"""
    ),
    role_nouns=words(
        """spokesman spokeswoman spokesperson spokespeople spokesmen official officials source
        sources aide aides adviser advisers advisor advisors representative representatives
        witness witnesses resident residents analyst analysts expert experts lawyer lawyers
        attorney attorneys prosecutor prosecutors investigator investigators doctor doctors
        neighbour neighbours neighbor neighbors friend friends relative relatives insider insiders
        executive executives diplomat diplomats officer officers minister ministers leader leaders
        organisers organizers"""
    ),
    group_nouns=words(
        """parents critics fans supporters opponents protesters campaigners neighbours neighbors
        scientists researchers teachers students pupils passengers victims families locals
        villagers officers"""
    ),
    role_determiners=words("the a an his her its their our this that"),
    role_prepositions=words(
        "for of at to by with from about as like according against in on under"
    ),
    role_leading_junk=words(
        """on in at during after before yesterday today tonight last this earlier later meanwhile
        but and however also then now so while when as"""
    ),
    not_role_openers=words("who which that whose whom where when and but as adding saying"),
    anaphor_nouns=words(
        """youngster teenager veteran star striker midfielder defender goalkeeper keeper winger
        forward playmaker frontman singer actress actor rapper"""
    ),
    media_names=words("reuters ap afp bbc cnn"),
    audience_words=frozenset({"reporters"}),
    first_names_m=words(
        """james john robert michael william david richard joseph thomas charles christopher
        daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
        timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
        justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
        jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah
        jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan
        jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah
        randy roy vincent ralph eugene russell bobby mason philip louis harry tom tim ben sam mike
        bill bob jim tony steve dave chris nick barack boris vladimir emmanuel olaf rishi keir
        luis carlos pedro jorge miguel antonio francesco giuseppe marco luca pierre jacques
        françois hans klaus wolfgang friedrich karl heinz jürgen mohammed muhammad ahmed ali omar
        hassan sergio diego lionel cristiano rafael novak andy lewis kanye elon jeff warren bernie
        ted mitch rudy gavin ron greg jared hunter jamie jimmy johnny eddie danny martin simon
        neil ian graham gordon hugh nigel alastair angus josé manuel javier alejandro fernando
        ricardo giorgio matteo mario olivier nicolas jean-luc jean-pierre jean-claude
        friedrich-wilhelm volodymyr dmitry sergei sergey alexei alexey mikhail ivan yuri igor oleg
        viktor anton andrei andriy pavel maxim kirill roman denis ilya nikita arsene jurgen pep
        mauricio carlo ole gareth jeb rand marco newt mitt reince corey chuck hank lloyd kofi
        rick ricky jon josh jake luke seth zach nathaniel isaac evan colin craig derek glenn
        howard herbert leonard leon marcus max mitchell neal norman oscar phil randall rob rodney
        ross russ stan stanley stuart todd travis trey troy tyrone wade wes wesley clarence cliff
        clifford clint cory curtis dale darrell don doug duane dwight earl elliot ernest floyd
        fred freddie gene glen gus hal herman hugo irving jay jeffery jerome joel jonah julian
        kurt lance leo lester lou marc marvin micah milton mohamed morris murray ned nelson noel
        orrin otis pete quentin ray reggie rex rich richie roland ronnie ruben rupert sherrod
        shawn sheldon spencer terrence terence theodore tommy vance vernon victor wendell winston
        woody xavier zack bernard barry bart benny bert boyd brad bradley brett brent bryce buck
        calvin cecil chad chester clay cole connor conrad dan darren derrick dominic dustin
        dwayne ed edgar eli elliott emanuel emmett enrique erik ernie felix franklin gabe garrett
        geoffrey gerry gilbert hector herb homer hubert ike ira jamal jasper joaquin joey
        jonathon kirk lamar lenny lyndon malcolm marty matt maurice mick mickey miles nate owen
        preston raul reuben rocco rod rodrigo rory saul shane sterling thad tobias toby trent
        trevor tucker tyson vince walt zeke dmitri recep hamid abdul yitzhak shimon ehud moshe
        benjamin reinhold mikhail"""
    ),
    first_names_f=words(
        """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy
        betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa
        deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
        pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
        catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
        christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa
        ann sara madison frances kathryn janice abigail alice judy sophia grace denise amber doris
        marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla
        alexis lori jane kate katie sue liz beth hillary kamala ursula marine giorgia jacinda
        nicola priti suella kemi yvette harriet serena venus beyonce rihanna oprah meghan kim
        kylie melania ivanka hilary sophie chloe lucy ellie amelia holly caroline claire louise
        fiona gemma zoe leah naomi ella mia isla ava vivien annalena ségolène anne-marie elena
        irina olga natalia tatiana svetlana ekaterina yulia anastasia julia valentina ludmila
        marina galina veronika ksenia daria alexandra carmen lucia sofia giulia francesca chiara
        isabel ana beatriz tina kellyanne huma nikki carly condoleezza debbie ivana jeanne
        jeanine jill kirsten kristen loretta maggie marsha maxine michele nina patty sheila tammy
        tulsi valerie wendy yvonne abby adriana aisha alicia alison allison alyssa angie anita
        annie audrey barbra becky bernadette bonnie brooke candace candice carla carole cassandra
        cathy cecilia celeste charlene cindy claudia colleen connie courtney crystal darlene
        deanna dolores edith eileen elaine eleanor elise ellen erica erika erin esther ethel eva
        felicia gail gayle geraldine gina gwen gwendolyn hazel heidi helena hilda ida ingrid
        irene jackie jeannie jenna jenny jessie joanna joanne jodi josephine juanita juliana
        karin karina katharine kathy katrina keisha kelsey kendra kristin kristina kristine lana
        latoya laurie lena lillian lily lois lorraine lucille lydia lynn madeleine mallory marcia
        margarita margo marian marianne marjorie marlene martina maureen maya melinda meredith
        mildred miranda miriam molly monica muriel nadia nora norma pam paula pauline peggy
        phyllis priscilla rachael ramona regina renee rhonda rita roberta robyn rosa rosalind
        rosemary roxanne sabrina sally sandy selena sheryl sonia sonya stacy stacey suzanne
        sylvia tamara tanya tara thelma tiffany toni trisha vanessa vera veronica vicki wanda
        wilma yolanda maryam mazie kirstjen huma betsy elisabeth"""
    ),
    title_small_words=words("a an the of and in on at to for with from by or"),
    verbs_after_name=words(
        """is was are were has had will would can could did does do may might must should made
        took went came got gave felt thought knew saw began won lost left kept said
        told"""
    ),
    verbs_after_name_adverbs=words("now also then later still has had have will would could"),
    appositive_determiners=words("a an the his her their its"),
    participle_endings=("ing",),
    name_prepositions=words("on for of"),
    place_connectors=frozenset({"of"}),
    definite_role_openers=frozenset({"the"}),
    anaphor_role_heads=words(
        """nominee candidate businessman businesswoman billionaire senator governor congressman
        congresswoman mogul"""
    ),
    articles=words("the a an"),
    description_openers=words("the a an his her its their our my this one another several"),
    question_words=words("which whether what why how who whom where when if about"),
    # --- facts ---
    number_words=(
        "one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10, "
        "eleven=11, twelve=12, thirteen=13, fourteen=14, fifteen=15, sixteen=16, seventeen=17, "
        "eighteen=18, nineteen=19, twenty=20, thirty=30, forty=40, fifty=50, sixty=60, "
        "seventy=70, eighty=80, ninety=90"
    ),
    number_multipliers="hundred=100, dozen=12, half=0.5",
    number_scales="thousand=1E3, million|mn=1E6, billion|bn=1E9, trillion|tn=1E12",
    glued_scales="k=1E3, m=1E6, b=1E9",
    inner_number_words=frozenset({"half"}),
    lone_scales=r"(?:half\s+)?an?\s+(?:hundred|thousand|million|billion|trillion|dozen)",
    number_link="and",
    number_fillers=frozenset({"and", "a", "an"}),
    thousands_mark=",",
    dotted_months=words("Jan Feb Mar Apr Jun Jul July Aug Sept Sep Oct Nov Dec"),
    date_day=r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?(?![\w])",
    day_month_link=r"\s+(?:of\s+)?",
    month_year_link=r",?\s+",
    month_first=True,
    month_prepositions=frozenset(
        {
            *"in since until till by from last next this early late mid during of".split(),
            *"before after through throughout between and to".split(),
            "end of",
            "start of",
            "beginning of",
            "the end of",
            "the start of",
            "middle of",
        }
    ),
    year_prepositions=frozenset(
        {
            *"in since by from until till to before after during of between and".split(),
            *"around circa early late mid through the".split(),
            "end of",
            "start of",
            "beginning of",
            "summer of",
            "spring of",
            "autumn of",
            "winter of",
            "fall of",
            "the year",
            "as of",
            "back in",
            "class of",
        }
    ),
    year_patterns=(r"(?<![\w])mid-(?P<f>@YEAR@)",),
    time_units=(
        ("years", "Y", 1, "year"),
        ("months", "M", 1, "month"),
        ("weeks", "W", 1, "week"),
        ("days", "D", 1, "day"),
        ("hours", "H", 1, "hour"),
        ("minutes", "MIN", 1, "minute"),
        ("seconds", "S", 1, "second"),
        ("decades", "Y", 10, "decade"),
        ("centuries", "Y", 100, "century"),
        ("fortnights", "W", 2, "fortnight"),
    ),
    duration_patterns=(r"(?<![\w])(?:for|over)\s+(?P<f>an?\s+(?P<u>@UNIT@))(?![\w])",),
    one_day_openers=words("in for within after over just only"),
    relative_times=(
        (r"(?<![\w])(?P<f>(?:(?P<n>@NUM@)|an?)\s+(?P<u>@UNIT@)\s+ago)(?![\w])", -1, "ago"),
        (
            r"(?<![\w])(?P<f>in\s+(?P<n>@NUM@)\s+(?P<u>@UNIT@)(?:['’]\s*time)?)"
            r"(?![\w])(?!\s+of\b)",
            1,
            "in",
        ),
        (
            r"(?<![\w])(?<!the\s)(?P<f>(?P<dir>last|next)\s+"
            r"(?P<u>week|month|year|decade|fortnight))(?![\w])",
            0,
            "last next",
        ),
    ),
    time_directions=frozen_map({"last": -1, "next": 1}),
    future_words=(
        r"\b(?:will|shall|won['’]t|would|due|expected|expects|set\s+to|going\s+to|plans?|planned"
        r"|scheduled|hopes?|aims?|intends?|is\s+to|are\s+to|next|soon)\b|['’]ll\b"
    ),
    age_patterns=(
        r"(?P<f>(?P<n>@NUM@)[-\s](?P<u>year|month|week|day)s?[-\s]olds?)(?![\w])",
        r"(?<![\w])(?P<f>aged?\s+(?P<n>[0-9]{1,3}))(?![0-9]|[.,][0-9]|[-–]?[0-9])",
        r"(?<![\w])(?P<f>(?:at\s+)?the\s+age\s+of\s+(?P<n>@NUM@))(?![\w])",
        r"(?<![\w])Age:\s*(?P<n>[0-9]{1,3})(?![0-9])",
    ),
    comma_age=r"(?<![\w])(?P<name>(?-i:[A-Z])[\w'’.-]*),\s(?P<n>[0-9]{1,3}),(?=\s)",
    age_year_units=frozenset({"year"}),
    percent_pattern=r"(?:\s?%|\s?pc(?![\w])|\s+per\s?cent(?![\w])|\s+percent(?![\w]))",
    currency_words=frozen_map(
        {
            "dollars": "USD",
            "us dollars": "USD",
            "euros": "EUR",
            "euro": "EUR",
            "pounds": "GBP",
            "pounds sterling": "GBP",
            "sterling": "GBP",
            "yen": "JPY",
            "yuan": "CNY",
            "renminbi": "CNY",
            "rupees": "INR",
            "roubles": "RUB",
            "rubles": "RUB",
            "swiss francs": "CHF",
            "hryvnias": "UAH",
        }
    ),
    weak_currency_words=frozenset({"pounds"}),
    currency_link=r"\s+",
    measure_units=words(
        """
        km kms kilometres kilometers kilometre kilometer miles mile metres meters metre meter cm
        centimetres centimeters mm millimetres ft feet foot inches inch yards yard kg kgs
        kilograms kilogrammes kilos grams tonnes tons tonne ton lbs lb ounces oz litres liters
        litre liter gallons gallon barrels acres acre hectares hectare mph knots degrees calories
        megawatts gigawatts kilowatts mw gw kwh volts watts pounds
        """
    ),
    glued_units=words("km kg mph mm cm ft lbs lb mw gw kwh mg g ml oz"),
    number_labels=words(
        """
        number no nos nr n° nº № # section article chapter page pages paragraph flight route
        highway interstate channel level stage round group game episode part line platform gate
        seat row lane bus category class grade phase version model volume issue room apartment
        suite floor terminal ward bed hole lap rule amendment item pp vol ch art § tier series
        division district precinct unit zone act clause schedule exhibit
        """
    ),
    capitalised_names=True,
    name_number_exempt=words(
        """
        In On At By Since From To Of For With After Before Until Till During About Around Nearly
        Almost Over Under Some Only Just More Fewer Less Than All The And Or But Another Roughly
        Approximately Exactly Top Between Among Age Aged Up Down Circa Plus Minus Per Year Years
        Class Summer Spring Autumn Winter Fall Early Late Mid Through Throughout When Where While
        If Although Though As Within Across Without Those These Then Now Today Yesterday Already
        Still Even Also Each Every Fully Barely Precisely Estimated Perhaps Maybe Both Above
        Below Beyond Despite Including Like Unlike Via Against Toward Towards Along Behind Upon
        Yet So Because Once Whereas A An
        """
    ),
    count_function_words=words(
        """
        a an the of and or but nor to in on at for from by with as is was were are be been being
        has have had do does did that which who whom whose this these those than then there here
        per into onto over under after before about around since until while when where why how
        if so not no yet also only just more most less least other others such same each every
        all both any some many much few several very too its his her their our your my me him
        them us we you they she he it i what ago old later earlier said says according
        """
    ),
    count_not_nouns=words(
        """
        things ways sides others ones always perhaps towards afterwards sometimes besides whereas
        nevertheless across includes unless thus plus versus minus hours minutes seconds days
        weeks months years decades centuries percent cents pence whereabouts news olds dollars
        euros
        """
    ),
    count_plural_nouns=words(
        """
        people men women children police staff personnel cattle sheep fish feet teeth crew deer
        aircraft media geese mice troops folk offspring
        """
    ),
    ratio_words=frozenset({"times"}),
    ratio_comparatives=words(
        """
        more less fewer higher lower bigger larger greater smaller as the faster over
        """
    ),
    # --- clean ---
    function_words=words(
        "a an the of to for in on at by with from and or but as than that his her their its"
    ),
    caption_labels=(
        "caption",
        "photo",
        "photos",
        "photograph",
        "photographs",
        "picture",
        "pictures",
        "image",
        "illustration",
        "credit",
        "photo credit",
        "source photo",
        "source image",
    ),
    # BBC "Image caption, ...", "Media source, ..."; Daily Mail "Pictured: ...".
    caption_openers=(
        # BBC pages hide the label from sight, and a copy glues it to the caption: "Media
        # captionWho is Julian Assange?"
        r"(?:image|media|video|photo|picture) (?:caption|source|copyright|credit)"
        r"(?:\b|(?=(?-i:[A-Z])))",
        r"pictured\s*[:,]",
    ),
    credit_labels=(
        "Photograph",
        "Photo",
        "Photos",
        "Picture",
        "Image",
        "Illustration",
        "Composite",
        "Credit",
    ),
    bracket_credit_labels=("photo", "photos", "picture", "pictures", "pic", "image", "credit"),
    credit_sources=("handout",),
    third_party_notes=("this image (?:was|has been) (?:provided|supplied) by a third party",),
    third_party_hints=("third party",),
    copyright_words=("copyright",),
    rights_reserved=("all rights reserved",),
    copyright_hints=("copyright", "rights reserved"),
    reporting_credits=(
        r"^\(?(?:additional )?(?:reporting|writing|editing) by\b.*(?:;|\bediting by\b|\)$)",
    ),
    player_notices=(
        "use chrome browser for a more accessible video player",
        "media playback is (?:unsupported|not supported) on (?:your|this) device",
        r"your browser (?:does not|doesn't|can't|cannot) (?:support|play)\b.*",
        r"this (?:video|content) (?:is not available|can\s*not be played|cannot be played)\b.*",
        "video (?:ad feedback|loading|unavailable|player)",
        "(?:now|currently) playing",
        "play(?:ing)? (?:video|audio)",
        "replay(?: video)?",
        "skip ad",
        "autoplay",
        "scroll down for (?:video|more)",
        r"duration\s*:?\s*\d+(?::\d\d)+",
    ),
    player_labels=("watch", "video", "listen", "audio", "live"),
    cta_openers=(
        r"subscribe\b",
        r"sign up\b",
        r"signup\b",
        "leave a comment",
        "share (?:this|the) (?:article|story|page|post)",
        "follow (?:us|@)",
        "click here",
        "tap here",
        r"get (?:our|the latest|the best|breaking)\b",
        r"download (?:our|the) (?:\w+ )?app",
        "join (?:us on|our|the conversation)",
        "support (?:our|independent|quality) journalism",
        "like us on",
        r"don['’]t miss\b",
        r"never miss\b",
        r"want more\b",
        "(?:view|show|read|see) (?:all )?comments",
        r"\d+ comments?$",
        "comments?$",
        "sorry,? we are not currently accepting comments",
        "share or comment",
        "have your say",
        "got a (?:news )?(?:tip|story)",
    ),
    cta_pitches=(
        r"\b(?:sign up|subscribe)\b[^.!?]{0,40}\b(?:our|my)\b",
        r"\bto your inbox\b",
        # "Do you rely on our reporting? Click here to support it."
        r"\b(?:click|tap) here to\b",
    ),
    cta_pitch_hints=("sign", "subscri", "inbox", "click", "tap"),
    cookie_banners=(
        "we (?:and our partners )?use cookies",
        "this (?:web)?site uses cookies",
        "(?:accept|reject|manage|allow) (?:all )?(?:cookies|consent)",
        "cookie (?:settings|policy|preferences|consent|notice)",
        "by (?:continuing to )?(?:use|using|browse|browsing) (?:this|our) (?:web)?site",
    ),
    consent_buttons=(
        "accept",
        "accept all",
        "reject",
        "reject all",
        "i agree",
        "agree",
        "ok",
        "got it",
    ),
    ad_markers=(
        "advertisement",
        "advert",
        "ad",
        "ads",
        "sponsored(?: content)?",
        "promoted",
        "paid (?:content|post)",
        "partner content",
        "(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?",
        "continue reading(?: the main story)?",
        "skip advertisement",
    ),
    nav_labels=(
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "skip to main navigation",
        "menu",
        "home",
        "search",
        "sign in",
        "log in",
        "login",
        "log out",
        "logout",
        "register",
        "close",
        "back to top",
        "more",
        "next",
        "previous",
    ),
    share_words=(
        "share",
        "share on",
        "share via",
        "share this",
        "tweet",
        "email",
        "e-mail",
        "print",
        "copy",
        "copy link",
        "link",
        "save",
    ),
    related_headings=(
        "read (?:more|next|also)",
        "related(?: (?:articles?|stories|content|topics|coverage|links|reading|news"
        "|internet links))?",
        "more on this (?:story|topic)",
        r"more (?:stories|news)(?: (?:from|on|about)\b.{0,30})?",
        "more from .{1,30}",
        "most (?:read|popular|viewed|shared|watched)",
        "you (?:may|might) (?:also )?(?:like|be interested in)",
        "recommended(?: (?:for you|stories|reading))?",
        "top stories",
        "trending(?: now)?",
        "latest (?:news|stories|headlines)",
        "(?:also|see) (?:read|see|also)",
        "what to read next",
        "editor['’]?s picks",
        "popular now",
        "in other news",
        "further reading",
    ),
    related_labels=(
        "read more",
        "read also",
        "read next",
        "also read",
        "related",
        "see also",
        "more",
        "watch more",
    ),
    byline_openers=("by",),
    # "van", "al" and "bin" are Dutch and Arabic particles of names met in English bylines.
    byline_connectors=words("and in for of the at van al bin"),
    timestamp_words=words(
        """
        published updated posted modified first last edited on at am pm a.m. p.m. gmt bst utc
        edt est et pt pdt pst cet cest eet msk ago hour hours hr hrs minute minutes min mins
        second seconds day days week weeks month months year years just now today yesterday
        read reading time
        """
    ),
    timestamp_anchors=words("ago just today yesterday"),
    number_suffixes=("st", "nd", "rd", "th"),
    footnote_notes=("citation needed",),
    footnote_labels=("note",),
    # --- text and keywords ---
    name_abbreviations=words(
        """
        mr. mrs. ms. dr. prof. gov. sen. rep. gen. col. lt. sgt. capt. cmdr. adm. st. rev. hon.
        pres. supt. insp. det. cpl. pvt. maj. brig. no. nos.
        """
    ),
    keyword_noise=words(
        """
        photo said says told added according reported reports year years month week day today
        """
    ),
    # Dutch and Arabic particles of names met in English news ("Ursula van der ...", "bin").
    name_particles=frozenset({"van der", "van", "bin", "al"}),
    comment_headings=(
        r"(?:\d+|one) (?:thoughts?|responses?|repl(?:y|ies)) (?:on|to) .{1,160}",
        "comments?",
        "\\d+ comments?",
        "leave a (?:comment|reply)",
        "join the (?:conversation|discussion)",
        "reader comments",
        "show comments",
        "view comments",
    ),
    closing_headings=("sources?", "references", "about the authors?", "about [a-z]+ [a-z]+"),
)
