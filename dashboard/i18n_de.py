# ruff: noqa: E501 (a catalogue: one message a line reads better than wrapped ones)
"""The German catalogue of the dashboard (dashboard.i18n): English message -> German.

MESSAGES are whole strings. TEMPLATES are whole strings with placeholders: `{n:number}` (a
number, re-formatted 1.234,5), `{when:date}` (a date, 05.12.2026), `{x:word}` (itself
translated), `{x:reasons}` and `{x:evidence}` (the ETL's reasons and stance evidence: their words
from REASONS, the quoted comment words as written), `{x}` (kept as written: data such as a title
or an engine's name). Plotly's own
placeholders (`%{y}`) are text like any other. A new English string of the dashboard belongs here
(tests/browser/test_language.py finds one that is missing).
"""

SEPARATORS = ",."  # plotly: decimal comma, thousands point
DATE_FORMAT = "%d.%m.%Y"  # plotly date axes and hover

MESSAGES = {
    # The app, the header, the filters
    "Diskurs": "Diskurs",
    "reader comments, analysed": "Leserkommentare, ausgewertet",
    "Loading…": "Lädt …",
    "Loading...": "Lädt …",
    "Sign out": "Abmelden",
    "Sign in": "Anmelden",
    "Name": "Name",
    "Password": "Passwort",
    "Wrong name or password.": "Name oder Passwort falsch.",
    "Your name, for labels": "Ihr Name, für Labels",
    "Date range": "Zeitraum",
    "from": "von",
    "to": "bis",
    "Article": "Artikel",
    "All articles": "Alle Artikel",
    "Topic": "Thema",
    "All topics": "Alle Themen",
    "Sentiment": "Stimmung",
    "Stance of replies": "Haltung der Antworten",
    "All": "Alle",
    "CSV": "CSV",
    "Excel": "Excel",
    "Download these rows as CSV": "Diese Zeilen als CSV herunterladen",
    "The same rows for a German-locale spreadsheet: ';' between cells, decimal comma": (
        "Dieselben Zeilen für eine deutsche Tabellenkalkulation: ';' zwischen Zellen, Dezimalkomma"
    ),
    "—": "—",
    "comments": "Kommentare",
    "replies": "Antworten",
    "mentions": "Erwähnungen",
    # Labels of the data
    "negative": "negativ",
    "neutral": "neutral",
    "positive": "positiv",
    "agree": "Zustimmung",
    "disagree": "Widerspruch",
    "agrees": "stimmt zu",
    "disagrees": "widerspricht",
    "favor": "dafür",
    "against": "dagegen",
    "no clear lean": "keine klare Richtung",
    "needs moderation": "braucht Moderation",
    "disagreeing": "widersprechend",
    "unscored": "unbewertet",
    "anonymous": "anonym",
    "time unknown": "Zeit unbekannt",
    "polarity n/a": "Polarität k. A.",
    "score n/a": "Wert k. A.",
    "ok": "ok",
    "failed": "fehlgeschlagen",
    "running": "läuft",
    "idle": "ohne Neues",
    "run": "run",
    "refresh": "refresh",
    "sentiment": "Stimmung",
    "stance": "Haltung",
    "reply stance": "Haltung von Antworten",
    "stance toward a target": "Haltung zu einem Ziel",
    "moderation": "Moderation",
    "feedback": "Feedback",
    "argument": "Argument",
    "noun": "Substantiv",
    "compound": "Kompositum",
    "name": "Name",
    "phrase": "Wortgruppe",
    "confirm": "bestätigen",
    "dismiss": "verwerfen",
    "confirmed": "bestätigt",
    "dismissed": "verworfen",
    # Comments: status, votes, sorting and search (issue 13, item 6)
    "published": "veröffentlicht",
    "removed": "entfernt",
    "spam": "Spam",
    "pending": "wartend",
    "deleted": "gelöscht",
    "Published": "Veröffentlicht",
    "Removed": "Entfernt",
    "Spam": "Spam",
    "Pending": "Wartend",
    "Trash": "Papierkorb",
    "trash": "Papierkorb",
    "Any status": "Jeder Status",
    "Target": "Ziel",
    "Stance toward it": "Haltung dazu",
    "Up votes": "Zustimmungen",
    "Down votes": "Ablehnungen",
    "Up votes ≥": "Zustimmungen ≥",
    "Down votes ≥": "Ablehnungen ≥",
    "up votes": "Zustimmungen",
    "down votes": "Ablehnungen",
    "any": "beliebig",
    "Votes by sentiment": "Bewertungen nach Stimmung",
    "Mean up and down votes per comment of each sentiment, among the comments with votes": (
        "Mittlere Zustimmungen und Ablehnungen je Kommentar jeder Stimmung, unter den bewerteten Kommentaren"
    ),
    "Removed comments per article": "Entfernte Kommentare je Artikel",
    "Share of each article's comments removed (whatever the status picked), most removed first": (
        "Anteil der entfernten Kommentare jedes Artikels (unabhängig vom gewählten Status), meiste zuerst"
    ),
    "No matching comment has votes": "Kein passender Kommentar hat Bewertungen",
    "No matching article had comments removed": "Bei keinem passenden Artikel wurden Kommentare entfernt",
    "no comments with votes": "keine bewerteten Kommentare",
    "Mean votes per comment": "Mittlere Bewertungen je Kommentar",
    "Share of comments removed": "Anteil entfernter Kommentare",
    "%{x:.0%} removed (%{text})<extra></extra>": "%{x:.0%} entfernt (%{text})<extra></extra>",
    "Every matching comment, newest articles first; click a column header to sort. Search looks in text and "
    'author: every word must occur, "quoted phrases" as written.': (
        "Jeder passende Kommentar, neueste Artikel zuerst; zum Sortieren auf eine Spaltenüberschrift klicken. "
        "Die Suche durchsucht Text und Autor: jedes Wort muss vorkommen, „Phrasen in Anführungszeichen“ wie "
        "geschrieben."
    ),
    'Search words or "a phrase"…': "Wörter oder „eine Phrase“ suchen …",
    "Comments matching the filters, the search and the status, votes and target chosen": (
        "Kommentare, die zu Filtern, Suche, Status, Bewertungen und Ziel passen"
    ),
    # Global score filters (issue 13)
    "Needs moderation ≥": "Braucht Moderation ≥",
    "Feedback ≥": "Feedback ≥",
    "Argument ≥": "Argument ≥",
    # Rankings by rate (issue 13): floor and order
    "Ranked from comments:": "Gewertet ab Kommentaren:",
    "Ranked from replies:": "Gewertet ab Antworten:",
    "By share": "Nach Anteil",
    "By count": "Nach Anzahl",
    "Where replies disagree": "Wo Antworten widersprechen",
    "Where replies disagree, by topic": "Wo Antworten widersprechen, nach Thema",
    "Which topics draw negative comments": "Welche Themen negative Kommentare anziehen",
    "What readers talk about, and in which tone. A comment with several topics counts once for each. Click a "
    "topic for its comments.": (
        "Worüber Leser sprechen, und in welchem Ton. Ein Kommentar mit mehreren Themen zählt für jedes einmal. "
        "Ein Klick auf ein Thema zeigt seine Kommentare."
    ),
    "Every article with matching comments; click a header to sort, an article for its thread, “original” for "
    "the article itself": (
        "Jeder Artikel mit passenden Kommentaren; zum Sortieren auf eine Spaltenüberschrift klicken, auf einen "
        "Artikel für seine Diskussion, auf „Original“ für den Artikel selbst"
    ),
    "Original": "Original",
    "original ↗": "Original ↗",
    "read in thread": "zur Diskussion",
    # Thread: paging, search, turns (issue 13)
    "Follow one article's discussion: each reply sits under the comment it answers. Collapse long branches, "
    "page through, search, or jump to where the tone turns. The article picker follows the global article "
    "filter; the other filters do not apply here.": (
        "Die Diskussion eines Artikels verfolgen: jede Antwort steht unter dem Kommentar, auf den sie antwortet. "
        "Lange Zweige einklappen, blättern, suchen oder zu den Stellen springen, an denen der Ton kippt. Die "
        "Artikelauswahl folgt dem globalen Artikelfilter; die anderen Filter gelten hier nicht."
    ),
    "All published comments of the article, as written, a page at a time": (
        "Alle veröffentlichten Kommentare des Artikels, wie geschrieben, seitenweise"
    ),
    "Search this thread": "In dieser Diskussion suchen",
    "Words in a comment or its author": "Wörter in einem Kommentar oder sein Autor",
    "Previous match": "Voriger Treffer",
    "Next match": "Nächster Treffer",
    "Jump to where it turns": "Zur nächsten Wende springen",
    "The next reply where the tone drops or disagreement rises": (
        "Die nächste Antwort, bei der der Ton sinkt oder der Widerspruch steigt"
    ),
    "tone drops": "Ton sinkt",
    "disagreement rises": "Widerspruch steigt",
    "tone drops, disagreement rises": "Ton sinkt, Widerspruch steigt",  # a turn of both kinds
    "Where the thread turns": "Wo die Diskussion kippt",
    "matches the search": "passt zur Suche",
    "First": "Erste",
    "Last": "Letzte",
    "Previous page": "Vorige Seite",
    "Next page": "Nächste Seite",
    "1 reply": "1 Antwort",
    "Collapse or expand the replies under this comment": "Die Antworten unter diesem Kommentar ein- oder ausklappen",
    "↳ continues from the previous page: a reply to a comment there": (
        "↳ Fortsetzung der vorigen Seite: eine Antwort auf einen Kommentar dort"
    ),
    "No reply here turns the tone down or starts a disagreement.": (
        "Keine Antwort hier senkt den Ton oder beginnt einen Widerspruch."
    ),
    "Sentiment of the comment": "Stimmung des Kommentars",
    # Pages
    "Overview": "Übersicht",
    "Articles": "Artikel",
    "Topics": "Themen",
    "Over time": "Zeitverlauf",
    "Comments": "Kommentare",
    "Thread": "Diskussion",
    "Moderation": "Moderation",
    "Label next": "Als Nächstes labeln",
    "Model quality": "Modellqualität",
    "A point's size shows how many comments it averages: the mean of a few says little.": (
        "Die Größe eines Punkts zeigt, über wie viele Kommentare er mittelt: das Mittel weniger sagt wenig."
    ),
    "Time = comment time where known, else the article's date (UTC).": (
        "Zeit = Zeit des Kommentars, wo bekannt, sonst das Datum des Artikels (UTC)."
    ),
    # Overview
    "How readers discuss the articles, at a glance. Only published comments count; the filters above apply.": (
        "Wie Leser die Artikel diskutieren, auf einen Blick. Nur veröffentlichte Kommentare zählen; "
        "die Filter oben gelten."
    ),
    "Articles with comments": "Artikel mit Kommentaren",
    "Share of replies": "Anteil Antworten",
    "Mean polarity (−1 … +1)": "Mittlere Polarität (−1 … +1)",
    "Share negative": "Anteil negativ",
    "Articles that stand out": "Auffällige Artikel",
    "Sentiment mix": "Stimmungsmix",
    "Comments per sentiment label": "Kommentare je Stimmungslabel",
    "Where the negative comments are": "Wo die negativen Kommentare sind",
    "Comments per week": "Kommentare pro Woche",
    "Do threads turn negative as they go deeper?": "Werden Diskussionen negativer, je tiefer sie gehen?",
    "No article stands out.": "Kein Artikel fällt auf.",
    "Open thread →": "Diskussion öffnen →",
    # Articles
    "Compare articles: which draw many comments, which draw angry ones.": (
        "Artikel vergleichen: welche viele Kommentare bekommen, welche wütende."
    ),
    "Mean polarity per article": "Mittlere Polarität je Artikel",
    "Volume against tone": "Menge gegen Ton",
    "Sentiment mix per article": "Stimmungsmix je Artikel",
    "Agreement and disagreement per article": "Zustimmung und Widerspruch je Artikel",
    "Every article with matching comments; click a header to sort": (
        "Jeder Artikel mit passenden Kommentaren; zum Sortieren auf eine Spaltenüberschrift klicken"
    ),
    "Replies": "Antworten",
    "Mean polarity": "Mittlere Polarität",
    "Negative": "Negativ",
    "Neutral": "Neutral",
    "Positive": "Positiv",
    # Topics
    "What readers talk about, and in which tone. A comment with several topics counts once for each.": (
        "Worüber Leser sprechen, und in welchem Ton. Ein Kommentar mit mehreren Themen zählt für jedes einmal."
    ),
    "Comments per topic": "Kommentare je Thema",
    "Most discussed first": "Meistdiskutierte zuerst",
    "Mean polarity per topic": "Mittlere Polarität je Thema",
    "Red = more negative than positive": "Rot = eher negativ als positiv",
    "Sentiment mix per topic": "Stimmungsmix je Thema",
    "Share of each sentiment label": "Anteil jedes Stimmungslabels",
    "For or against? Stance toward targets": "Dafür oder dagegen? Haltung zu Zielen",
    "Matching comments that mention a target named in the topics file (a company, country, person), by "
    "their stance toward it: favor, against, or no clear lean. Only the sentences naming the target are read. "
    "Click a bar for those comments.": (
        "Passende Kommentare, die ein Ziel aus der Themendatei nennen (ein Unternehmen, ein Land, eine "
        "Person), nach ihrer Haltung dazu: dafür, dagegen oder keine klare Richtung. Gelesen werden nur "
        "die Sätze, die das Ziel nennen. Ein Klick auf einen Balken zeigt diese Kommentare."
    ),
    "Suggested topics": "Themenvorschläge",
    "Find suggestions": "Vorschläge finden",
    "Once asked for, the list follows the filters.": "Einmal angefordert, folgt die Liste den Filtern.",
    "Term": "Begriff",
    "Kind": "Art",
    "noun, compound (KI-Sektor), name (two or three capitalised words), phrase (adjective + noun)": (
        "Substantiv, Kompositum (KI-Sektor), Name (zwei oder drei großgeschriebene Wörter), "
        "Wortgruppe (Adjektiv + Substantiv)"
    ),
    "Mentions": "Nennungen",
    "How often the term occurs, in comments and in their articles' text": (
        "Wie oft der Begriff vorkommt, in Kommentaren und im Text ihrer Artikel"
    ),
    "How many comments use the term": "Wie viele Kommentare den Begriff verwenden",
    "Example from a comment": "Beispiel aus einem Kommentar",
    # Over time
    "Granularity": "Auflösung",
    "By the range": "Nach Zeitraum",
    "Day": "Tag",
    "Week (from Monday)": "Woche (ab Montag)",
    "Month": "Monat",
    "Week": "Woche",
    "Comments by sentiment": "Kommentare nach Stimmung",
    "Replies by stance: agree, disagree, neutral": "Antworten nach Haltung: Zustimmung, Widerspruch, neutral",
    # Comments
    "Every matching comment, newest articles first. Search looks in text and author.": (
        "Jeder passende Kommentar, neueste Artikel zuerst. Die Suche durchsucht Text und Autor."
    ),
    "Search text or author…": "Text oder Autor suchen …",
    "Published comments matching the filters and search": "Veröffentlichte Kommentare, die zu Filtern und Suche passen",
    "Author": "Autor",
    "Time (UTC)": "Zeit (UTC)",
    "Polarity": "Polarität",
    "Your sentiment": "Ihre Stimmung",
    "Stance": "Haltung",
    "Your stance": "Ihre Haltung",
    "Depth": "Tiefe",
    "Feedback": "Feedback",
    "Argument": "Argument",
    "Text": "Text",
    "a label can be changed, not removed": "ein Label kann geändert, nicht entfernt werden",
    "not saved: a stance is for replies only": "nicht gespeichert: eine Haltung gibt es nur bei Antworten",
    # Thread
    "Follow one article's discussion: each reply sits under the comment it answers. The article picker "
    "follows the global article filter; the other filters do not apply here.": (
        "Die Diskussion eines Artikels verfolgen: jede Antwort steht unter dem Kommentar, auf den sie "
        "antwortet. Die Artikelauswahl folgt dem globalen Artikelfilter; die anderen Filter gelten hier nicht."
    ),
    "Choose an article": "Artikel wählen",
    "Choose an article to see its discussion.": "Einen Artikel wählen, um seine Diskussion zu sehen.",
    "Tone by reply depth": "Ton nach Antworttiefe",
    "Mean polarity of this article's comments at each depth": (
        "Mittlere Polarität der Kommentare dieses Artikels auf jeder Tiefe"
    ),
    "Reply tree": "Antwortbaum",
    "All published comments of the article, as written": "Alle veröffentlichten Kommentare des Artikels, wie geschrieben",
    "Edge colour = how the reply answers the comment above it:": (
        "Randfarbe = wie die Antwort auf den Kommentar darüber antwortet:"
    ),
    "The line under each reply says which words decided.": "Die Zeile unter jeder Antwort nennt die entscheidenden Wörter.",
    "No published comments for this article.": "Keine veröffentlichten Kommentare zu diesem Artikel.",
    "↳ reply to a comment not shown": "↳ Antwort auf einen nicht gezeigten Kommentar",
    # Labels
    "agree with parent": "stimmt dem Vorgänger zu",
    "disagree toward parent": "widerspricht dem Vorgänger",
    "neutral toward parent": "neutral zum Vorgänger",
    "Your label:": "Ihr Label:",
    "Stance to parent": "Haltung zum Vorgänger",
    "Moderation flag": "Moderationsmarkierung",
    "Feedback flag": "Feedback-Markierung",
    "not labelled": "nicht gelabelt",
    "sign in to label": "zum Labeln anmelden",
    "type your name at the top first: every label records who gave it": (
        "zuerst oben Ihren Namen eingeben: jedes Label hält fest, wer es vergeben hat"
    ),
    "Reply stance": "Haltung der Antworten",
    "Stance toward targets": "Haltung zu Zielen",
    "no engine yet": "noch keine Engine",
    # Label next
    "Comments the machine is least sure of, spread over articles: label their sentiment (and a reply's "
    "stance toward the comment it answers) with one click. A few hundred labels go far: `diskurs train … "
    "--from-store` learns from them, and every page says how well the machine agrees with you.": (
        "Kommentare, bei denen die Maschine am unsichersten ist, über Artikel verteilt: ihre Stimmung (und "
        "die Haltung einer Antwort zum Kommentar, auf den sie antwortet) mit einem Klick labeln. Ein paar "
        "hundert Labels bringen viel: `diskurs train … --from-store` lernt aus ihnen, und jede Seite sagt, "
        "wie gut die Maschine mit Ihnen übereinstimmt."
    ),
    "Next batch": "Nächster Stapel",
    "No data yet.": "Noch keine Daten.",
    "Nothing left to label.": "Nichts mehr zu labeln.",
    # Moderation
    "Comments the moderation signal flags (insults, threats, shouting …), with its reasons: confirm or "
    "dismiss each flag with one click. The filters above apply; the thresholds and the order stay in the "
    "address, to bookmark or share.": (
        "Kommentare, die das Moderationssignal markiert (Beleidigungen, Drohungen, Geschrei …), mit seinen "
        "Gründen: jede Markierung mit einem Klick bestätigen oder verwerfen. Die Filter oben gelten; "
        "Schwellen und Reihenfolge stehen in der Adresse, zum Merken oder Teilen."
    ),
    "Needs moderation from": "Braucht Moderation ab",
    "Needs moderation": "Braucht Moderation",
    "Order": "Reihenfolge",
    "Newest first": "Neueste zuerst",
    "By score": "Nach Wert",
    "Chart by": "Diagramm nach",
    "Queue": "Warteschlange",
    "Where moderation is needed": "Wo Moderation nötig ist",
    "Needing moderation over time": "Moderationsbedarf im Zeitverlauf",
    "Feedback inbox": "Feedback-Eingang",
    "Comments addressed to the newsroom (corrections, questions, tips), by article": (
        "Kommentare an die Redaktion (Korrekturen, Fragen, Hinweise), nach Artikel"
    ),
    "Feedback from": "Feedback ab",
    "No comment is above this threshold under these filters.": (
        "Kein Kommentar liegt bei diesen Filtern über dieser Schwelle."
    ),
    "No feedback above this threshold under these filters.": "Kein Feedback über dieser Schwelle bei diesen Filtern.",
    "Run `diskurs refresh` to compute moderation signals: this store was written before they existed.": (
        "`diskurs refresh` ausführen, um Moderationssignale zu berechnen: dieser Speicher wurde geschrieben, "
        "bevor es sie gab."
    ),
    "no reason recorded": "kein Grund festgehalten",
    "Share needing moderation": "Anteil mit Moderationsbedarf",
    "No moderation signals yet — run `diskurs refresh`": "Noch keine Moderationssignale — `diskurs refresh` ausführen",
    # Model quality
    "How far to trust the sentiment and stance labels: which engine scored the data shown, and how each "
    "engine did on texts people labelled by hand. The filters above do not apply here.": (
        "Wie weit man den Stimmungs- und Haltungslabels trauen kann: welche Engine die gezeigten Daten "
        "bewertet hat und wie jede Engine bei Texten abschnitt, die Menschen von Hand gelabelt haben. Die "
        "Filter oben gelten hier nicht."
    ),
    "Engine behind the current data": "Engine hinter den aktuellen Daten",
    "Evaluation figures": "Evaluationszahlen",
    "Each engine on each data set labelled by people": "Jede Engine auf jedem von Menschen gelabelten Datensatz",
    "Macro-F1 per engine and data set": "Makro-F1 je Engine und Datensatz",
    "Higher is better; the dotted line is what guessing among three labels gets": (
        "Höher ist besser; die gepunktete Linie erreicht Raten zwischen drei Labels"
    ),
    "How to read these numbers": "Wie diese Zahlen zu lesen sind",
    "In plain words": "In einfachen Worten",
    "Finished (UTC)": "Beendet (UTC)",
    "Command": "Befehl",
    "Status": "Status",
    "Sentiment engine": "Stimmungs-Engine",
    "Comments loaded": "Geladene Kommentare",
    "Newly scored": "Neu bewertet",
    "Error": "Fehler",
    "Run": "Lauf",
    "Task": "Aufgabe",
    "Data set": "Datensatz",
    "Engine": "Engine",
    "Accuracy": "Genauigkeit",
    "Macro-F1": "Makro-F1",
    "Texts": "Texte",
    "± range": "± Spanne",
    "How far to trust it": "Wie weit man ihm trauen kann",
    "Flags: moderation, feedback, argument": "Markierungen: Moderation, Feedback, Argument",
    "How much of what people marked each engine finds, and how often its flag is right, at the threshold shown; "
    "ROC AUC: how well its score ranks marked comments first (0.5 is chance)": (
        "Wie viel von dem, was Menschen markiert haben, jede Engine findet und wie oft ihre Markierung stimmt, ab "
        "der genannten Schwelle; ROC AUC: wie gut ihr Wert markierte Kommentare nach vorn reiht (0,5 ist Zufall)"
    ),
    "Finds (recall)": "Findet (Recall)",
    "Right when it flags (precision)": "Richtig, wenn sie markiert (Präzision)",
    "F1": "F1",
    "ROC AUC": "ROC AUC",
    "Marked by people": "Von Menschen markiert",
    "Threshold": "Schwelle",
    "Which data": "Welche Daten",
    "at an unknown time": "zu unbekannter Zeit",
    "an unknown time": "unbekannter Zeit",
    "No evaluation figures yet": "Noch keine Evaluationszahlen",
    "Macro-F1 (1 = perfect)": "Makro-F1 (1 = perfekt)",
    "the share of texts the engine labelled as people did. It flatters an engine when one label dominates: "
    "if 70% of texts are neutral, always answering “neutral” already scores 70%.": (
        "der Anteil der Texte, die die Engine so gelabelt hat wie Menschen. Er schmeichelt einer Engine, "
        "wenn ein Label überwiegt: sind 70 % der Texte neutral, erreicht immer „neutral“ schon 70 %."
    ),
    "the F1 score (a balance of “finds the label when it is there” and “is right when it says so”) of each "
    "label, averaged with equal weight. An engine that never finds the rare “negative” comments scores low "
    "even if most texts are neutral. 1.0 is perfect; with three labels, guessing gets about 0.33.": (
        "der F1-Wert (eine Balance aus „findet das Label, wenn es da ist“ und „liegt richtig, wenn es das "
        "sagt“) jedes Labels, mit gleichem Gewicht gemittelt. Eine Engine, die die seltenen „negativen“ "
        "Kommentare nie findet, schneidet schlecht ab, auch wenn die meisten Texte neutral sind. 1,0 ist "
        "perfekt; bei drei Labels erreicht Raten etwa 0,33."
    ),
    "how much the accuracy could move on another sample of the same size (95% range). Few labelled texts "
    "mean a wide range.": (
        "wie weit sich die Genauigkeit auf einer anderen Stichprobe derselben Größe bewegen könnte "
        "(95-%-Spanne). Wenige gelabelte Texte bedeuten eine weite Spanne."
    ),
    "each benchmark is other people's texts labelled by other people. On our comments the engine can do "
    "better or worse: trust a figure more the closer its data set is to news comments, and compare engines "
    "on the same data set rather than across.": (
        "jeder Benchmark sind Texte anderer, von anderen gelabelt. Auf unseren Kommentaren kann die Engine "
        "besser oder schlechter sein: einer Zahl umso mehr trauen, je näher ihr Datensatz an "
        "Nachrichtenkommentaren ist, und Engines auf demselben Datensatz vergleichen, nicht über Datensätze "
        "hinweg."
    ),
    "Number of texts unknown: cannot say how precise this is.": (
        "Zahl der Texte unbekannt: wie genau das ist, lässt sich nicht sagen."
    ),
    "Newspaper comments (derStandard, Austria): the closest to our data.": (
        "Zeitungskommentare (derStandard, Österreich): am nächsten an unseren Daten."
    ),
    "Tweets: shorter and more casual than comments; expect a different figure on ours.": (
        "Tweets: kürzer und lockerer als Kommentare; auf unseren ist eine andere Zahl zu erwarten."
    ),
    "Customer feedback on Deutsche Bahn: another kind of text; a rough guide only.": (
        "Kundenfeedback zur Deutschen Bahn: eine andere Textsorte; nur ein grober Anhaltspunkt."
    ),
    "Swiss candidates answering political questions: stance toward a question, not a reply to another reader.": (
        "Schweizer Kandidierende beantworten politische Fragen: Haltung zu einer Frage, keine Antwort auf "
        "einen anderen Leser."
    ),
    "How close this data set is to news comments is not known.": (
        "Wie nah dieser Datensatz an Nachrichtenkommentaren ist, ist nicht bekannt."
    ),
    "Trained on other parts of this same data set: expect less on comments unlike it.": (
        "Auf anderen Teilen desselben Datensatzes trainiert: bei Kommentaren, die ihm nicht ähneln, weniger erwarten."
    ),
    # Figures
    "No data yet — run `diskurs run`": "Noch keine Daten — `diskurs run` ausführen",
    "No data yet — run `diskurs run`.": "Noch keine Daten — `diskurs run` ausführen.",
    "No comments match these filters": "Keine Kommentare passen zu diesen Filtern",
    "No replies match these filters (only replies have a stance)": (
        "Keine Antworten passen zu diesen Filtern (nur Antworten haben eine Haltung)"
    ),
    'No matching comment mentions a target of the topics file ([targets."Name"] tables)': (
        'Kein passender Kommentar nennt ein Ziel der Themendatei (Tabellen [targets."Name"])'
    ),
    "Negative comments": "Negative Kommentare",
    "Reply depth (0 = top level)": "Antworttiefe (0 = oberste Ebene)",
    "Reply depth (0 = top level; n = comments)": "Antworttiefe (0 = oberste Ebene; n = Kommentare)",
    "Comments mentioning the target": "Kommentare, die das Ziel nennen",
    "Share of comments": "Anteil der Kommentare",
    "Share of comments that are negative": "Anteil negativer Kommentare",
    "share negative": "Anteil negativ",
    "mean polarity": "mittlere Polarität",
    "Date": "Datum",
    "Period": "Zeitraum",
    "%{x}: %{y} comments (%{customdata:.0%})<extra></extra>": "%{x}: %{y} Kommentare (%{customdata:.0%})<extra></extra>",
    "%{customdata[0]}<br>%{x} negative of %{customdata[1]} comments<extra></extra>": (
        "%{customdata[0]}<br>%{x} negative von %{customdata[1]} Kommentaren<extra></extra>"
    ),
    "%{x}: %{y:+.2f} (%{customdata} comments)<extra></extra>": "%{x}: %{y:+.2f} (%{customdata} Kommentare)<extra></extra>",
    "%{customdata[0]}<br>mean polarity %{x:+.2f} over %{customdata[1]} comments<extra></extra>": (
        "%{customdata[0]}<br>mittlere Polarität %{x:+.2f} über %{customdata[1]} Kommentare<extra></extra>"
    ),
    "%{customdata[0]}<br>%{x} comments, %{customdata[1]} replies<br>mean polarity %{y:+.2f}<extra></extra>": (
        "%{customdata[0]}<br>%{x} Kommentare, %{customdata[1]} Antworten<br>mittlere Polarität %{y:+.2f}<extra></extra>"
    ),
    "%{y}: %{x} comments in %{customdata} articles<extra></extra>": (
        "%{y}: %{x} Kommentare in %{customdata} Artikeln<extra></extra>"
    ),
    "depth %{x}: %{y:.0%} negative (%{customdata[0]} of %{customdata[1]} comments)<extra></extra>": (
        "Tiefe %{x}: %{y:.0%} negativ (%{customdata[0]} von %{customdata[1]} Kommentaren)<extra></extra>"
    ),
    "depth %{x}: mean polarity %{y:+.2f} over %{customdata} comments<extra></extra>": (
        "Tiefe %{x}: mittlere Polarität %{y:+.2f} über %{customdata} Kommentare<extra></extra>"
    ),
    "%{fullData.name}<br>%{x}: macro-F1 %{y:.2f}<extra></extra>": "%{fullData.name}<br>%{x}: Makro-F1 %{y:.2f}<extra></extra>",
    "%{x:.0%} need moderation (%{text})<extra></extra>": "%{x:.0%} brauchen Moderation (%{text})<extra></extra>",
    "%{x}: %{y:.0%} (%{customdata[0]:,} of %{customdata[1]:,})<extra></extra>": (
        "%{x}: %{y:.0%} (%{customdata[0]:,} von %{customdata[1]:,})<extra></extra>"
    ),
}

