"""FICTIONAL sample data: an invented German newsroom, its articles and reader comments.

Nothing here is real: the newsroom ("fiktiv.example"), the articles, the usernames and the
comments are made up for demos and tests. The output file name (fictional-newsroom.csv) and the
URL domain say so; the CSV itself stays plain.

    .venv/bin/python etl/resources/sample/generate.py    # writes fictional-newsroom.csv beside it

Deterministic: a fixed seed and fixed dates, never the current time, so the committed CSV equals
what `build_rows()` returns (tests/etl/test_sample_data.py checks it).
"""

import csv
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20250519
OUT = Path(__file__).with_name("fictional-newsroom.csv")
COLUMNS = ["comment_id", "parent_id", "article_id", "article_title", "article_url",
           "published_at", "author", "created_at", "text", "topic"]
MAX_DEPTH = 7
MAX_DELAY = timedelta(days=14)

AUTHORS = [
    "Leserin_K", "hanswurst72", "Datenfreund", "Techniktante", "MarkusB", "kritischer_Geist",
    "Sonnenblume_88", "Pendlerin", "ElektroEde", "Bergsteiger", "Frau_Müller", "ottonormal",
    "Kaffeetrinker", "nerd_aus_bonn", "Realist2025", "Stromer", "PixelPeter", "Skeptiker",
    "Landei", "J.Weber", "Gartenzwerg", "IT_Admin_Nord", "Mamavon3", "rentner_rolf", "FreiDenker",
    "Lisa_S", "Bahnfahrer", "Schwarzwaldkind", "Klaus_D", "Weltenbummlerin", "code_monkey",
    "Nordlicht", "Hamburger_Jung", "Weißwurstfan", "Physikerin", "Zweifler", "Ostfriese",
    "TomTom42", "Dorfkind", "Sabine_R", "alteHase", "Linuxer", "Fahrradfahrer", "Vorsicht_Glas",
    "Ingenieur_Mo", "Medienmensch", "Leser1987", "Hobbyfunker", "Wolkenguckerin", "Alltagsheld",
    "Finanzfuchs", "Grünschnabel", "Eulenspiegel", "Müslifrau", "Tüftler", "DerDieDas",
    "Stadtmensch", "Anna_B", "petra.k", "Sachse_mit_Herz",
]

