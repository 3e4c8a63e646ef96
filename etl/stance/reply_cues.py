"""The reply → parent cue lexicon: German phrases that agree or disagree with the parent, each
with a weight and a family that names it in the evidence. Data, read as one lexicon.
"""

from etl.stance.cues import CUE_END, SENTENCE_START, compile_cues, cue_family

# Reply → parent cues. Weights: 1.5 strong, 1.0 clear, 0.5 hint. Order matters (see compile_cues).

_YOUR = r"(?:dein|deine|deinen|deinem|deiner|ihr|ihre|ihren|ihrem|ihrer|euer|eure)"
_POINT = (
    r"(?:satz|sätze|argument|argumente|argumentation|kommentar|beitrag|vergleich|logik|these|"
    r"aussage|rechnung|beispiel|punkt|einwand|behauptung|schluss|schlussfolgerung|sicht)"
)
_REBUT_WORDS = (
    r"(?:nicht|kein\w*|au(?:ß|ss)er acht|übersieht|vergisst|ignoriert|unterschlägt|"
    r"hinkt|zu kurz|unsinn|quatsch|falsch|verkennt|blendet)"
)

REPLY_CUES = [
    # Phrases that look like cues but are not: matched first so no cue inside them counts.
    *cue_family(
        "ignore",
        "idiom",
        0.0,
        r"\bnicht falsch verst\w*|\bfalsch verst\w*",
        r"\bverst\w* (?:mich|uns) (?:bitte )?nicht falsch\b",
        r"\bwenn ich (?:mich )?nicht irre\b|\bnicht wahr\s*\?",
    ),
    # Asking what the parent means takes no side: no weak hint counts beside it (replies._hints).
    *cue_family(
        "ignore",
        "clarifying question",
        0.0,
        r"\b(?:wie|was) (?:meinst du|meinen sie|meint ihr) (?:\w+ )?(?:das|damit|genau)?\s*\?",
        r"\bwie (?:ist|war) das gemeint\s*\?",
    ),
    *cue_family(
        "disagree",
        "negated agreement",
        1.5,
        r"\b(?:das |da |es )?stimmt (?:so |doch |einfach |leider |aber |halt |eben |überhaupt |"
        r"gar |absolut |ja |definitiv )*(?:nicht|nie)\b(?!\s+nur)",
        r"\bstimme (?:ich )?(?:dir |ihnen |euch |dem )?(?:da )?(?:\w+ )?nicht zu\b",
        r"\b(?:ist|war|wäre) (?:so |aber |doch |leider |einfach |schlicht |halt |eben )*"
        r"(?:nicht|kaum) (?:ganz |so )?(?:richtig|korrekt|zutreffend)\b",
        r"\bnicht (?:meine|deiner|ihrer) meinung\b",
    ),
    *cue_family(
        "disagree",
        "yes-but",
        1.2,
        SENTENCE_START + r"(?:ja|jein|stimmt|richtig|schon|klar|sicher|natürlich|zugegeben|mag (?:ja )?sein|"
        r"kann (?:ja )?sein|mag schon sein|das mag sein|das stimmt|das ist richtig|im prinzip|"
        r"grundsätzlich|prinzipiell|an sich|mag sein|nett|schön und gut)\b[^.!?]{0,60}?"
        r"(?:\b(?:aber|allerdings|jedoch|trotzdem|dennoch)\b|,\s*nur\b)",
    ),
    # "zwar ... aber" concedes inside any argument: a hint only, never enough alone.
    *cue_family("disagree", "yes-but", 0.3, r"\bzwar\b[^.!?]{0,120}?\baber\b"),
    *cue_family(
        "disagree",
        "contests the parent's point",
        1.0,
        rf"(?:ich (?:denke|glaube|finde|meine),? (?:dass |das )?)?\b{_YOUR} "
        rf"(?:\w+ ){{0,2}}?{_POINT}\b(?=[^.!?]{{0,120}}?\b{_REBUT_WORDS})",
    ),
    *cue_family(
        "disagree",
        "rebuttal marker",
        1.5,
        r"\bau(?:ß|ss)er acht (?:lässt|lassen|lasst|gelassen)\b",
        r"\b(?:lässt|lassen|lasst) (?:\w+ ){0,5}?au(?:ß|ss)er acht\b",
        r"\bau(?:ß|ss)er acht\b",
        r"\b(?:übersiehst|ignorierst|verkennst|verwechselst|unterschlägst|verschweigst|"
        r"unterstellst|verdrehst|blendest)\b",
        r"\b(?:übersehen|vergessen|ignorieren|verkennen|verwechseln|unterschlagen|verschweigen|"
        r"unterstellen|verdrehen|blenden) sie\b|\bsie (?:übersehen|vergessen|ignorieren|"
        r"verkennen|verwechseln|unterschlagen|verschweigen|unterstellen|verdrehen)\b",
        r"\b(?:vergisst du|du vergisst)\b",
        r"\bäpfel mit birnen\b",
        r"\b(?:du tust|sie tun) so,? als\b",
    ),
    *cue_family("disagree", "rebuttal marker", 1.0, r"\bvergisst\b"),
    *cue_family(
        "disagree",
        "question back",
        1.5,
        r"\bwoher (?:wissen sie|weißt du|weisst du|willst du|wollen sie|hast du|haben sie|"
        r"nimmst du|nehmen sie)\b[^?]{0,60}\?",
        r"\bwo steht (?:das|denn das|geschrieben)[^?]{0,40}\?",
        r"\b(?:quelle|quellen|beleg|belege|beweis|beweise|nachweis|source)\s*\?+",
        r"\bwie (?:kommst du|kommen sie) (?:denn )?(?:darauf|auf)\b[^?]{0,60}\?",
        r"\bha(?:st du|ben sie) (?:den artikel|das|überhaupt|ihn|es) (?:\w+ ){0,2}?gelesen\s*\?",
    ),
    *cue_family(
        "disagree",
        "question back",
        1.0,
        r"\b(?:hast du|haben sie|gibt es) (?:dafür |dazu |da |auch |denn |überhaupt )*"
        r"(?:eine |einen |irgendeine |irgendwelche )?"
        r"(?:quelle|quellen|beleg|belege|beweis|beweise|nachweis)\b[^?]{0,30}\?",
        SENTENCE_START + r"(?:ernsthaft|wirklich|echt|im ernst|sicher)\s*\?",
        r"\bwas (?:soll|willst|wollen) (?:das|du|sie) (?:denn )?(?:damit )?(?:sagen|aussagen)?\s*\?",
        r"\bund was (?:schlägst du|schlagen sie) (?:denn )?(?:stattdessen |als alternative )?vor\s*\?",
        r"\bund was (?:wäre|ist) (?:\w+ )?(?:deine|ihre|eure) (?:lösung|alternative)\s*\?",
        r"\b(?:bist du|sind sie) (?:da )?(?:\w+ )?sicher\s*\?",
    ),
    *cue_family(
        "disagree",
        "question back",
        0.5,
        SENTENCE_START + r"und (?:was|wer|wie|warum|wieso|weshalb) [^?.!]{3,80}\?",
        r"\bwas ist (?:denn )?mit [^?.!]{3,60}\?",
    ),
    *cue_family(
        "agree",
        "agreement",
        1.5,
        r"\bsehe? (?:ich |das |es )+(?:ganz |absolut |auch |ebenfalls |genau )?(?:genau ?so|ebenso|"
        r"auch so|ganz so|so)\b(?! \w+ nicht)",
        r"\bstimme (?:ich )?(?:dir |ihnen |euch |dem )?(?:da )?(?:voll und ganz |vollkommen |voll |"
        r"absolut |uneingeschränkt |ganz |100 ?% |zu 100 ?% )?zu\b",
        r"\b(?:volle|absolute|totale|vollste) zustimmung\b",
        r"\b(?:bin (?:ganz |voll )?|ganz |voll )(?:deiner|ihrer|eurer) meinung\b(?! nach)|"
        r"\b(?:ganz|genau) meine meinung\b",
        r"\bgut (?:gesagt|geschrieben|erklärt|formuliert|zusammengefasst|beobachtet)\b|"
        r"\b(?:treffend|schön) (?:gesagt|formuliert|beschrieben|zusammengefasst)\b",
        r"\bauf den punkt (?:gebracht)?\b|\bbringt es auf den punkt\b",
        r"\bdem ist nichts hinzuzufügen\b|\bbesser kann man es nicht sagen\b",
        r"\bkann (?:ich|man) nur (?:bestätigen|zustimmen|unterschreiben|beipflichten)\b|"
        r"\bunterschreibe ich\b|\bpflichte (?:ich )?(?:dir |ihnen )?bei\b",
        r"(?<![\w+])\+1\b|👍",
        r"\bfull ack\b",
    ),
    *cue_family(
        "agree",
        "agreement",
        1.2,
        SENTENCE_START + r"(?:ganz |ja,? )?genau(?: so ist es| so ist das| so sieht es aus| das| so)?" + CUE_END,
        SENTENCE_START + r"(?:sehr |völlig |absolut |vollkommen |ganz |genau |ja,? )?richtig" + CUE_END,
        SENTENCE_START + r"(?:so ist es|so sieht(?:'|’)?s aus|exakt|eben|absolut|dito|jawohl|einverstanden)" + CUE_END,
        r"\bzustimmung\b",
        r"\bich bin (?:da )?(?:ganz )?bei (?:dir|ihnen)\b",
    ),
    *cue_family(
        "agree",
        "agreement",
        1.2,
        SENTENCE_START + r"(?:das |da |es )?stimmt(?: \w+){0,2}?" + CUE_END,
        r"\b(?:da |damit |du |sie )?(?:hast du|haben sie|habt ihr) (?:\w+ ){0,3}?recht\b|"
        r"\brecht hast du\b|\b(?:du hast|sie haben) (?:\w+ ){0,3}?recht\b",
        negatable=True,
    ),
    *cue_family(
        "agree",
        "agreement",
        1.0,
        r"\b(?:das|dies|es|da) (?:ist|war|wäre) (?:\w+ ){0,3}?(?:richtig|korrekt|zutreffend|wahr)\b"
        r"(?!\s*\?)",
        r"\b(?:das|da|es) stimmt\b",
        negatable=True,
    ),
    *cue_family(
        "agree",
        "thanks",
        0.8,
        r"\bdanke (?:für (?:den|diesen|deinen|ihren|euren|die|diese|das) )?(?:\w+ )?"
        r"(?:kommentar|beitrag|hinweis|link|erklärung|einordnung|ergänzung|worte|zeilen)\b",
        SENTENCE_START + r"(?:oh,? |ah,? |aso,? |ok,? |okay,? )?(?:danke|merci)" + CUE_END,
    ),
    *cue_family(
        "agree",
        "agreement",
        1.5,
        r"\b(?:hab|habe|hätte) ich mir (?:\w+ ){0,2}?(?:auch|schon|ebenfalls) (?:\w+ ){0,2}?gedacht\b|"
        r"\b(?:dachte|denke|finde|glaube|meine|sag|sage|seh|sehe|empfinde) ich (?:mir )?(?:auch|ebenfalls|genauso)\b",
        r"\b(?:gebe|geb) ich (?:dir|ihnen|euch) (?:\w+ ){0,2}?recht\b|"
        r"\bwie recht (?:du|sie) (?:doch )?(?:hast|haben)\b|"
        r"\b(?:dir|ihnen) (?:\w+ ){0,2}?recht geben\b",
        r"\b(?:meine rede|wie wahr|wohl wahr|leider wahr|traurig,? aber wahr|so schaut(?:'|’)?s aus|bravo)\b",
        negatable=True,
    ),
    *cue_family(
        "agree",
        "agreement",
        1.2,
        SENTENCE_START + r"(?:ja,? |jo,? |oh,? |ah,? |aso,? )?(?:stimmt|genau|richtig|exakt)\b",
        SENTENCE_START + r"(?:yep|jep|jup|jawoll|jo|sowieso|ebent?|eben drum|eben darum)" + CUE_END,
        r"\b(?:geht|ging) (?:es )?mir (?:\w+ )?(?:auch|genauso|ebenso|gleich)\b|"
        r"\bmir (?:geht|ging)(?:(?:'|’)?s| es) (?:\w+ )?(?:auch|genauso|ebenso)\b|"
        r"\b(?:mach|mache|halte|handhabe|seh|sehe) (?:ich|es ich) (?:\w+ )?(?:auch so|genauso|ebenso)\b|"
        r"\bbei mir (?:\w+ )?(?:auch|genauso|ebenso)\b|" + SENTENCE_START + r"(?:ich|mir) auch\b",
        negatable=True,
    ),
    *cue_family("agree", "appreciation", 1.0, r"\b(?:gefällt|gefiel) mir\b|\bmir gefällt\b", negatable=True),
    *cue_family(
        "agree",
        "praise",
        0.8,
        SENTENCE_START + r"(?:sehr |echt |einfach )?(?:gut|super|toll|klasse|genial|herrlich|köstlich|großartig|"
        r"grandios|top|perfekt|schön|wunderbar|brillant|stark|sehr schön|sehr wahr|chapeau)" + CUE_END,
        r"\bdaumen hoch\b|\bguter (?:punkt|einwand|hinweis|vergleich|beitrag|kommentar)\b",
        negatable=True,
    ),
    *cue_family(
        "agree",
        "laughs along",
        0.6,
        r"\b(?:haha\w*|hihi\w*|hehe\w*|lol|rofl|lmao|xd)\b|\bder (?:war|ist) gut\b",
    ),
    *cue_family(
        "agree",
        "adds to the point",
        0.6,
        SENTENCE_START + r"(?:und )?(?:dazu kommt|hinzu kommt|außerdem|ausserdem|zudem|nicht zu vergessen|"
        r"ergänzend|ergänzung|noch dazu|und nicht nur das|vor allem|gerade (?:deshalb|deswegen))\b",
    ),
    # Yes and no answer a question as often as they take a side: ignored when the parent asks one.
    *cue_family("agree", "answer word", 0.4, SENTENCE_START + r"ja" + CUE_END),
    *cue_family("disagree", "answer word", 1.5, SENTENCE_START + r"(?:nein|nö|nee)" + CUE_END),
    *cue_family(
        "disagree",
        "disagreement",
        1.5,
        r"\bsehe? (?:ich |das |es )+(?:\w+ ){0,2}?(?:nicht so|anders)\b",
        r"\b(?:so ein |was für ein |totaler |kompletter |völliger |absoluter |ausgemachter )?"
        r"(?:unsinn|quatsch|blödsinn|schwachsinn|unfug|nonsens|humbug|mumpitz|bullshit|stuss)\b",
        r"\b(?:da )?(?:liegst du|liegen sie|liegt ihr) (?:\w+ ){0,2}?falsch\b",
        r"\b(?:da )?(?:irrst du|irren sie|irrt ihr)\b|\b(?:du irrst|sie irren)\b|\birrtum\b",
        r"\b(?:widerspreche|widersprechen|widerspruch|einspruch)\b",
        r"\b(?:ganz )?im gegenteil\b|\bdas gegenteil ist (?:der fall|richtig|wahr)\b",
        SENTENCE_START + r"falsch\b" + CUE_END,
        r"\b(?:denkfehler|trugschluss|milchmädchenrechnung|strohmann\w*)\b",
        r"\bhalbe wahrheit\b|\bzu kurz gedacht\b|\bgreift (?:\w+ )?zu kurz\b",
        r"\b(?:so|ganz so) einfach ist (?:das|es) (?:aber )?nicht\b|\bmachst (?:du )?es dir "
        r"(?:\w+ )?zu einfach\b",
        r"\b(?:kann|darf) man so nicht (?:sagen|stehen lassen)\b|\bmöchte ich so nicht stehen lassen\b",
        r"\bnicht (?:ganz )?(?:so|der fall)\b(?=\s*[.!])",
    ),
    *cue_family(
        "disagree",
        "disagreement",
        1.0,
        SENTENCE_START + r"nicht (?:ganz|wirklich|unbedingt)" + CUE_END,
        r"\bmit verlaub\b|\bbei allem respekt\b|\bsorry,? aber\b|\bentschuldigung,? aber\b",
        r"\b(?:whataboutism|polemik|pauschalisierung|verallgemeinerung|verschwörungs\w+)\b",
        r"\b(?:so )?(?:ist|war) (?:das|es) (?:doch |aber |eben |halt )*nicht\b(?=\s*[.!,])",
    ),
    *cue_family(
        "disagree",
        "disagreement",
        1.5,
        r"\beben (?:gerade )?nicht\b|\bmitnichten\b|\bganz und gar nicht\b",
        r"\b(?:völlig|komplett|total|voll|ziemlich|glatt|weit) daneben\b",
        r"\b(?:so ein |was für ein )?(?:schmarrn|schmarren|topfen|holler|käse)\b(?=\s*[.!,]|$)",
        r"\bgeht(?:(?:'|’)?s| es) (?:\w+ )?noch\s*\?|\bgeht(?:(?:'|’)?s| es) (?:euch|dir|ihnen) noch gut\b",
        r"\boder (?:wie|was)\s*\?|\bwie bitte\s*\?|\bwer sagt (?:das|denn)\b",
        r"\bändert (?:aber |doch |trotzdem |auch )?nichts (?:daran|an der)\b",
        r"\b(?:darum|um das) geht (?:es )?(?:doch |aber |hier )*nicht\b|\bes geht (?:doch |aber |hier )*nicht um\b",
    ),
    *cue_family(
        "disagree",
        "disagreement",
        1.2,
        SENTENCE_START + r"(?:ach was|ach geh|na geh|geh bitte|i wo|iwo|ach komm|hä|äh nein|naja|na ja)\b",
        SENTENCE_START + r"(?:keineswegs|keinesfalls|wohl kaum|eher nicht|sicher nicht|bestimmt nicht)\b",
        r"\b(?:interessant\w*|tolle|schöne|seltsame|eigenartige|komische) (?:ansatz|logik|argumentation|sichtweise)\b",
        r"\b(?:lesen bildet|lesen müssen sie|lesen musst du)\b|"
        r"\blesen sie (?:\w+ )?(?:den artikel|nochmal|noch einmal|genau)\b",
        r"\bwas hat (?:\w+ ){1,6}?(?:damit |mit )[^?.!]{0,60}?zu tun\s*\?",
    ),
    *cue_family(
        "disagree",
        "correction",
        1.0,
        r"\bnicht (?:\w+,? ){1,5}?sondern\b",
        r"\b(?:sie meinen|du meinst|meinen sie|meinst du) (?:wohl|vermutlich|eher|sicher)\b",
        r"\bdas hei(?:ß|ss)t (?:also|dann|doch|im klartext)\b",
        SENTENCE_START + r"(?:eher|vielmehr|im gegenteil|ganz im gegenteil)\b",
    ),
    *cue_family(
        "disagree",
        "question back",
        0.8,
        SENTENCE_START + r"(?:wieso|warum|weshalb|wozu|woher) [^?.!]{2,80}\?",
        r"\b(?:heißt|heisst) das\b[^?.!]{0,60}\?",
    ),
    *cue_family("disagree", "disagreement", 0.8, r"\b(?:das|es) (?:ist|sind|war) doch\b(?! nicht\b)"),
    *cue_family("disagree", "disagreement", 0.7, r"\b(?:völlig |total |komplett |grund)?falsch\b", negatable=True),
    # "hint" cues would be found here too but cost a match at every "nicht" or "aber":
    # replies.NEGATION and replies.CONTRAST find the first of each instead.
]
# Split by three characters: up to 18 reply cues share two ("da"); 15 % fewer instructions a scan.
REPLY_REGEX = compile_cues(REPLY_CUES, dispatch=3)
