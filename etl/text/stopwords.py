"""German stop words of our own (no download): function words, and the capitalised fillers and
comment boilerplate that a capitalised-noun heuristic would otherwise take for topics.

All lower case; compare with `word.casefold()`. Shared by `etl.topics.suggest` (topic suggestions) and
`etl.stance` (which words of a question count as its content).
"""

_FUNCTION_WORDS = """
aber ab alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anders auch auf aus außer ausser bei beide beiden beim bin bis bist bloß bzw da dabei dadurch
dafür dagegen daher dahin damals damit danach daneben dann daran darauf daraus darf darfst darin
darum darunter darüber das dass daß davon davor dazu dein deine deinem deinen deiner deines dem
demnach den denen denn dennoch der deren derer des deshalb dessen desto dich die dies diese
diesem diesen dieser dieses dir doch dort du durch dürfen dürfte eben ebenso ehe eher ein eine
einem einen einer eines einige einigen einiger einiges einmal er es etwa etwas euch euer eure
eurem euren eurer für gegen gegenüber gewesen hab habe haben hat hatte hatten hätte hätten hier
hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins ist ja je
jede jedem jeden jeder jedes jedoch jemand jene jenem jenen jener jenes jetzt kann kannst kaum
kein keine keinem keinen keiner keines können könnte könnten man manche manchem manchen mancher
manches mehr mein meine meinem meinen meiner meines mich mir mit muss musste müssen müsste nach
nachdem neben nein nicht nichts nie noch nun nur ob oder ohne per schon sehr sei seid sein seine
seinem seinen seiner seines seit selbst sich sie sind so sodass solche solchem solchen solcher
solches soll sollen sollte sollten sonst sowie statt über um und uns unser unsere unserem unseren
unserer unter viel viele vielen vieler vom von vor während war waren wäre wären warum was weder
weil weiter welche welchem welchen welcher welches wem wen wenig wenige wenn wer werde werden
werdet weshalb wessen wie wieder wieso will willst wir wird wirst wo wobei wodurch woher wohin
wollen wollte worden wurde wurden würde würden zu zum zur zwar zwischen
"""

# Adverbs, particles and discourse words that open sentences (and so are capitalised there).
_FILLERS = """
allerdings allein also andererseits anscheinend ansonsten auch ausserdem außerdem bald bereits
besonders bestimmt bisher bislang dennoch deswegen doch ebenfalls eigentlich einerseits endlich
entweder erst erstens etwa eventuell ganz gar genau gerade gern gerne gestern gleich halt heute
hoffentlich immerhin infolgedessen inzwischen irgendwie irgendwo irgendwann jedenfalls jedoch
jetzt klar kurz lange leider letztlich lieber mal manchmal meist meistens mittlerweile momentan
morgen natürlich nämlich neulich nochmal normalerweise oft offenbar offensichtlich quasi sicher
sicherlich sogar somit sowieso später stattdessen teilweise trotzdem übrigens umso vermutlich
vielleicht vielmehr völlig vor allem wahrscheinlich weiterhin wirklich wohl zudem zuerst zuletzt
zumindest zunächst zwar zweitens davor danach dazu hierzu insgesamt tatsächlich trotz wegen
wobei zusammen okay ok bitte danke hallo gibt geht gilt macht kommt bringt hat ist sind wird
steht sieht heißt heisst weiß weiss meint meinst glaube denke finde
"""

# Words that comments are made of rather than what they are about.
_COMMENT_WORDS = """
artikel autor autorin beitrag kommentar kommentare kommentator leser leserin link meinung
frage fragen antwort grund gründe sache sachen ding dinge art weise fall fälle beispiel zeit
jahr jahre jahren jahr tag tage tagen woche wochen monat monaten mal teil seite leute menschen
person problem probleme thema themen punkt punkte text herr frau hr fr mrd mio euro prozent
ende anfang moment stelle idee gefühl recht zustimmung dank nachricht entscheidung
"""

STOP_WORDS = frozenset((_FUNCTION_WORDS + _FILLERS + _COMMENT_WORDS).split())