# slug, published (UTC), title, source topic ("" = none given), mood in [-1, 1] (how readers
# lean), number of comments, subject for the templates, and the article's own sentences:
# (positive, negative, neutral).
ARTICLES = [
    ("eu-regeln-ki-systeme", "2025-03-03T07:30", "EU einigt sich auf strengere Regeln für KI-Systeme",
     "Künstliche Intelligenz", 0.1, 38, "KI",
     (["Gut, dass die EU bei KI endlich klare Regeln setzt.",
       "Transparenzpflichten für ChatGPT und andere Chatbots sind absolut richtig."],
      ["Die EU reguliert KI kaputt, das ist einfach falsch.",
       "Naive Politik: am Ende profitieren nur die Konzerne aus den USA."],
      ["Der AI Act tritt ja stufenweise in Kraft.", "Gilt das auch für Open-Source-Sprachmodelle?"])),
    ("datenleck-krankenkasse", "2025-03-10T09:15",
     "Datenleck bei Krankenkasse: Millionen Versichertendaten im Netz", "Datenschutz", -0.6, 42,
     "Datenschutz",
     (["Gut, dass die Datenschützer jetzt genau hinschauen.",
       "Immerhin hat die Kasse schnell und offen informiert, das ist richtig."],
      ["Schon wieder ein Datenleck, das ist einfach schrecklich.",
       "Wer Gesundheitsdaten so schlecht schützt, handelt verantwortungslos.",
       "Und dann sollen wir der elektronischen Patientenakte vertrauen? Lächerlich."],
      ["Kann man irgendwo prüfen, ob die eigenen Daten betroffen sind?",
       "Laut Artikel lag die Datenbank ungeschützt auf einem Server."])),
    ("ladesaeulen-autobahn", "2025-03-17T06:45",
     "E-Autos: Neue Ladesäulen an Autobahnen sollen Reichweitenangst beenden",
     "Verkehr und E-Mobilität", 0.5, 36, "E-Mobilität",
     (["Endlich, mit dem E-Auto auf der Autobahn war das Laden bisher mühsam, das ist eine tolle "
       "Nachricht.", "Ich fahre seit zwei Jahren ein E-Auto, die Ladesäulen sind inzwischen richtig gut."],
      ["Die Preise an den Schnellladesäulen sind trotzdem unverschämt.",
       "Im Winter bleibt die Reichweite trotzdem schlecht."],
      ["Wie viele Ladepunkte sind pro Rastplatz geplant?",
       "Bei uns auf dem Land gibt es noch genau eine Ladesäule."])),
    ("strompreise-steigen", "2025-03-24T10:00", "Strompreise steigen erneut – Verbraucherschützer warnen",
     "Energie und Klima", -0.45, 40, "Strompreise",
     (["Mit Solaranlage und Wärmepumpe sind wir zum Glück fein raus, eine gute Investition.",
       "Wer den Anbieter wechselt, spart oft richtig viel, ein guter Tipp."],
      ["Die Strompreise in Deutschland sind einfach absurd und unsozial.",
       "Die Energiepolitik der letzten Jahre war ein furchtbarer Fehler.",
       "Für Rentner ist das eine schlimme Belastung."],
      ["Wie setzt sich der Strompreis eigentlich zusammen?",
       "Netzentgelte machen inzwischen einen erheblichen Teil aus."])),
    ("zoelle-elektronik-china", "2025-03-31T08:20", "USA verhängen neue Zölle auf chinesische Elektronik",
     "Wirtschaft", -0.3, 44, "Zölle",
     (["Interessant, vielleicht bringt das Europa ja einen Vorteil.",
       "Gut, dass die EU erst einmal ruhig bleibt."],
      ["Zölle auf Elektronik sind dumm, am Ende zahlen die Verbraucher.",
       "Dieser Handelskrieg zwischen den USA und China ist gefährlich für alle.",
       "Trump zerstört gerade mutwillig den Welthandel, schrecklich."],
      ["Betrifft das auch Smartphones, die in China montiert werden?", "Mal sehen, wie Peking reagiert."])),
    ("test-mittelklasse-smartphone", "2025-04-07T12:00",
     "Test: Das neue Mittelklasse-Smartphone überzeugt mit starkem Akku", "Smartphones", 0.6, 34,
     "Smartphones",
     (["Der Akku hält wirklich lange, ein tolles Gerät.", "Für den Preis ist die Kamera hervorragend.",
       "Endlich wieder ein Smartphone mit gutem Preis-Leistungs-Verhältnis."],
      ["Nur drei Jahre Updates ist enttäuschend.", "Wieder kein Kopfhöreranschluss, schade."],
      ["Wie lange braucht das Gerät zum Laden?", "Gibt es das Handy auch mit 256 GB?"])),
    ("update-legt-smartphones-lahm", "2025-04-14T15:30", "Software-Update legt tausende Smartphones lahm",
     "Smartphones", -0.7, 46, "Updates",
     (["Bei mir lief das Update problemlos, das Handy ist sogar schneller.",
       "Immerhin kam der Fix schnell, das war gut gelöst."],
      ["Mein Handy ist seit dem Update kaputt, einfach furchtbar.",
       "Wie kann man so ein schlechtes Update ausliefern? Peinlich.",
       "Der Support ist eine Katastrophe, absolut enttäuschend."],
      ["Bringt ein Neustart im Wartungsmodus etwas?", "Betroffen sind offenbar nur ältere Modelle."])),
    ("studie-jugendliche-tiktok", "2025-04-22T07:00",
     "Studie: Jugendliche verbringen täglich vier Stunden auf TikTok und Instagram", "Social Media",
     -0.2, 40, "Social Media",
     (["Viele Jugendliche nutzen Social Media erstaunlich klug und bewusst.",
       "Gute Medienkompetenz an Schulen wäre eine tolle Lösung."],
      ["Vier Stunden TikTok am Tag, das ist erschreckend.",
       "Die Algorithmen von Instagram und TikTok sind gefährlich für Kinder.",
       "Die Eltern sind oft genauso schlimm."],
      ["Wie wurde die Nutzungszeit in der Studie gemessen?", "Bei meinen Kindern ist es eher YouTube."])),
    ("apple-alternative-app-stores", "2025-04-28T11:45",
     "Apple öffnet iOS für alternative App Stores in der EU", "Apple", 0.3, 36, "App Stores",
     (["Gut so, mehr Wettbewerb bei Apps ist richtig.",
       "Der Digital Markets Act wirkt, eine hervorragende Nachricht für Entwickler."],
      ["Apple macht das so kompliziert wie möglich, lächerlich.",
       "Alternative App Stores sind ein gefährliches Sicherheitsrisiko."],
      ["Gilt das nur für iPhones in der EU oder auch für iPads?",
       "Welche alternativen Stores gibt es denn schon?"])),
    ("chatbot-buergeramt", "2025-05-05T08:00", "Chatbots im Bürgeramt: Stadt testet KI für Anträge",
     "Künstliche Intelligenz", 0.0, 38, "KI",
     (["Wenn der Chatbot Wartezeiten verkürzt, ist das eine gute Sache.",
       "Interessantes Projekt, die Verwaltung braucht dringend moderne Technik."],
      ["Ein Chatbot ersetzt keine kompetente Sachbearbeitung, das wird ein schlechter Witz.",
       "Und was passiert mit meinen Daten? Naiv, so etwas einzuführen."],
      ["Welches Sprachmodell steckt denn dahinter?", "Kann man weiterhin einen Termin beim Amt buchen?"])),
    ("solarpflicht-neubauten", "2025-05-12T09:30",
     "Solarpflicht für Neubauten: Bundesregierung legt Entwurf vor", "Energie und Klima", -0.05, 44,
     "Solarpflicht",
     (["Eine Solarpflicht für Neubauten ist sinnvoll und längst überfällig.",
       "Photovoltaik auf jedes neue Dach, das ist richtig und wichtig für das Klima."],
      ["Noch eine Pflicht, die das Bauen teurer macht, einfach falsch.",
       "Die Bundesregierung hat keine Ahnung, wie teuer Bauen schon ist, lächerlich."],
      ["Gilt das auch für Gewerbebauten?", "In Baden-Württemberg gibt es so eine Regel ja schon."])),
    ("cyberangriff-stadtwerke", "2025-05-16T13:10", "Cyberangriff auf Stadtwerke: Hacker fordern Lösegeld",
     "", -0.4, 38, "Cybersicherheit",
     (["Gut, dass die Stadtwerke kein Lösegeld zahlen.",
       "Die Notfallpläne haben offenbar gut funktioniert, das ist beruhigend."],
      ["Kritische Infrastruktur so schlecht zu schützen ist fahrlässig und gefährlich.",
       "Wieder hat man bei der IT gespart, schrecklich."],
      ["Weiß man schon, welche Hackergruppe dahintersteckt?", "Waren auch Kundendaten betroffen?"])),
]