TEMPLATES = {
    "No evaluation figures yet — run `diskurs evaluate sentiment --dataset …` (and `… stance …`) and collect "
    "the results in {path}.": (
        "Noch keine Evaluationszahlen — `diskurs evaluate sentiment --dataset …` (und `… stance …`) ausführen "
        "und die Ergebnisse in {path} sammeln."
    ),
    '{path} has no "results" list of {fields} entries.': '{path} hat keine Liste "results" mit Einträgen {fields}.',
    "No match has {n:number} {unit:word} or more: lower the minimum to see smaller ones": (
        "Keiner hat {n:number} {unit:word} oder mehr: das Minimum senken, um kleinere zu sehen"
    ),
    "Top {n:number} articles by their share of negative comments (whisker: the 95% Wilson interval, wide for "
    "few comments), or by their number; only articles of at least the minimum of matching comments count. "
    "Click a bar for its thread.": (
        "Top {n:number} Artikel nach ihrem Anteil negativer Kommentare (Fehlerbalken: das 95-%-Wilson-Intervall, "
        "breit bei wenigen Kommentaren) oder nach ihrer Zahl; nur Artikel mit mindestens dem Minimum passender "
        "Kommentare zählen. Ein Klick auf einen Balken öffnet seine Diskussion."
    ),
    "Weeks start on Monday; click a week for its comments. {note:word}": (
        "Wochen beginnen am Montag; ein Klick auf eine Woche zeigt ihre Kommentare. {note:word}"
    ),
    "The {n:number} articles with the largest share of replies disagreeing with the comment they answer "
    "(whisker: the 95% Wilson interval), or with the most; only articles of at least the minimum of matching "
    "replies count.": (
        "Die {n:number} Artikel mit dem größten Anteil an Antworten, die dem beantworteten Kommentar "
        "widersprechen (Fehlerbalken: das 95-%-Wilson-Intervall), oder mit den meisten; nur Artikel mit "
        "mindestens dem Minimum passender Antworten zählen."
    ),
    "Up to {n:number} topics by their share of negative comments (whisker: the 95% Wilson interval), or by "
    "their number; only topics of at least the minimum of matching comments (above) count.": (
        "Bis zu {n:number} Themen nach ihrem Anteil negativer Kommentare (Fehlerbalken: das 95-%-Wilson-Intervall) "
        "oder nach ihrer Zahl; nur Themen mit mindestens dem Minimum passender Kommentare (oben) zählen."
    ),
    "Up to {n:number} topics by their share of replies disagreeing with the comment they answer (whisker: the "
    "95% Wilson interval), or by their number; only topics of at least the minimum of matching replies (above) "
    "count.": (
        "Bis zu {n:number} Themen nach ihrem Anteil an Antworten, die dem beantworteten Kommentar widersprechen "
        "(Fehlerbalken: das 95-%-Wilson-Intervall), oder nach ihrer Zahl; nur Themen mit mindestens dem Minimum "
        "passender Antworten (oben) zählen."
    ),
    "Share {what:word} (whisker: 95% Wilson interval)": "Anteil {what:word} (Fehlerbalken: 95-%-Wilson-Intervall)",
    "Negative {unit:word}": "Negative {unit:word}",
    "Disagreeing {unit:word}": "Widersprechende {unit:word}",
    "%{customdata[0]}<br>%{customdata[1]} {what:word} of %{customdata[2]} {unit:word}: %{customdata[3]:.0%} "
    "(95% interval %{customdata[4]:.0%} – %{customdata[5]:.0%})<extra></extra>": (
        "%{customdata[0]}<br>%{customdata[1]} {what:word} von %{customdata[2]} {unit:word}: %{customdata[3]:.0%} "
        "(95-%-Intervall %{customdata[4]:.0%} – %{customdata[5]:.0%})<extra></extra>"
    ),
    "%{x}: %{y:+.2f} (%{customdata[0]} comments)<extra></extra>": (
        "%{x}: %{y:+.2f} (%{customdata[0]} Kommentare)<extra></extra>"
    ),
    "%{y}: %{x} comments in %{customdata[0]} articles<extra></extra>": (
        "%{y}: %{x} Kommentare in %{customdata[0]} Artikeln<extra></extra>"
    ),
    "%{y}: %{x:.0%} {label:word} (%{customdata[0]} {unit:word})<extra></extra>": (
        "%{y}: %{x:.0%} {label:word} (%{customdata[0]} {unit:word})<extra></extra>"
    ),
    "%{x}: %{y:.1f} {name:word} per comment<br>%{customdata}<extra></extra>": (
        "%{x}: %{y:.1f} {name:word} je Kommentar<br>%{customdata}<extra></extra>"
    ),
    "{n:number} replies": "{n:number} Antworten",
    "▸ Show {replies:word}": "▸ {replies:word} zeigen",
    "▾ Hide {replies:word}": "▾ {replies:word} verbergen",
    "▸ Show {replies:word} ({k:number} direct)": "▸ {replies:word} zeigen ({k:number} direkt)",
    "▾ Hide {replies:word} ({k:number} direct)": "▾ {replies:word} verbergen ({k:number} direkt)",
    "{n:number} comments in {b:number} branches, replies up to depth {d:number}.": (
        "{n:number} Kommentare in {b:number} Zweigen, Antworten bis Tiefe {d:number}."
    ),
    "{n:number} comments in {b:number} branch, replies up to depth {d:number}.": (
        "{n:number} Kommentare in {b:number} Zweig, Antworten bis Tiefe {d:number}."
    ),
    "{n:number} comment in {b:number} branch, replies up to depth {d:number}.": (
        "{n:number} Kommentar in {b:number} Zweig, Antworten bis Tiefe {d:number}."
    ),
    "Page {p:number} of {ps:number}: comments {a:number}–{b:number} of {n:number} shown.": (
        "Seite {p:number} von {ps:number}: Kommentare {a:number}–{b:number} von {n:number} gezeigt."
    ),
    "Page {p:number} of {ps:number}: comments {a:number}–{b:number} of {n:number} shown, {h:number} in "
    "collapsed replies.": (
        "Seite {p:number} von {ps:number}: Kommentare {a:number}–{b:number} von {n:number} gezeigt, {h:number} "
        "in eingeklappten Antworten."
    ),
    "No comment matches “{q}”.": "Kein Kommentar passt zu „{q}“.",
    "Match {i:number} of {n:number} for “{q}”.": "Treffer {i:number} von {n:number} für „{q}“.",
    "{n:number} comments match “{q}”.": "{n:number} Kommentare passen zu „{q}“.",
    "{n:number} comment match “{q}”.": "{n:number} Kommentar passt zu „{q}“.",
    "{n:number} comment matches “{q}”.": "{n:number} Kommentar passt zu „{q}“.",
    "{n:number} comment matches": "{n:number} Kommentar passt",
    "Turn {i:number} of {n:number}.": "Wende {i:number} von {n:number}.",
    "{n:number} places where it turns.": "{n:number} Stellen, an denen sie kippt.",
    "{n:number} place where it turns.": "{n:number} Stelle, an der sie kippt.",
    "No article with the id “{id}” in this store: the link may be old or mistyped. Choose an article above.": (
        "Kein Artikel mit der Kennung „{id}“ in diesem Speicher: der Link ist vielleicht alt oder vertippt. "
        "Oben einen Artikel wählen."
    ),
    "{value} (not in this store)": "{value} (nicht in diesem Speicher)",
    "This store has no article {which}: nothing matches it. Remove it from the filters above.": (
        "Dieser Speicher hat keinen Artikel {which}: nichts passt dazu. Oben aus den Filtern entfernen."
    ),
    "This store has no topic {which}: nothing matches it. Remove it from the filters above.": (
        "Dieser Speicher hat kein Thema {which}: nichts passt dazu. Oben aus den Filtern entfernen."
    ),
    "This store has no article {a} and no topic {b}: nothing matches it. Remove it from the filters above.": (
        "Dieser Speicher hat keinen Artikel {a} und kein Thema {b}: nichts passt dazu. Oben aus den Filtern entfernen."
    ),
    "{status:word} ({n:number})": "{status:word} ({n:number})",
    "{n:number} comments with votes; {share:number} of their votes down": (
        "{n:number} bewertete Kommentare; {share:number} ihrer Bewertungen Ablehnungen"
    ),
    "{n:number} comment with votes; {share:number} of their votes down": (
        "{n:number} bewerteter Kommentar; {share:number} seiner Bewertungen Ablehnungen"
    ),
    # Numbers in lines
    "{n:number} comments match": "{n:number} Kommentare passen",
    "{n:number} comment match": "{n:number} Kommentar passt",
    "{n:number} comments.": "{n:number} Kommentare.",
    "{n:number} comments": "{n:number} Kommentare",
    "{n:number} comment": "{n:number} Kommentar",
    "Showing the first {shown:number} of {n:number} comments; the CSV has all.": (
        "Die ersten {shown:number} von {n:number} Kommentaren; die CSV enthält alle."
    ),
    "{n:number} comments above the threshold.": "{n:number} Kommentare über der Schwelle.",
    "{n:number} comment above the threshold.": "{n:number} Kommentar über der Schwelle.",
    "{n:number} comments above the threshold; showing the first {shown:number}.": (
        "{n:number} Kommentare über der Schwelle; gezeigt die ersten {shown:number}."
    ),
    "{n:number} comments of feedback for the newsroom.": "{n:number} Feedback-Kommentare an die Redaktion.",
    "{n:number} comment of feedback for the newsroom.": "{n:number} Feedback-Kommentar an die Redaktion.",
    "{n:number} comments of feedback for the newsroom; showing the first {shown:number}.": (
        "{n:number} Feedback-Kommentare an die Redaktion; gezeigt die ersten {shown:number}."
    ),
    "{n:number} comments from {k:number} articles; {done:number} labelled so far.": (
        "{n:number} Kommentare aus {k:number} Artikeln; bisher {done:number} gelabelt."
    ),
    "{k:number} of {n:number}": "{k:number} von {n:number}",
    "{title} ({n:number})": "{title} ({n:number})",
    " (search cut to its first {n:number} characters)": " (Suche auf die ersten {n:number} Zeichen gekürzt)",
    "{text:word} (search cut to its first {n:number} characters)": "{text:word} (Suche auf die ersten {n:number} Zeichen gekürzt)",
    "no comment in this store names the target “{target:text}”": "kein Kommentar in diesem Speicher nennt das Ziel „{target:text}“",
    # Cards and comments
    "score {x:number}": "Wert {x:number}",
    "polarity {x:number}": "Polarität {x:number}",
    "depth {x:number}": "Tiefe {x:number}",
    "reply, depth {x:number}": "Antwort, Tiefe {x:number}",
    "Why {stance:word}: {evidence:evidence}": "Warum {stance:word}: {evidence:evidence}",
    "Why: {reasons:reasons}": "Warum: {reasons:reasons}",
    "label by {engine}": "Label von {engine}",
    "polarity by {engine}": "Polarität von {engine}",
    "Stance toward {target:text}: no clear lean": "Haltung zu {target:text}: keine klare Richtung",
    "Stance toward {target:text}: {stance:word}": "Haltung zu {target:text}: {stance:word}",
    "Stance toward {target:text}: {stance:word} (words: {words:text})": (
        "Haltung zu {target:text}: {stance:word} (Wörter: {words:text})"
    ),
    "{label:word} (by {who})": "{label:word} (von {who})",
    "not saved: {why:word}": "nicht gespeichert: {why:word}",
    "saved: {task:word} {value:word} (by {who})": "gespeichert: {task:word} {value:word} (von {who})",
    "{who} may read but not label: labels need the editor role": (
        "{who} darf lesen, aber nicht labeln: Labels brauchen die Rolle Editor"
    ),
    "Label this comment's {task:word} {value:word}": "{task:word} dieses Kommentars: {value:word}",
    "Article: {title}": "Artikel: {title}",
    "Answers: {text}": "Antwortet auf: {text}",
    " — {line:word}": " — {line:word}",
    "{signal:word} {share:number} of {n:number} (usual {usual:number}, z {z:number})": (
        "{signal:word} {share:number} von {n:number} (üblich {usual:number}, z {z:number})"
    ),
    # Page texts with numbers
    "Top {n:number} articles by number of negative comments": "Top {n:number} Artikel nach Zahl negativer Kommentare",
    "Weeks start on Monday. {note:word}": "Wochen beginnen am Montag. {note:word}",
    "When readers comment, and how the tone moves. {note:word}": (
        "Wann Leser kommentieren und wie sich der Ton bewegt. {note:word}"
    ),
    "Replies only (top-level comments answer no one), by how they answer the comment above them; hover "
    "for the shares. {note:word}": (
        "Nur Antworten (Kommentare der obersten Ebene antworten niemandem), danach, wie sie auf den "
        "Kommentar darüber antworten; Anteile beim Darüberfahren. {note:word}"
    ),
    "Share of comments at or above the threshold; a point's size shows how many comments it counts: the share "
    "of a few says little. {note:word}": (
        "Anteil der Kommentare an oder über der Schwelle; die Größe eines Punkts zeigt, wie viele Kommentare er "
        "zählt: der Anteil weniger sagt wenig. {note:word}"
    ),
    "Every matching comment by how deep in a thread it sits: 0 = top-level comment, 1 = a reply to it, and "
    "so on; {d:number}+ = {d2:number} or more replies deep. n = comments at that depth: a bar over few "
    "comments says little.": (
        "Jeder passende Kommentar danach, wie tief er in einer Diskussion steht: 0 = Kommentar der obersten "
        "Ebene, 1 = eine Antwort darauf und so weiter; {d:number}+ = {d2:number} oder mehr Antworten tief. "
        "n = Kommentare auf dieser Tiefe: ein Balken über wenigen Kommentaren sagt wenig."
    ),
    "Articles whose comments of the last 24 hours (before the newest comment) read negative, disagree or "
    "need moderation far more often than the rest of the store (z ≥ {z:number} and an exact binomial test "
    "agreeing, at least {n:number} comments): what `diskurs alerts` lists. The filters above do not apply.": (
        "Artikel, deren Kommentare der letzten 24 Stunden (vor dem neuesten Kommentar) weit öfter negativ "
        "sind, widersprechen oder Moderation brauchen als der Rest des Speichers (z ≥ {z:number} und ein "
        "exakter Binomialtest stimmt zu, mindestens {n:number} Kommentare): was `diskurs alerts` auflistet. "
        "Die Filter oben gelten nicht."
    ),
    "The {n:number} most commented articles; red = more negative than positive": (
        "Die {n:number} meistkommentierten Artikel; rot = eher negativ als positiv"
    ),
    "The {n:number} most commented articles; bubble size = number of replies": (
        "Die {n:number} meistkommentierten Artikel; Blasengröße = Zahl der Antworten"
    ),
    "The {n:number} most commented articles; share of each sentiment label": (
        "Die {n:number} meistkommentierten Artikel; Anteil jedes Stimmungslabels"
    ),
    "The {n:number} articles with the most replies; share of replies that agree with, disagree with, or are "
    "neutral toward the comment they answer; in brackets: number of replies": (
        "Die {n:number} Artikel mit den meisten Antworten; Anteil der Antworten, die dem Kommentar, auf den "
        "sie antworten, zustimmen, widersprechen oder neutral sind; in Klammern: Zahl der Antworten"
    ),
    "Terms of the newest {n:number} matching comments (and their articles' text) that no topic in the "
    "topics file covers yet: candidates to add to it. First the terms that set some discussions apart "
    "from the others, not merely the most frequent.": (
        "Begriffe der neuesten {n:number} passenden Kommentare (und des Texts ihrer Artikel), die noch kein "
        "Thema der Themendatei abdeckt: Kandidaten für die Datei. Zuerst die Begriffe, die einzelne "
        "Diskussionen von den anderen abheben, nicht bloß die häufigsten."
    ),
    "Comments at or above the threshold (the first {n:number}); the thread is one click away": (
        "Kommentare an oder über der Schwelle (die ersten {n:number}); die Diskussion ist einen Klick entfernt"
    ),
    "Top {n:number} articles (of {k:number} comments or more) by comments needing moderation; the bar is their share": (
        "Top {n:number} Artikel (mit {k:number} oder mehr Kommentaren) nach Kommentaren mit "
        "Moderationsbedarf; der Balken ist ihr Anteil"
    ),
    "The last {n:number} runs of the ETL and the engine each used": (
        "Die letzten {n:number} Läufe des ETL und die Engine, die jeder nutzte"
    ),
    "From {path}, generated {when}.": "Aus {path}, erzeugt {when}.",
    "From {path}, generated at an unknown time.": "Aus {path}, erzeugt zu unbekannter Zeit.",
    "Cannot read {path}: {error}": "{path} ist nicht lesbar: {error}",
    # Status and engines
    "Data refreshed {when:date}": "Daten aktualisiert {when:date}",
    "sentiment engine {engine}": "Stimmungs-Engine {engine}",
    "last {command:word} ok at {when:date}": "letzter {command:word} ok um {when:date}",
    "last {command:word} failed at {when:date}: {error}": "letzter {command:word} fehlgeschlagen um {when:date}: {error}",
    "Last {command:word} failed at {when:date}: {error}": "Letzter {command:word} fehlgeschlagen um {when:date}: {error}",
    "Store cannot be read: {error}": "Speicher nicht lesbar: {error}",
    "The sentiment of the published comment was scored by {engine}.": (
        "Die Stimmung des veröffentlichten Kommentars hat {engine} bewertet."
    ),
    "The sentiment of all {n:number} published comments was scored by {engine}.": (
        "Die Stimmung aller {n:number} veröffentlichten Kommentare hat {engine} bewertet."
    ),
    "The sentiment of the {n:number} published comments was scored by more than one engine ({parts}): a "
    "comment keeps the score of the run that first scored it.": (
        "Die Stimmung der {n:number} veröffentlichten Kommentare haben mehrere Engines bewertet ({parts}): "
        "ein Kommentar behält die Bewertung des Laufs, der ihn zuerst bewertet hat."
    ),
    "{word:word} by {engine}: agrees with your editors on {share:number} of {n:number} labelled {things:word}": (
        "{word:word} von {engine}: stimmt mit Ihrer Redaktion bei {share:number} der {n:number} gelabelten "
        "{things:word} überein"
    ),
    "{word:word} by {engine}: agrees with your editors on {share:number} of {n:number} labelled {things:word}; "
    "always answering “{label:word}” would agree on {base:number}": (
        "{word:word} von {engine}: stimmt mit Ihrer Redaktion bei {share:number} der {n:number} gelabelten "
        "{things:word} überein; immer „{label:word}“ zu antworten träfe bei {base:number} zu"
    ),
    "{word:word} by {engine}: not measured against people yet": "{word:word} von {engine}: noch nicht an Menschen gemessen",
    "{word:word} by {engine}: right on {share:number} of {n:number} {things:word} people labelled in "
    "{dataset} (macro-F1 {f1:number})": (
        "{word:word} von {engine}: richtig bei {share:number} der {n:number} {things:word}, die Menschen in "
        "{dataset} gelabelt haben (Makro-F1 {f1:number})"
    ),
    "{word:word} by {engine}: right on {share:number} of {n:number} {things:word} people labelled in "
    "{dataset} (macro-F1 {f1:number}) (your editors: {own:number} labelled, {need:number} needed)": (
        "{word:word} von {engine}: richtig bei {share:number} der {n:number} {things:word}, die Menschen in "
        "{dataset} gelabelt haben (Makro-F1 {f1:number}) (Ihre Redaktion: {own:number} gelabelt, "
        "{need:number} nötig)"
    ),
    "{word:word} by {engine}: right on {share:number} of {n:number} {things:word} people labelled in "
    "{dataset} (macro-F1 {f1:number}); always answering “{label:word}” would be right on {base:number} "
    "(macro-F1 {base_f1:number})": (
        "{word:word} von {engine}: richtig bei {share:number} der {n:number} {things:word}, die Menschen in "
        "{dataset} gelabelt haben (Makro-F1 {f1:number}); immer „{label:word}“ zu antworten wäre bei "
        "{base:number} richtig (Makro-F1 {base_f1:number})"
    ),
    "{word:word} by {engine}: right on {share:number} of {n:number} {things:word} people labelled in "
    "{dataset} (macro-F1 {f1:number}) (your editors: {own:number} labelled, {need:number} needed); always "
    "answering “{label:word}” would be right on {base:number} (macro-F1 {base_f1:number})": (
        "{word:word} von {engine}: richtig bei {share:number} der {n:number} {things:word}, die Menschen in "
        "{dataset} gelabelt haben (Makro-F1 {f1:number}) (Ihre Redaktion: {own:number} gelabelt, "
        "{need:number} nötig); immer „{label:word}“ zu antworten wäre bei {base:number} richtig "
        "(Makro-F1 {base_f1:number})"
    ),
    "{word:word} by {engine}: your editors confirmed {share:number} of {n:number} flags they judged": (
        "{word:word} von {engine}: Ihre Redaktion hat {share:number} von {n:number} geprüften Markierungen bestätigt"
    ),
    "{word:word} by {engine}: not measured against people yet (your editors: {own:number} judged, {need:number} "
    "needed)": (
        "{word:word} von {engine}: noch nicht an Menschen gemessen (Ihre Redaktion: {own:number} geprüft, "
        "{need:number} nötig)"
    ),
    "{word:word} by {engine}: finds {recall:number} of the {n:number} comments people marked in {dataset}; "
    "{precision:number} of its flags are right (threshold {threshold:number})": (
        "{word:word} von {engine}: findet {recall:number} der {n:number} Kommentare, die Menschen in {dataset} "
        "markiert haben; {precision:number} seiner Markierungen stimmen (Schwelle {threshold:number})"
    ),
    "{word:word} by {engine}: finds {recall:number} of the {n:number} comments people marked in {dataset}; "
    "{precision:number} of its flags are right (threshold {threshold:number}) (your editors: {own:number} judged, "
    "{need:number} needed)": (
        "{word:word} von {engine}: findet {recall:number} der {n:number} Kommentare, die Menschen in {dataset} "
        "markiert haben; {precision:number} seiner Markierungen stimmen (Schwelle {threshold:number}) "
        "(Ihre Redaktion: {own:number} geprüft, {need:number} nötig)"
    ),
    # Model quality: how far to trust a figure
    "Only {n:number} texts: could be off by {m:number} or more.": (
        "Nur {n:number} Texte: kann um {m:number} oder mehr danebenliegen."
    ),
    "{n:number} texts: accuracy within about {m:number}.": "{n:number} Texte: Genauigkeit auf etwa {m:number} genau.",
    "Weakest on “{label:word}” (F1 {f1:number}).": "Am schwächsten bei „{label:word}“ (F1 {f1:number}).",
    "Always answering “{label:word}” would be right on {share:number} (macro-F1 {f1:number}).": (
        "Immer „{label:word}“ zu antworten wäre bei {share:number} richtig (Makro-F1 {f1:number})."
    ),
    "Always answering “{label:word}” would be right more often: {share:number} (macro-F1 {f1:number}).": (
        "Immer „{label:word}“ zu antworten wäre öfter richtig: bei {share:number} (Makro-F1 {f1:number})."
    ),
    # Figures
    "Share of {unit:word}": "Anteil der {unit:word}",
    "%{x}: %{y} {label:word}<extra></extra>": "%{x}: %{y} {label:word}<extra></extra>",
    "%{y}: %{x:.0%} {label:word} (%{customdata} {unit:word})<extra></extra>": (
        "%{y}: %{x:.0%} {label:word} (%{customdata} {unit:word})<extra></extra>"
    ),
    "%{x}: %{y} {label:word} (%{customdata[0]:.0%} of %{customdata[1]} replies)<extra></extra>": (
        "%{x}: %{y} {label:word} (%{customdata[0]:.0%} von %{customdata[1]} Antworten)<extra></extra>"
    ),
    "%{y}: %{x} {label:word} of %{customdata} comments<extra></extra>": (
        "%{y}: %{x} {label:word} von %{customdata} Kommentaren<extra></extra>"
    ),
    "{label}<br><span style='color:#6b7177'>n={n:number}</span>": (
        "{label}<br><span style='color:#6b7177'>n={n:number}</span>"
    ),
}

