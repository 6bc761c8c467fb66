"""Stop words for word clouds: Norwegian bokmål, nynorsk and English.

Only function words (articles, pronouns, prepositions, conjunctions, auxiliary
verbs, common adverbs). Left out on purpose, because in a word cloud they
carry the meaning:
- negations (ikke, ikkje, ingen, aldri, uten/utan, not, no, never, without),
  else "ikke byråkrati" would show as "byråkrati";
- quantities that compare (mer, mindre, mye, lite, få, fleire, more, less),
  else "mer samarbeid" and "mindre samarbeid" become the same word;
- words that double as nouns here: "mot" (courage, also "against"), English
  "it" (IT), "by" (Norwegian for town), "will" (political will). Nynorsk
  "no" (now) is left out too: it would swallow the English negation.

Words are written as people type them; words.py folds them exactly like
participants' entries (case, Unicode form, apostrophes).
"""

from __future__ import annotations

BOKMAL: frozenset[str] = frozenset("""
    og i jeg det at en et ei den til er som på de med han av der så var meg seg
    men ett har om vi min mitt mine ha hadde hun nå over da ved fra du ut sin
    sitt sine dem oss opp man kan hans hennes hvor eller hva skal selv sjøl her
    alle vil bli ble blei blitt blir kunne inn når være vært var kom noen noe
    nokså ville dere deres kun ja etter ned skulle denne dette disse for deg
    å hvorfor derfor enn hvis henne ham hvem hvilken hvilke hvilket hvordan
    også både bare fordi før mellom gjennom under mens hos samme slik sånn
    din ditt dine vår vårt våre jo nok vel likevel altså dersom idet innen
    langs rundt blant bak foran omkring siden tross via hverandre hver hvert
    annen annet andre ene begge enten heller dens dets gjør gjøre gjorde
    må måtte bør burde får fikk mitt meget svært veldig ganske osv dvs
    pga ifm iht hele helt slike
""".split())

NYNORSK: frozenset[str] = frozenset("""
    og i eg det at ein eit ei den til er som på dei med han av der så var meg
    seg men har om vi me min mitt mine ha hadde ho over då ved frå du ut
    sin sitt sine dykk dykkar oss opp kan hans hennar kvar kva kven kvifor
    korleis kor skal sjølv her alle vil bli blei vart vorte blitt blir kunne
    inn når vere vore vert kom nokon noko nokre ville de kun berre ja etter
    ned skulle denne dette desse for deg å fordi før mellom gjennom under
    medan hjå same slik sånn din ditt dine vår vårt våre jo nok vel likevel
    altså dersom difor derfor enn viss henne honom kvart kvarandre anna andre
    annan begge enten heller også òg både må måtte bør burde gjer gjere
    gjorde sidan sia blant bak rundt langs innan ikring um deira mi dei
    eitt ein kvarannan noka nokre slike heile heilt svært veldig
""".split())

ENGLISH: frozenset[str] = frozenset("""
    a an the and or but if then else of at for with about between into
    through during before after above below to from up down in out on off
    over under again further once here there when where why how all any both
    each other some such only own same so than too very can just should now
    i me my myself we our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself its itself they them their
    theirs themselves what which who whom whose this that these those am is
    are was were be been being have has had having do does did doing would
    could might must shall as until while because also us yet whether via
    per i'm you're he's she's it's we're they're i've you've we've they've
    i'd you'd she'd we'd they'd i'll you'll he'll she'll we'll they'll let's
    that's who's what's
    here's there's where's how's etc really quite
""".split())

ALL: frozenset[str] = BOKMAL | NYNORSK | ENGLISH