# Generic sentences; {t} is the article's subject. Each chosen so that textblob-de scores it
# clearly positive, clearly negative or 0.
GENERIC = {
    "pos": ["Endlich mal eine gute Nachricht zum Thema {t}.", "Das ist eine richtig gute Entscheidung.",
            "Toller Artikel, vielen Dank für die hervorragende Recherche.", "Ich finde das wirklich super.",
            "Eine interessante und wichtige Entwicklung beim Thema {t}.",
            "Klingt vernünftig, das ist der richtige Weg.", "Sehr schöner Überblick, danke!",
            "Ich bin begeistert, das funktioniert erstaunlich gut.", "Gute Idee, ich hoffe, das klappt.",
            "Die Lösung ist einfach und clever.", "Das ist wirklich hilfreich.",
            "Absolut großartig, weiter so.", "Ein toller Schritt in die richtige Richtung."],
    "neg": ["Das ist einfach schlecht gemacht.", "Was für eine schreckliche Idee.",
            "Beim Thema {t} ist das eine furchtbare Entwicklung.", "Völlig falsch, und das weiß auch jeder.",
            "Wie naiv kann man eigentlich sein?", "Eine dumme Entscheidung, wie immer.",
            "Das Ergebnis ist enttäuschend.", "Lächerlich, was beim Thema {t} wieder passiert.",
            "Peinlich für alle Beteiligten.", "Das ist gefährlich und wird teuer.",
            "Der Artikel ist einseitig und schlecht recherchiert.",
            "Typisch, wieder einmal eine schwache Leistung.",
            "Die Politik ist beim Thema {t} mal wieder komplett unfähig.",
            "Ärgerlich und teuer, wie immer.", "Das ist unverschämt."],
    "neu": ["Mal sehen, wie sich das entwickelt.", "Ich warte erst mal ab.",
            "Hier fehlt die Quelle zu der Zahl im dritten Absatz.",
            "Bei uns im Betrieb wird über {t} auch diskutiert.", "Das hängt vom Einzelfall ab.",
            "Kommt darauf an, wer das am Ende bezahlt.", "Ich habe das gestern schon woanders gelesen.",
            "Zum Thema {t} gab es hier letzte Woche schon einen Artikel.",
            "Meine Nachbarin arbeitet in der Branche und sieht das ähnlich.",
            "Weiß jemand, ab wann das gilt?", "Gibt es dazu eine Studie?", "Wie sieht das in Österreich aus?",
            "Was bedeutet das konkret für {t}?", "Hat jemand Erfahrungen damit?",
            "Wer kontrolliert das eigentlich?"],
}
OPENERS = {
    "agree": ["Sehe ich genauso.", "Da stimme ich zu.", "Genau so ist es.", "Volle Zustimmung.",
              "Richtig.", "Danke, gut erklärt.", "Stimmt."],
    "disagree": ["Das stimmt nicht.", "Unsinn!", "Ja, aber das ist nur die halbe Wahrheit.",
                 "Da liegst du falsch.", "Das sehe ich anders.", "Quatsch.", "Nein, so ist das nicht."],
    "ask": ["Hast du dafür eine Quelle?", "Wie meinst du das?", "Woher hast du die Zahl?",
            "Und was schlägst du stattdessen vor?"],
}
# Openers that textblob-de scores; the rest score 0.
OPENER_TONE = {"Richtig.": "pos", "Danke, gut erklärt.": "pos", "Da liegst du falsch.": "neg",
               "Das sehe ich anders.": "neg"}