# The ETL's words for why a comment was flagged and why a reply got its stance
# (dashboard.i18n_reasons): the signals' rule families, the reply cues' families and notes.
REASONS = {
    # needs_moderation
    "abusive phrase": "beleidigende Wendung",
    "dehumanising term": "entmenschlichender Begriff",
    "insult": "Beleidigung",
    "insult aimed at a person": "Beleidigung gegen eine Person",
    "repeated punctuation": "gehäufte Satzzeichen",
    "shouting": "Geschrei (Großbuchstaben)",
    "threat": "Drohung",
    "vulgar word": "vulgäres Wort",
    # feedback
    "addresses the author": "spricht den Autor an",
    "addresses the newsroom": "spricht die Redaktion an",
    "asks for the source": "fragt nach der Quelle",
    "error report": "Fehlermeldung",
    "mentions the article or the newsroom": "erwähnt den Artikel oder die Redaktion",
    "remark on the journalism": "Anmerkung zum Journalismus",
    "remark on the moderation": "Anmerkung zur Moderation",
    "remark on the site": "Anmerkung zur Website",
    "request of the newsroom": "Bitte an die Redaktion",
    # argument
    "conclusion": "Schlussfolgerung",
    "condition": "Bedingung",
    "contrast or concession": "Gegensatz oder Einräumung",
    "evidence": "Beleg",
    "example": "Beispiel",
    "long text (60 words or more)": "langer Text (60 Wörter oder mehr)",
    "number with a unit": "Zahl mit Einheit",
    "reason": "Begründung",
    # reply stance: cue families, hints and notes
    "adds to the point": "ergänzt den Punkt",
    "agreement": "Zustimmung",
    "answer word": "Ja/Nein-Antwort",
    "appreciation": "Wertschätzung",
    "contests the parent's point": "bestreitet den Punkt des Vorgängers",
    "correction": "Korrektur",
    "disagreement": "Widerspruch",
    "laughs along": "lacht mit",
    "negated agreement": "verneinte Zustimmung",
    "praise": "Lob",
    "question back": "Gegenfrage",
    "rebuttal marker": "Widerlegung",
    "thanks": "Dank",
    "yes-but": "Ja-aber",
    "negation": "Verneinung",
    "contrast": "Gegensatz",
    "question": "Frage",
    "quotes the parent, then rebuts": "zitiert den Vorgänger und widerspricht",
    "{family}, weak": "{family}, schwach",
    "negated {family}": "{family}, verneint",
    "no stance cue": "kein Hinweis auf eine Haltung",
    "no agree cue": "kein Hinweis auf Zustimmung",
    "no disagree cue": "kein Hinweis auf Widerspruch",
    "polarity reply {reply} vs parent {parent}": "Polarität der Antwort {reply}, des Vorgängers {parent}",
    "opposite leans": "entgegengesetzt",
    "same lean": "gleiche Richtung",
    " vs ": " gegen ",
}