# Texts for the security checks (docs/cli.md, "export"): a spreadsheet formula and literal HTML.
SPECIAL = {
    ("update-legt-smartphones-lahm", 4): "=Summe der Ausreden: das Update ist trotzdem schlecht.",
    ("studie-jugendliche-tiktok", 6):
        "Ich teste mal, ob hier HTML gefiltert wird: <script>alert(1)</script> Gibt es dazu eine Studie?",
}


def iso(moment):
    """UTC timestamp as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pick_tone(rng, mood):
    """positive / negative / neutral, leaning with the article's mood."""
    p_pos = min(max(0.36 + 0.5 * mood, 0.05), 0.8)
    p_neg = min(max(0.32 - 0.5 * mood, 0.05), 0.8)
    roll = rng.random()
    return "pos" if roll < p_pos else "neg" if roll < p_pos + p_neg else "neu"


def sentence(rng, tone, subject, own):
    """One sentence of the tone: the article's own 45 % of the time, else a generic one."""
    pool = own[("pos", "neg", "neu").index(tone)]
    text = rng.choice(pool) if rng.random() < 0.45 else rng.choice(GENERIC[tone])
    return text.format(t=subject)


def n_sentences(parts):
    """Sentences in a list of text parts (by their end marks)."""
    return sum(len(re.findall(r"[.!?](?=\s|$)", part)) for part in parts)


def comment_text(rng, tone, subject, own, opener=""):
    """1-4 sentences: an optional reply opener, then sentences mostly of one tone."""
    sentences = [opener] if opener else []
    # A neutral reply may be its opener alone ("Unsinn!"); a toned one says why.
    counts = [0, 1, 1, 2] if opener and tone == "neu" else [1, 1, 2, 2, 3] if opener else [1, 1, 2, 2, 3, 4]
    for number in range(rng.choice(counts)):
        # Now and then a neutral aside after the first sentence, so comments read mixed.
        tone_here = "neu" if number and rng.random() < 0.25 else tone
        candidate = sentence(rng, tone_here, subject, own)
        if candidate not in sentences and n_sentences(sentences + [candidate]) <= 4:
            sentences.append(candidate)
    return " ".join(sentences)


def opener_for(rng, stance, tone):
    """A reply opener of the stance whose own sentiment does not contradict the reply's tone."""
    pool = [o for o in OPENERS[stance] if OPENER_TONE.get(o, "neu") in ("neu", tone)]
    return rng.choice(pool)


def stance_of(rng, tone, parent_tone):
    """agree / disagree / ask: how a reply of `tone` answers a parent of `parent_tone`."""
    if tone == parent_tone:
        return "ask" if tone == "neu" and rng.random() < 0.5 else "agree"
    if tone == "neu":
        return "ask" if rng.random() < 0.6 else "disagree"
    if parent_tone == "neu":
        return rng.choice(["agree", "disagree"])
    return "disagree"


def reply_delay(rng, top_level):
    """Minutes to wait: most within two days, a tail up to two weeks."""
    if rng.random() < 0.06:
        return timedelta(minutes=rng.randint(2 * 24 * 60, 13 * 24 * 60))
    return timedelta(minutes=max(1, int(rng.expovariate(1 / (480 if top_level else 150)))))


def pick_parent(rng, thread):
    """None for a new top-level comment, else the comment replied to (deep chains are common)."""
    if not thread or rng.random() < 0.32:
        return None
    parent = thread[-1] if rng.random() < 0.5 else rng.choice(thread)
    while parent["depth"] >= MAX_DEPTH:
        parent = parent["parent"]
    return parent