# What the app writes where data is missing, inside elements that otherwise hold data as written.
STAND_INS = ("anonymous", "time unknown")
# The app's own words as the text of a Markdown link in a grid cell (other links' text is data).
LINK_LABELS = ("original ↗", "read in thread")

# Texts the components bring themselves (Dash's dropdown, the date picker, AG Grid), in German.
AG_GRID = {
    "page": "Seite",
    "more": "mehr",
    "to": "bis",
    "of": "von",
    "next": "Nächste",
    "last": "Letzte",
    "first": "Erste",
    "previous": "Vorherige",
    "loadingOoo": "Lädt …",
    "loadingError": "Fehler",
    "noRowsToShow": "Keine Zeilen",
    "pageSizeSelectorLabel": "Zeilen pro Seite:",
    "firstPage": "Erste Seite",
    "lastPage": "Letzte Seite",
    "nextPage": "Nächste Seite",
    "previousPage": "Vorherige Seite",
    "pageLastRowUnknown": "?",
    "ariaPageSizeSelectorLabel": "Zeilen pro Seite",
    # AG Grid formats its own counts (the pager's "1 bis 50 von 4.330") with these.
    "thousandSeparator": ".",
    "decimalSeparator": ",",
}
COMPONENT_PROPS = {
    "Dropdown": {
        "labels": {
            "select_all": "Alle wählen",
            "deselect_all": "Alle abwählen",
            "selected_count": "{num_selected} gewählt",
            "search": "Suchen",
            "clear_search": "Suche leeren",
            "clear_selection": "Auswahl leeren",
            "no_options_found": "Nichts gefunden",
        }
    },
    "DatePickerRange": {"display_format": "DD.MM.YYYY"},
    "AgGrid": {"dashGridOptions": {"localeText": AG_GRID}},
}