def build_article(rng, number, spec, weights):
    """The comments of one article as dicts (with object links, ids assigned later)."""
    slug, published, title, topic, mood, count, subject, own = spec
    published_at = datetime.fromisoformat(published).replace(tzinfo=timezone.utc)
    thread = []
    for _ in range(count):
        parent = pick_parent(rng, thread)
        author = rng.choices(AUTHORS, weights)[0]
        while parent is not None and author == parent["author"]:
            author = rng.choices(AUTHORS, weights)[0]
        if parent is None:
            tone, opener = pick_tone(rng, mood), ""
            start = published_at
        else:
            # The reply's tone follows the article's mood; its stance follows from the tones.
            tone = pick_tone(rng, mood)
            opener = opener_for(rng, stance_of(rng, tone, parent["tone"]), tone)
            if rng.random() < 0.3:
                opener = f"@{parent['author']} {opener}"
            start = parent["created_at"]
        limit = published_at + MAX_DELAY
        created = start + max(timedelta(minutes=1), min(reply_delay(rng, parent is None), limit - start))
        thread.append({"parent": parent, "depth": 0 if parent is None else parent["depth"] + 1,
                       "author": author, "tone": tone, "created_at": created,
                       "text": comment_text(rng, tone, subject, own, opener)})
    thread.sort(key=lambda c: c["created_at"])
    for position, comment in enumerate(thread):
        comment["text"] = SPECIAL.get((slug, position), comment["text"])
    article = {"article_id": f"fn-{number:02d}", "article_title": title, "topic": topic,
               "article_url": f"https://fiktiv.example/{published_at:%Y/%m/%d}/{slug}/",
               "published_at": iso(published_at)}
    return article, thread


def build_rows():
    """All sample rows as dicts of strings, in COLUMNS order; the same on every call."""
    rng = random.Random(SEED)
    # A few regulars write much more than the rest, as in every comment section.
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(AUTHORS))]
    rows, serial = [], 0
    for number, spec in enumerate(ARTICLES, start=1):
        article, thread = build_article(rng, number, spec, weights)
        ids = {}
        for comment in thread:
            serial += 1
            ids[id(comment)] = f"fn-c{serial:04d}"
            parent = comment["parent"]
            rows.append({
                "comment_id": ids[id(comment)],
                "parent_id": "" if parent is None else ids[id(parent)],
                "article_id": article["article_id"], "article_title": article["article_title"],
                "article_url": article["article_url"], "published_at": article["published_at"],
                "author": comment["author"], "created_at": iso(comment["created_at"]),
                "text": comment["text"], "topic": article["topic"],
            })
    return rows


def write_csv(rows, path=OUT):
    """Write rows as UTF-8 CSV with a header; '\\n' line ends so the file is the same everywhere."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def summary(rows):
    """Counts, depth and (when textblob-de is installed) the polarity mix, as printable lines."""
    by_id = {row["comment_id"]: row for row in rows}

    def depth(row):
        return 0 if not row["parent_id"] else 1 + depth(by_id[row["parent_id"]])

    dates = sorted({row["published_at"] for row in rows})
    span = datetime.fromisoformat(dates[-1]) - datetime.fromisoformat(dates[0])
    lines = [f"articles: {len({row['article_id'] for row in rows})}", f"comments: {len(rows)}",
             f"replies: {sum(1 for row in rows if row['parent_id'])}",
             f"max depth: {max(depth(row) for row in rows)}",
             f"authors: {len({row['author'] for row in rows})}",
             f"published: {dates[0]} .. {dates[-1]} ({span.days / 7:.1f} weeks)"]
    try:
        from textblob_de import PatternTokenizer, TextBlobDE
    except ImportError:
        return lines + ["(textblob-de not installed: no polarity summary)"]
    tokenizer = PatternTokenizer()
    scores = [TextBlobDE(row["text"], tokenizer=tokenizer).sentiment.polarity for row in rows]
    share = {"negative": sum(s < -0.1 for s in scores) / len(scores),
             "positive": sum(s > 0.1 for s in scores) / len(scores)}
    share["neutral"] = 1 - share["negative"] - share["positive"]
    lines.append("polarity: " + ", ".join(f"{k} {v:.0%}" for k, v in share.items()))
    per_article = {}
    for row, score in zip(rows, scores):
        per_article.setdefault((row["article_id"], row["article_title"]), []).append(score)
    for (article_id, title), values in per_article.items():
        lines.append(f"  {article_id} mean {sum(values) / len(values):+.2f}  {title}")
    return lines


def main():
    rows = build_rows()
    write_csv(rows)
    print(f"wrote {OUT}")
    print("\n".join(summary(rows)))


if __name__ == "__main__":
    main()
