"""Starter content based on the national basismodel meldcode.

The ``meldcode_install_basismodel`` command builds an organisation's meldcode from this
data: the index page, the five step pages and a starter set of signal lists. The texts
are Dutch page content that an organisation adopts and then adapts to its own practice.
"""

from .choices import AgeGroup, FormOfViolence, Sector

# Signal lists (signalenkaarten) ------------------------------------------------------------

SIGNAL_LISTS = (
    {
        "key": "0-4-lichamelijke-mishandeling",
        "title": "Lichamelijke mishandeling 0-4 jaar",
        "age_group": AgeGroup.AGE_0_4,
        "form_of_violence": FormOfViolence.PHYSICAL_ABUSE,
        "introduction": (
            "Signalen die kunnen wijzen op lichamelijke mishandeling van baby's en peuters. "
            "Jonge kinderen kunnen vaak zelf niet vertellen wat er is gebeurd: let daarom "
            "extra op het letsel en op de uitleg die erbij wordt gegeven."
        ),
        "items": (
            "Blauwe plekken bij een baby die nog niet zelf kan kruipen of lopen",
            "Blauwe plekken op plaatsen waar een kind zich bij spelen zelden stoot, zoals "
            "wangen, oren, hals of bovenarmen",
            "Letsel met een herkenbare vorm, zoals vingerafdrukken, een handafdruk of de "
            "afdruk van een riem of voorwerp",
            "Brandwonden met een scherpe rand of een kleine ronde vorm",
            "Meerdere verwondingen tegelijk die van verschillende momenten lijken te zijn",
            "De uitleg over het letsel past niet bij het letsel of bij wat het kind al kan",
            "Ouders geven op verschillende momenten een andere verklaring voor het letsel",
            "Er is laat of geen medische hulp gezocht na een verwonding",
            "Het kind schrikt of verstijft bij aanraking of bij een plotselinge beweging "
            "van een volwassene",
            "Het kind is opvallend stil en waakzaam en volgt volwassenen steeds met de ogen",
        ),
    },
    {
        "key": "0-4-lichamelijke-verwaarlozing",
        "title": "Lichamelijke verwaarlozing 0-4 jaar",
        "age_group": AgeGroup.AGE_0_4,
        "form_of_violence": FormOfViolence.PHYSICAL_NEGLECT,
        "introduction": (
            "Signalen dat een jong kind niet krijgt wat het lichamelijk nodig heeft, zoals "
            "voeding, verzorging, passende kleding, rust of medische zorg."
        ),
        "items": (
            "Het kind komt regelmatig hongerig binnen of eet opvallend gulzig",
            "Het kind groeit weinig of komt weinig aan, zonder medische verklaring",
            "Vaak vuile kleding of een luier die lange tijd niet is verschoond",
            "Luieruitslag of huidproblemen die blijven bestaan en niet worden behandeld",
            "Kleding die niet past bij het weer, zoals geen jas of schoenen bij kou",
            "Ziekte of verwondingen worden niet of pas laat behandeld",
            "Het kind is vaak erg moe of valt op de groep steeds in slaap",
            "Het kind wordt regelmatig niet of veel te laat opgehaald",
            "Een ouder lijkt bij het brengen of halen onder invloed van alcohol of drugs",
        ),
    },
    {
        "key": "0-4-psychische-verwaarlozing",
        "title": "Psychische verwaarlozing 0-4 jaar",
        "age_group": AgeGroup.AGE_0_4,
        "form_of_violence": FormOfViolence.PSYCHOLOGICAL_NEGLECT,
        "introduction": (
            "Signalen dat een jong kind te weinig aandacht, warmte en stimulans krijgt. Deze "
            "signalen zijn minder zichtbaar dan letsel: let vooral op het contact tussen "
            "ouder en kind."
        ),
        "items": (
            "De ouder reageert nauwelijks op huilen of op contactpogingen van het kind",
            "Er is weinig oogcontact of lichamelijk contact tussen ouder en kind bij het "
            "brengen en halen",
            "De ouder toont weinig belangstelling voor hoe het met het kind gaat",
            "Het kind zoekt bij verdriet of pijn geen troost bij de eigen ouder",
            "Het kind maakt zonder onderscheid contact met onbekende volwassenen",
            "Achterstand in taal, spel of motoriek zonder medische verklaring",
            "Het kind lacht weinig, is lusteloos of toont weinig interesse in spel",
            "Het kind wiegt zichzelf urenlang, bonkt met het hoofd of stimuleert zichzelf "
            "op een andere manier",
        ),
    },
    {
        "key": "0-4-getuige-van-huiselijk-geweld",
        "title": "Getuige van huiselijk geweld 0-4 jaar",
        "age_group": AgeGroup.AGE_0_4,
        "form_of_violence": FormOfViolence.WITNESS_DOMESTIC_VIOLENCE,
        "introduction": (
            "Ook baby's en peuters merken geweld tussen volwassenen thuis op, ook als ze er "
            "niet direct bij zijn. Getuige zijn van huiselijk geweld is een vorm van "
            "kindermishandeling."
        ),
        "items": (
            "Het kind schrikt hevig van harde geluiden of boze stemmen",
            "Het kind speelt slaan, schreeuwen of ruzie tussen volwassenen na",
            "Het kind slaapt slecht of heeft nachtmerries, volgens de ouders of eigen waarneming",
            "Het kind valt terug in zijn ontwikkeling, bijvoorbeeld weer in de broek plassen "
            "of weer als een baby praten",
            "Het kind huilt veel en is moeilijk te troosten",
            "Een ouder heeft zichtbaar letsel of vertelt over ruzie of geweld thuis",
            "Bij het brengen of halen is spanning of angst tussen de ouders merkbaar",
            "Een ouder of het kind vertelt dat de politie thuis is geweest na een ruzie",
        ),
    },
    {
        "key": "4-12-lichamelijke-mishandeling",
        "title": "Lichamelijke mishandeling 4-12 jaar",
        "age_group": AgeGroup.AGE_4_12,
        "form_of_violence": FormOfViolence.PHYSICAL_ABUSE,
        "introduction": (
            "Signalen die kunnen wijzen op lichamelijke mishandeling van kinderen in de "
            "basisschoolleeftijd. Let op het letsel zelf, op de uitleg en op hoe het kind "
            "zich gedraagt."
        ),
        "items": (
            "Blauwe plekken, striemen of ander letsel op plaatsen die bij spelen of sporten "
            "zelden worden geraakt, zoals rug, billen, bovenarmen, hals of oren",
            "Letsel met een herkenbare vorm, zoals een handafdruk of de afdruk van een riem "
            "of snoer",
            "Steeds nieuw letsel, of letsel dat in verschillende stadia van genezing is",
            "De uitleg van het kind of de ouder past niet bij het letsel",
            "Het kind draagt ook bij warm weer lange mouwen of wil zich niet omkleden bij gym",
            "Het kind vertelt dat het thuis wordt geslagen, geschopt of op een andere manier "
            "pijn gedaan",
            "Het kind duikt weg of schrikt bij een onverwachte beweging van een volwassene",
            "Het kind wil niet naar huis of blijft na schooltijd opvallend lang hangen",
            "Het kind verzuimt vaak zonder duidelijke reden, bijvoorbeeld direct na een "
            "weekend of vakantie",
        ),
    },
    {
        "key": "4-12-psychische-mishandeling",
        "title": "Psychische mishandeling 4-12 jaar",
        "age_group": AgeGroup.AGE_4_12,
        "form_of_violence": FormOfViolence.PSYCHOLOGICAL_ABUSE,
        "introduction": (
            "Signalen dat een kind thuis steeds wordt gekleineerd, bedreigd, afgewezen of "
            "onder druk gezet."
        ),
        "items": (
            "Een ouder scheldt het kind uit, kleineert het of maakt het belachelijk waar "
            "anderen bij zijn",
            "Het kind vertelt over bedreigingen, bijvoorbeeld dat het het huis uit moet of "
            "een straf krijgt die het angst aanjaagt",
            "Het kind praat heel negatief over zichzelf, bijvoorbeeld dat het dom is of "
            "niets waard",
            "Het kind is overdreven bang om fouten te maken of iets kwijt te raken",
            "Het kind is bang voor de reactie van een ouder op een cijfer, een briefje of "
            "een gesprek",
            "Een ouder betrekt het kind bij conflicten tussen volwassenen, bijvoorbeeld bij "
            "een scheiding met veel strijd",
            "Het kind heeft vaak klachten zonder lichamelijke oorzaak, zoals buikpijn of hoofdpijn",
            "Het kind trekt zich terug of is juist opvallend agressief naar andere kinderen",
        ),
    },
    {
        "key": "4-12-seksueel-misbruik",
        "title": "Seksueel misbruik 4-12 jaar",
        "age_group": AgeGroup.AGE_4_12,
        "form_of_violence": FormOfViolence.SEXUAL_ABUSE,
        "introduction": (
            "Signalen die kunnen wijzen op seksueel misbruik. Een los signaal zegt weinig; "
            "een combinatie van signalen of een uitspraak van het kind zelf is reden om de "
            "stappen van de meldcode te volgen."
        ),
        "items": (
            "Het kind vertelt over seksuele handelingen, of over geheimpjes met een "
            "volwassene of een ouder kind",
            "Seksuele kennis of seksueel gedrag dat niet past bij de leeftijd van het kind",
            "Het kind betrekt andere kinderen of speelgoed in seksueel getinte handelingen",
            "Pijn, jeuk of wondjes bij de geslachtsdelen of de anus, of pijn bij plassen of poepen",
            "Het kind wil zich opvallend niet omkleden of douchen waar anderen bij zijn",
            "Het kind is plotseling bang voor een bepaalde persoon of plek",
            "Het kind plast of poept weer in de broek terwijl het al zindelijk was",
            "Het kind krijgt van een volwassene opvallend veel cadeaus, geld of aandacht",
        ),
    },
    {
        "key": "4-12-getuige-van-huiselijk-geweld",
        "title": "Getuige van huiselijk geweld 4-12 jaar",
        "age_group": AgeGroup.AGE_4_12,
        "form_of_violence": FormOfViolence.WITNESS_DOMESTIC_VIOLENCE,
        "introduction": (
            "Signalen dat een kind thuis geweld tussen volwassenen meemaakt. Ook als het kind "
            "zelf niet wordt geslagen, is dit een vorm van kindermishandeling."
        ),
        "items": (
            "Het kind vertelt over ruzie, schreeuwen of slaan tussen volwassenen thuis",
            "Het kind maakt zich veel zorgen om een ouder, bijvoorbeeld of die thuis wel veilig is",
            "Het kind kan zich slecht concentreren en heeft een sterk wisselende stemming",
            "Het kind lost conflicten met andere kinderen op met geweld of dreigementen",
            "Het kind is heel oplettend en probeert het volwassenen steeds naar de zin te maken",
            "Het kind komt moe op school of op de opvang, of vertelt dat het slecht slaapt",
            "Een ouder heeft zichtbaar letsel, of vertelt over geweld door de partner",
            "Het kind vertelt dat de politie thuis is geweest",
        ),
    },
    {
        "key": "4-12-vrouwelijke-genitale-verminking",
        "title": "Vrouwelijke genitale verminking 4-12 jaar",
        "age_group": AgeGroup.AGE_4_12,
        "form_of_violence": FormOfViolence.FEMALE_GENITAL_MUTILATION,
        "introduction": (
            "Signalen die kunnen wijzen op een dreigende of al uitgevoerde genitale "
            "verminking bij een meisje. Genitale verminking is in Nederland strafbaar, ook "
            "als het in het buitenland gebeurt. Bij deze signalen is overleg met Veilig Thuis "
            "of een deskundige verplicht."
        ),
        "items": (
            "Het gezin heeft familiebanden met een land of gemeenschap waar genitale "
            "verminking veel voorkomt",
            "De moeder of een zus is zelf besneden, volgens eigen zeggen of volgens een "
            "zorgverlener",
            "Er staat een lange reis naar het land van herkomst gepland, vaak in de zomervakantie",
            "Er wordt gevraagd om extra verlof rond een vakantie voor een lange reis",
            "Het meisje vertelt over een groot feest of een bijzondere gebeurtenis die haar "
            "op de reis wacht",
            "Na terugkomst heeft het meisje moeite met lopen, zitten of fietsen",
            "Het meisje gaat vaak of lang naar de wc of heeft steeds blaasontstekingen",
            "Het meisje wil niet meer meedoen met gym of zwemmen, of zich niet omkleden",
            "Het meisje is na een reis stiller, teruggetrokken of angstig",
        ),
    },
    {
        "key": "12-18-seksueel-misbruik",
        "title": "Seksueel misbruik 12-18 jaar",
        "age_group": AgeGroup.AGE_12_18,
        "form_of_violence": FormOfViolence.SEXUAL_ABUSE,
        "introduction": (
            "Signalen die kunnen wijzen op seksueel misbruik of seksuele uitbuiting van een "
            "jongere, thuis of daarbuiten. Let ook op online druk en afpersing."
        ),
        "items": (
            "De jongere vertelt over seksuele handelingen waar hij of zij niet mee heeft ingestemd",
            "De jongere heeft ineens dure spullen of geld waarvoor geen verklaring is",
            "Een veel oudere vriend of vriendin haalt de jongere op bij school of de instelling",
            "Plotselinge verandering in gedrag, kleding of vriendenkring",
            "Beelden van de jongere worden rondgestuurd, of de jongere wordt onder druk gezet "
            "om beelden te sturen",
            "De jongere beschadigt zichzelf, heeft eetproblemen of zegt niet meer te willen leven",
            "De jongere verzuimt veel of is 's nachts of dagenlang van huis weg",
            "Een soa of zwangerschap waarover de jongere niet wil of durft te praten",
            "Het gebruik van alcohol of drugs neemt plotseling toe",
        ),
    },
    {
        "key": "12-18-eergerelateerd-geweld",
        "title": "Eergerelateerd geweld 12-18 jaar",
        "age_group": AgeGroup.AGE_12_18,
        "form_of_violence": FormOfViolence.HONOUR_RELATED_VIOLENCE,
        "introduction": (
            "Signalen dat een jongere wordt bedreigd of onder druk gezet om de eer van de "
            "familie te bewaken of te herstellen. Bij deze signalen is overleg met Veilig "
            "Thuis of een deskundige verplicht. Bespreek je zorgen niet met de familie "
            "voordat je dat advies hebt: dat kan het gevaar vergroten."
        ),
        "items": (
            "De jongere vertelt bang te zijn voor familieleden, bijvoorbeeld vanwege een "
            "relatie, kleding, seksuele voorkeur of gedrag",
            "De jongere wordt streng gecontroleerd, bijvoorbeeld altijd gebracht en gehaald "
            "of gevolgd door een broer of neef",
            "De jongere mag niet mee op schoolreis of kamp, of niet meedoen aan sport of "
            "andere activiteiten buiten huis",
            "De jongere vertelt over een huwelijk dat de familie voor hem of haar regelt",
            "Er wordt een onverwacht of lang verblijf in het land van herkomst aangekondigd",
            "De telefoon of de sociale media van de jongere worden gecontroleerd of afgepakt",
            "De jongere is weggelopen of vraagt om hulp om ergens anders te kunnen wonen",
            "Er gaan verhalen over de jongere rond in de omgeving of op sociale media",
            "De jongere verzuimt plotseling of wordt zonder duidelijke reden uitgeschreven",
        ),
    },
    {
        "key": "12-18-getuige-van-huiselijk-geweld",
        "title": "Getuige van huiselijk geweld 12-18 jaar",
        "age_group": AgeGroup.AGE_12_18,
        "form_of_violence": FormOfViolence.WITNESS_DOMESTIC_VIOLENCE,
        "introduction": (
            "Signalen dat een jongere thuis geweld tussen volwassenen meemaakt. Jongeren "
            "voelen zich vaak verantwoordelijk voor een ouder of voor jongere kinderen in het "
            "gezin."
        ),
        "items": (
            "De jongere vertelt over geweld, bedreiging of vernedering tussen ouders of "
            "andere volwassenen thuis",
            "De jongere zorgt voor jongere broers en zussen of voor een ouder, meer dan bij "
            "de leeftijd past",
            "De jongere blijft liever weg van huis of slaapt vaak ergens anders",
            "Concentratieproblemen, dalende resultaten of veel verzuim",
            "De jongere is agressief naar anderen, ook in een eigen relatie",
            "De jongere is somber of angstig, of beschadigt zichzelf",
            "De jongere vertelt dat hij of zij tussenbeide komt bij ruzies thuis",
            "De jongere of een ouder vertelt dat de politie thuis is geweest na een ruzie",
        ),
    },
    {
        "key": "volwassenen-lichamelijke-mishandeling",
        "title": "Lichamelijke mishandeling volwassenen",
        "age_group": AgeGroup.ADULTS,
        "form_of_violence": FormOfViolence.PHYSICAL_ABUSE,
        "introduction": (
            "Signalen van lichamelijk geweld tegen een volwassene, meestal door een (ex-)"
            "partner of een ander familielid. Denk bij deze signalen ook aan de kinderen in "
            "het gezin en doe de kindcheck."
        ),
        "items": (
            "Letsel aan hoofd, hals, borst of armen, of blauwe plekken aan de onderarmen die "
            "passen bij afweren",
            "Striemen of vingerafdrukken in de hals, of klachten over slikken of heesheid na "
            "een incident",
            "De uitleg over het letsel past niet bij het letsel",
            "Steeds terugkerend letsel, soms in verschillende stadia van genezing",
            "Er is laat of geen medische hulp gezocht voor letsel",
            "Letsel tijdens een zwangerschap, vooral aan buik of borsten",
            "De partner is bij elk contact aanwezig en voert steeds het woord",
            "De cliënt lijkt bang voor de partner of kijkt eerst naar de partner voordat hij "
            "of zij antwoord geeft",
            "Afspraken worden vaak op het laatste moment afgezegd",
            "Klachten zonder duidelijke lichamelijke oorzaak, zoals slecht slapen, hoofdpijn "
            "of buikpijn",
        ),
    },
    {
        "key": "volwassenen-psychische-mishandeling",
        "title": "Psychische mishandeling en dwingende controle volwassenen",
        "age_group": AgeGroup.ADULTS,
        "form_of_violence": FormOfViolence.PSYCHOLOGICAL_ABUSE,
        "introduction": (
            "Signalen dat een volwassene door een partner of familielid wordt bedreigd, "
            "vernederd of gecontroleerd. Dit geweld laat geen zichtbare sporen na, maar kan "
            "net zo schadelijk zijn als lichamelijk geweld."
        ),
        "items": (
            "De partner controleert telefoon, geld, kleding of contacten van de cliënt",
            "De cliënt heeft geen eigen geld of geen toegang tot de eigen bankrekening",
            "De cliënt vertelt over bedreigingen, bijvoorbeeld met geweld, met het afpakken "
            "van de kinderen of met de verblijfsvergunning",
            "De cliënt wordt waar anderen bij zijn uitgescholden, vernederd of belachelijk gemaakt",
            "De cliënt vertelt dat hij of zij familie of vrienden niet meer mag zien",
            "De cliënt vraagt de partner om toestemming voor gewone dagelijkse dingen",
            "De partner belt of appt tijdens afspraken steeds om te vragen waar de cliënt is",
            "Somberheid, angst of schuldgevoel, of uitspraken over niet meer willen leven",
        ),
    },
    {
        "key": "volwassenen-ouderenmishandeling",
        "title": "Ouderenmishandeling",
        "age_group": AgeGroup.ADULTS,
        "form_of_violence": FormOfViolence.ELDER_ABUSE,
        "introduction": (
            "Signalen van mishandeling, verwaarlozing of financiële uitbuiting van een oudere "
            "die afhankelijk is van een partner, kind, mantelzorger of andere naaste. Een "
            "overbelaste mantelzorger kan een verklaring zijn, maar is geen reden om niet te "
            "handelen."
        ),
        "items": (
            "Blauwe plekken zonder verklaring, bijvoorbeeld aan bovenarmen of polsen door "
            "hard vastpakken",
            "Doorligplekken, uitdroging of ondervoeding terwijl er zorg of mantelzorg is",
            "Medicijnen worden niet, te veel of verkeerd gegeven",
            "Geldopnames die niet te verklaren zijn, onbetaalde rekeningen of verdwenen "
            "bezittingen",
            "Een familielid of kennis neemt zonder duidelijke afspraken de geldzaken over",
            "De oudere krijgt geen bezoek meer, of de mantelzorger is bij elk gesprek aanwezig",
            "De oudere is angstig of stil als een bepaalde persoon in de buurt is",
            "Een vervuilde woning, vuile kleding of te weinig eten in huis",
            "De mantelzorger praat boos, overbelast of dreigend over de oudere",
        ),
    },
)

# Sectors -----------------------------------------------------------------------------------

_CONVERSATION_CHILD = (
    "Is de betrokkene jonger dan 16 jaar, dan voer je het gesprek met de ouders of "
    "wettelijk vertegenwoordigers. Praat waar het kan ook met het kind zelf, op een manier "
    "die past bij leeftijd en ontwikkeling. Vanaf 16 jaar voer je het gesprek met de "
    "jongere zelf."
)

_KINDCHECK_CONVERSATION = (
    "Gaan je zorgen over de kinderen van je cliënt (de kindcheck in stap 1), dan bespreek "
    "je ze met je cliënt als ouder."
)

_ADULT_REPRESENTATIVE = (
    "Heeft een volwassen cliënt een wettelijk vertegenwoordiger, zoals een curator of "
    "mentor, betrek die dan ook, tenzij die vertegenwoordiger zelf bij het geweld "
    "betrokken lijkt."
)

#: What differs between the sectors. Everything else on the pages is shared.
_SECTORS = {
    Sector.ONDERWIJS: {
        "organisation": "onze school",
        "applies_to": (
            "alle medewerkers van de school: leerkrachten, mentoren, intern begeleiders, "
            "zorgcoördinatoren, onderwijsassistenten, conciërges en de schoolleiding"
        ),
        "concern": "een leerling",
        "talk_with": "de ouders en, waar het kan, de leerling",
        "kindcheck": False,
        "kindcheck_note": "",
        "children": True,
        "intro_extra": (
            "Je ziet leerlingen elke dag en merkt daardoor vaak als eerste dat er iets aan "
            "de hand is, thuis of in hun omgeving."
        ),
        "secrecy": (
            "Leerkrachten en andere medewerkers in het onderwijs hebben meestal geen "
            "wettelijk beroepsgeheim zoals een arts. Je gaat wel zorgvuldig om met "
            "gegevens over leerlingen en hun ouders, en deelt alleen wat nodig is."
        ),
        "consult": (
            "de intern begeleider of zorgcoördinator, of met de aandachtsfunctionaris van de school"
        ),
        "experts": (
            "de jeugdarts of jeugdverpleegkundige van de jeugdgezondheidszorg of het "
            "schoolmaatschappelijk werk"
        ),
        "colleague": (
            "Gaat het om een mogelijk zedendelict door een medewerker van de school tegen "
            "een minderjarige leerling, dan ben je wettelijk verplicht dit direct te melden "
            "bij het schoolbestuur. Het bestuur overlegt met de vertrouwensinspecteur van "
            "de Inspectie van het Onderwijs en doet aangifte als er een redelijk vermoeden "
            "is."
        ),
        "conversation": (
            f"<p>{_CONVERSATION_CHILD} Bespreek met de aandachtsfunctionaris of en hoe je bij "
            "een leerling van 16 jaar of ouder ook de ouders betrekt.</p>"
            "<p>Voer het gesprek met de ouders niet tussen de deur, maar plan een rustig "
            "moment, bij voorkeur samen met de intern begeleider, de zorgcoördinator of "
            "iemand van de schoolleiding.</p>"
        ),
        "help": (
            "Denk aan extra begeleiding op school, de inzet van de jeugdgezondheidszorg of "
            "schoolmaatschappelijk werk, of een verwijzing naar het wijkteam of jeugdhulp "
            "via het ondersteuningsteam van de school."
        ),
        "signal_ages": (AgeGroup.AGE_4_12, AgeGroup.AGE_12_18),
        "signal_forms": (),
    },
    Sector.KINDEROPVANG: {
        "organisation": "onze kinderopvang",
        "applies_to": (
            "alle medewerkers van de kinderopvang: pedagogisch medewerkers, "
            "pedagogisch coaches, locatiemanagers, gastouders, bemiddelingsmedewerkers, "
            "stagiairs en vrijwilligers"
        ),
        "concern": "een kind",
        "talk_with": "de ouders",
        "kindcheck": False,
        "kindcheck_note": "",
        "children": True,
        "intro_extra": (
            "Jonge kinderen kunnen vaak nog niet vertellen wat er thuis gebeurt. Wat jij "
            "ziet aan het kind en in het contact met de ouders is daarom belangrijk."
        ),
        "secrecy": (
            "Medewerkers in de kinderopvang hebben geen wettelijk beroepsgeheim zoals een "
            "arts. Je gaat wel zorgvuldig om met gegevens over kinderen en hun ouders, en "
            "deelt alleen wat nodig is."
        ),
        "consult": (
            "de aandachtsfunctionaris, of met je leidinggevende als de aandachtsfunctionaris "
            "niet bereikbaar is"
        ),
        "experts": "de jeugdgezondheidszorg (het consultatiebureau) of het wijkteam",
        "colleague": (
            "Heb je een vermoeden dat een medewerker een geweld- of zedendelict pleegt "
            "tegen een kind, dan ben je wettelijk verplicht dit direct te melden bij de "
            "houder. De houder overlegt met een vertrouwensinspecteur en doet aangifte als "
            "er een redelijk vermoeden is."
        ),
        "conversation": (
            "<p>Het gesprek voer je met de ouders of wettelijk vertegenwoordigers. Jonge "
            "kinderen kunnen zelf vaak weinig vertellen: let goed op wat een kind laat zien "
            "en zegt, en stel open vragen zonder te sturen. Met oudere kinderen in de "
            "buitenschoolse opvang kun je op hun eigen niveau praten.</p>"
            "<p>Voer het gesprek met de ouders niet tussen de deur bij het brengen of halen, "
            "maar plan een rustig moment, bij voorkeur samen met de aandachtsfunctionaris of "
            "je leidinggevende.</p>"
        ),
        "help": (
            "Denk aan extra aandacht en ondersteuning op de groep, opvoedondersteuning via "
            "de jeugdgezondheidszorg, of een verwijzing naar het wijkteam."
        ),
        "signal_ages": (AgeGroup.AGE_0_4, AgeGroup.AGE_4_12),
        "signal_forms": (),
    },
    Sector.GEZONDHEIDSZORG: {
        "organisation": "onze organisatie",
        "applies_to": (
            "alle zorgverleners in onze organisatie, zoals artsen, verpleegkundigen, "
            "verzorgenden, verloskundigen, psychologen en paramedici"
        ),
        "concern": "een patiënt of cliënt, of over de kinderen van je cliënt",
        "talk_with": "je patiënt of cliënt",
        "kindcheck": True,
        "kindcheck_note": (
            "Je ziet de kinderen van een volwassen patiënt of cliënt vaak niet zelf. Vraag "
            "daarom actief naar hen, bijvoorbeeld bij de intake, bij een opname en als de "
            "situatie van je cliënt verandert."
        ),
        "children": False,
        "intro_extra": (
            "Werk je met volwassen patiënten of cliënten, dan kijk je ook naar hun kinderen: "
            "de kindcheck hoort bij stap 1."
        ),
        "secrecy": (
            "Als zorgverlener heb je een wettelijk beroepsgeheim. Het meldrecht geeft je de "
            "ruimte om dat geheim zorgvuldig te doorbreken als de veiligheid van je patiënt "
            "of cliënt, of van diens kinderen, dat vraagt."
        ),
        "consult": (
            "de aandachtsfunctionaris of een ervaren collega, bijvoorbeeld in het "
            "multidisciplinair overleg"
        ),
        "experts": (
            "een forensisch arts voor het duiden van letsel, of een collega met specifieke "
            "deskundigheid, zoals een kinderarts of psychiater"
        ),
        "colleague": (
            "Zorgaanbieders zijn daarnaast wettelijk verplicht geweld in de zorgrelatie te "
            "melden bij de Inspectie Gezondheidszorg en Jeugd. Je leidinggevende of de "
            "bestuurder zorgt daarvoor."
        ),
        "conversation": (
            "<p>Bij een volwassen patiënt of cliënt voer je het gesprek met de betrokkene "
            f"zelf. {_ADULT_REPRESENTATIVE} {_KINDCHECK_CONVERSATION}</p>"
            f"<p>{_CONVERSATION_CHILD}</p>"
        ),
        "help": (
            "Denk aan behandeling of begeleiding binnen onze organisatie, een verwijzing "
            "naar de huisarts, het wijkteam of maatschappelijk werk, of ondersteuning voor "
            "de kinderen via de jeugdgezondheidszorg."
        ),
        "signal_ages": (AgeGroup.ADULTS,),
        "signal_forms": (),
    },
    Sector.JEUGDHULP: {
        "organisation": "onze organisatie",
        "applies_to": (
            "alle medewerkers die met jeugdigen en hun ouders werken, zoals "
            "jeugdhulpverleners, gezinsbegeleiders, groepsleiders, gedragswetenschappers "
            "en jeugdbeschermers"
        ),
        "concern": "een jeugdige, of over een ouder, broer of zus in het gezin",
        "talk_with": "de jeugdige en de ouders",
        "kindcheck": True,
        "kindcheck_note": (
            "Werk je met ouders, bijvoorbeeld in gezinsbegeleiding of ouderbegeleiding, doe "
            "de kindcheck dan ook voor de broers en zussen van je cliënt."
        ),
        "children": True,
        "intro_extra": (
            "Werk je ook met ouders, bijvoorbeeld in gezinsbegeleiding of ouderbegeleiding, "
            "dan doe je de kindcheck: je kijkt ook naar de andere kinderen in het gezin."
        ),
        "secrecy": (
            "Als jeugdhulpverlener heb je een geheimhoudingsplicht op grond van de "
            "Jeugdwet. Het meldrecht geeft je de ruimte om die zorgvuldig te doorbreken als "
            "de veiligheid van een jeugdige of een gezinslid dat vraagt."
        ),
        "consult": (
            "de aandachtsfunctionaris, een gedragswetenschapper of een ervaren collega uit je team"
        ),
        "experts": (
            "een forensisch arts of kinderarts voor het duiden van letsel, of een deskundige "
            "op het gebied van seksueel misbruik"
        ),
        "colleague": (
            "Jeugdhulpaanbieders zijn daarnaast wettelijk verplicht geweld bij het verlenen "
            "van jeugdhulp te melden bij de Inspectie Gezondheidszorg en Jeugd. Je "
            "leidinggevende of de bestuurder zorgt daarvoor."
        ),
        "conversation": (
            f"<p>{_CONVERSATION_CHILD}</p>"
            "<p>Gaan je zorgen over een ouder, of over broers of zussen van je cliënt, "
            "bespreek ze dan met de ouders. Zijn de ouders zelf betrokken bij het geweld, "
            "bereid het gesprek dan extra zorgvuldig voor en denk na over de veiligheid van "
            "de jeugdige na het gesprek.</p>"
        ),
        "help": (
            "Denk aan aanpassing van de lopende hulp, gezinsbegeleiding, een "
            "veiligheidsplan met het gezin en het netwerk, of specialistische hulp bij "
            "trauma of geweld."
        ),
        "signal_ages": (AgeGroup.AGE_0_4, AgeGroup.AGE_4_12, AgeGroup.AGE_12_18),
        "signal_forms": (),
    },
    Sector.MAATSCHAPPELIJKE_ONDERSTEUNING: {
        "organisation": "onze organisatie",
        "applies_to": (
            "alle medewerkers die cliënten ondersteunen, zoals medewerkers van wijkteams, "
            "maatschappelijk werk, thuisbegeleiding, schuldhulpverlening, dagbesteding, "
            "beschermd wonen en maatschappelijke opvang"
        ),
        "concern": "een cliënt, of over kinderen of anderen in het huishouden van je cliënt",
        "talk_with": "je cliënt",
        "kindcheck": True,
        "kindcheck_note": (
            "Kom je bij een cliënt thuis, let dan ook op hoe het gaat met de kinderen in het "
            "huishouden, en vraag ernaar."
        ),
        "children": False,
        "intro_extra": (
            "Je komt vaak bij mensen thuis en ziet daardoor meer dan anderen. Let ook op "
            "kinderen in het huishouden: de kindcheck hoort bij stap 1."
        ),
        "secrecy": (
            "Veel medewerkers in de maatschappelijke ondersteuning hebben een "
            "geheimhoudingsplicht, bijvoorbeeld uit hun beroepscode. Het meldrecht geeft je "
            "de ruimte om die zorgvuldig te doorbreken als de veiligheid van je cliënt of "
            "een huisgenoot dat vraagt."
        ),
        "consult": "de aandachtsfunctionaris of een ervaren collega uit je team",
        "experts": (
            "een deskundige op het gebied van ouderenmishandeling of financiële uitbuiting, "
            "of een forensisch arts voor het duiden van letsel"
        ),
        "colleague": (
            "Aanbieders van maatschappelijke ondersteuning zijn daarnaast wettelijk "
            "verplicht geweld bij het verstrekken van een voorziening te melden bij de "
            "toezichthouder van de gemeente. Je leidinggevende zorgt daarvoor."
        ),
        "conversation": (
            f"<p>Je voert het gesprek met je cliënt zelf. {_ADULT_REPRESENTATIVE} "
            f"{_KINDCHECK_CONVERSATION}</p>"
            "<p>Is je cliënt afhankelijk van een mantelzorger, bijvoorbeeld bij een "
            "vermoeden van ouderenmishandeling, praat dan eerst met je cliënt alleen, zonder "
            "de mantelzorger erbij.</p>"
        ),
        "help": (
            "Denk aan het uitbreiden of aanpassen van de ondersteuning, hulp bij "
            "geldzaken, ontlasting van een overbelaste mantelzorger, of een verwijzing naar "
            "specialistische hulp bij geweld."
        ),
        "signal_ages": (AgeGroup.ADULTS,),
        "signal_forms": (),
    },
    Sector.JUSTITIE: {
        "organisation": "onze organisatie",
        "applies_to": (
            "alle medewerkers die met cliënten en justitiabelen werken, zoals medewerkers "
            "van de reclassering, penitentiaire inrichtingen, justitiële jeugdinrichtingen "
            "en forensische zorg"
        ),
        "concern": "een cliënt, of over de partner of kinderen van je cliënt",
        "talk_with": "je cliënt",
        "kindcheck": True,
        "kindcheck_note": (
            "Vraag bij de intake, bij het begin van een detentie en bij verlof of ontslag "
            "naar de kinderen van je cliënt en naar wie er dan voor hen zorgt."
        ),
        "children": False,
        "intro_extra": (
            "Je cliënt kan slachtoffer zijn, maar ook (mogelijk) degene die geweld pleegt. "
            "Kijk daarom ook naar de veiligheid van de partner en de kinderen: de kindcheck "
            "hoort bij stap 1."
        ),
        "secrecy": (
            "Ook in justitiële organisaties gelden regels voor geheimhouding en het delen "
            "van gegevens. Weet je niet welke regels voor jou gelden, vraag het dan de "
            "aandachtsfunctionaris."
        ),
        "consult": (
            "de aandachtsfunctionaris of een ervaren collega, bijvoorbeeld in het casusoverleg"
        ),
        "experts": (
            "een deskundige op het gebied van partnergeweld of eergerelateerd geweld, of een "
            "forensisch arts voor het duiden van letsel"
        ),
        "colleague": "Volg daarbij ook de meldprocedure voor incidenten van onze organisatie.",
        "conversation": (
            f"<p>Je voert het gesprek met je cliënt zelf. {_KINDCHECK_CONVERSATION} Is je "
            "cliënt jonger dan 16 jaar, dan voer je het gesprek met de ouders of wettelijk "
            "vertegenwoordigers, en waar het kan ook met de jongere zelf.</p>"
            "<p>Is je cliënt mogelijk degene die het geweld pleegt, bespreek dan vooraf met "
            "de aandachtsfunctionaris hoe je de veiligheid van de partner en de kinderen "
            "bewaakt tijdens en na het gesprek.</p>"
        ),
        "help": (
            "Denk aan afspraken in het toezicht of het behandelplan, een "
            "gedragsinterventie gericht op geweld, of hulp voor de partner en kinderen via "
            "het wijkteam of jeugdhulp."
        ),
        "signal_ages": (AgeGroup.ADULTS,),
        "signal_forms": (FormOfViolence.WITNESS_DOMESTIC_VIOLENCE,),
    },
}

# Block helpers -----------------------------------------------------------------------------


def _heading(text):
    return {"type": "heading", "value": text}


def _text(html):
    return {"type": "text", "value": html}


def _checklist(title, items):
    return {"type": "checklist", "value": {"title": title, "items": list(items)}}


def _notice(kind, title, html):
    return {"type": "notice", "value": {"kind": kind, "title": title, "text": html}}


def _afwegingskader(questions, intro):
    return {"type": "afwegingskader", "value": {"questions": questions, "intro": intro}}


def _record(items):
    return {"type": "what_to_record", "value": {"title": "Wat leg je vast", "items": list(items)}}


def _signal_list_keys(sector):
    """The keys of the signal lists that step 1 shows for this sector."""
    profile = _SECTORS[sector]
    return [
        data["key"]
        for data in SIGNAL_LISTS
        if data["age_group"] in profile["signal_ages"]
        or data["form_of_violence"] in profile["signal_forms"]
    ]


# The index page ----------------------------------------------------------------------------

_PROFESSIONAL_SECRECY = (
    "<p>Veel professionals hebben een beroepsgeheim of een andere plicht tot "
    "geheimhouding. Dat beschermt het vertrouwen dat mensen in je stellen. Bij (een "
    "vermoeden van) huiselijk geweld of kindermishandeling kan de veiligheid van een kind of "
    "volwassene zwaarder wegen dan dat geheim.</p>"
    "<p>{secrecy}</p>"
    "<h3>Het meldrecht</h3>"
    "<p>Artikel 5.2.6 van de Wet maatschappelijke ondersteuning 2015 geeft professionals met "
    "een geheimhoudingsplicht het recht om zonder toestemming van de betrokkene een "
    "vermoeden van huiselijk geweld of kindermishandeling te melden bij Veilig Thuis en "
    "Veilig Thuis daarover informatie te geven. Dat mag als die informatie nodig is om het "
    "geweld te stoppen of om een redelijk vermoeden ervan te onderzoeken. Je volgt daarbij "
    "de stappen van deze meldcode.</p>"
    "<h3>Een meldcode, geen meldplicht</h3>"
    "<p>De meldcode verplicht je niet om elk vermoeden te melden. Je bent wel verplicht de "
    "stappen te doorlopen en je afweging vast te leggen. Is er sprake van acute of "
    "structurele onveiligheid, dan is melden bij Veilig Thuis de norm voor elke "
    "professional.</p>"
    "<h3>Zorgvuldig omgaan met informatie</h3>"
    "<ul>"
    "<li>Deel alleen de informatie die nodig is voor de veiligheid van de betrokkenen.</li>"
    "<li>Bij collegiale consultatie en bij een adviesvraag aan Veilig Thuis kun je de "
    "situatie vaak bespreken zonder namen te noemen.</li>"
    "<li>Leg vast welke informatie je met wie hebt gedeeld, en waarom.</li>"
    "<li>Twijfel je of je informatie mag delen? Overleg met de aandachtsfunctionaris of vraag "
    "Veilig Thuis om advies.</li>"
    "</ul>"
)

_VEILIG_THUIS = (
    "<p>Veilig Thuis is het advies- en meldpunt voor huiselijk geweld en kindermishandeling. "
    "Je belt Veilig Thuis gratis via <b>0800-2000</b>, 24 uur per dag en 7 dagen per week. "
    "Is er direct gevaar, bel dan eerst <b>112</b>.</p>"
    "<p><b>Advies vragen.</b> Je kunt in elke stap van de meldcode advies vragen, "
    "bijvoorbeeld over wat je signalen betekenen of hoe je een gesprek voorbereidt. Voor een "
    "advies hoef je de namen van de betrokkenen niet te noemen. Leg het advies vast in het "
    "dossier.</p>"
    "<p><b>Melden.</b> Bij een melding geef je wel de namen van de betrokkenen door. Veilig "
    "Thuis beoordeelt binnen vijf werkdagen na de melding wat er nodig is en laat je weten "
    "welke vervolgstap het neemt. Melden betekent niet dat je de zorg overdraagt: waar het "
    "kan, blijf je betrokken.</p>"
    "<ul>"
    "<li>Vertel wat je hebt gezien en gehoord, en van wie je informatie afkomstig is.</li>"
    "<li>Vertel of je de melding met de betrokkene hebt besproken en hoe die reageerde.</li>"
    "<li>Spreek af wat jij na de melding nog doet, binnen je eigen rol.</li>"
    "</ul>"
)


def meldcode_page(sector: Sector) -> dict:
    """Field values of the meldcode index page for this sector."""
    profile = _SECTORS[sector]
    introduction = (
        f"<p>Dit is de meldcode huiselijk geweld en kindermishandeling van "
        f"{profile['organisation']}. De meldcode geldt voor {profile['applies_to']}. "
        f"{profile['intro_extra']}</p>"
        "<h2>Waarvoor is de meldcode?</h2>"
        "<p>De meldcode helpt je om goed te handelen als je vermoedt dat iemand te maken "
        "heeft met huiselijk geweld of kindermishandeling. Het gaat om lichamelijk, psychisch "
        "en seksueel geweld en om verwaarlozing, en ook om eergerelateerd geweld, "
        "vrouwelijke genitale verminking en ouderenmishandeling. De meldcode geeft je "
        "houvast bij de vraag of een melding bij Veilig Thuis nodig is en wat je zelf kunt "
        "doen. De beslissing neem je als professional; de meldcode zorgt ervoor dat je die "
        "zorgvuldig neemt.</p>"
        "<p>De meldcode heeft vijf stappen; hieronder staat per stap wat je doet. Je hoeft "
        "ze niet altijd precies in deze volgorde te zetten, maar je slaat er geen over. Bij "
        "elke stap leg je vast wat je hebt gedaan.</p>"
        "<h2>Onze eigen meldcode</h2>"
        f"<p>Deze meldcode is gebaseerd op het landelijke basismodel meldcode huiselijk "
        f"geweld en kindermishandeling en is uitgewerkt voor {profile['organisation']}. De "
        "organisatie stelt de meldcode vast, zorgt dat medewerkers ermee kunnen werken en "
        "kijkt regelmatig of hij nog goed aansluit bij de praktijk.</p>"
        "<p><b>Is er direct gevaar? Bel 112.</b></p>"
    )
    return {
        "title": "Meldcode huiselijk geweld en kindermishandeling",
        "slug": "meldcode",
        "introduction": introduction,
        "contacts": [],
        "professional_secrecy": _PROFESSIONAL_SECRECY.format(secrecy=profile["secrecy"]),
        "veilig_thuis": _VEILIG_THUIS,
    }


# The step pages ----------------------------------------------------------------------------


def _step_1(sector, profile):
    body = [
        _text(
            f"<p>De meldcode begint zodra je je zorgen maakt over de veiligheid van "
            f"{profile['concern']}. Je hoeft niet zeker te weten dat er sprake is van geweld "
            "of mishandeling: een vermoeden is genoeg. In deze stap breng je in kaart wat je "
            "hebt gezien en gehoord, zodat je zorgen concreet worden en anderen ze kunnen "
            "nagaan.</p>"
            "<p>Een zorgvuldig dossier helpt je bij het overleg, het gesprek en de afweging "
            "in de volgende stappen. Het beschermt ook de betrokkenen: wat je over hen "
            "vastlegt, moet kloppen en moet te onderscheiden zijn van wat jij ervan "
            "denkt.</p>"
        ),
        _checklist(
            "Zo breng je signalen in kaart",
            (
                "Schrijf op wat je zelf hebt gezien en gehoord, zo concreet mogelijk",
                "Noteer bij elk signaal de datum en de bron: je eigen waarneming of een "
                "persoon die je bij naam en functie noemt",
                "Houd feiten en je eigen vermoedens uit elkaar; schrijf een vermoeden op als "
                "hypothese",
                "Maak een vervolgnotitie als een hypothese later wordt bevestigd of juist "
                "ontkracht",
                "Neem een diagnose alleen over als een bevoegde professional die heeft "
                "gesteld, en noem wie dat was",
                "Leg ook informatie vast die je zorgen vermindert of ontkracht",
                "Stel open vragen en vraag niet sturend door: je hoeft niet te bewijzen dat "
                "er geweld is",
                "Laat de aandachtsfunctionaris weten dat je de meldcode bent gestart",
            ),
        ),
        _heading("Signalenkaarten"),
        _text(
            "<p>De signalenkaarten hieronder helpen je om gericht te kijken en je "
            "waarnemingen te beschrijven. Een signaal is geen bewijs: veel signalen kunnen "
            "ook een andere oorzaak hebben. Vooral een combinatie van signalen, of signalen "
            "die blijven terugkomen, is reden om verder te gaan met de meldcode. Staat een "
            "signaal niet op een kaart, leg het dan toch vast. De organisatie kan de kaarten "
            "aanpassen en aanvullen.</p>"
        ),
    ]
    body += [{"type": "signal_list", "value": {"list": key}} for key in _signal_list_keys(sector)]
    if profile["kindcheck"]:
        body += [
            _heading("Kindcheck"),
            _text(
                "<p>Met de kindcheck kijk je of de kinderen van een volwassen cliënt veilig "
                "zijn, ook als je die kinderen zelf niet ziet. Problemen van een ouder, "
                "zoals geweld in de relatie, een verslaving, ernstige psychische problemen "
                "of een verstandelijke beperking, kunnen de zorg voor kinderen onder druk "
                "zetten. Zijn er zorgen over de kinderen, dan breng je die in kaart en volg "
                "je voor hen de stappen van de meldcode.</p>"
                f"<p>{profile['kindcheck_note']}</p>"
            ),
            _checklist(
                "Vragen van de kindcheck",
                (
                    "Heeft je cliënt problemen die de zorg voor kinderen kunnen bedreigen, "
                    "zoals geweld, een verslaving, ernstige psychische problemen of een "
                    "verstandelijke beperking?",
                    "Heeft je cliënt de zorg voor kinderen, of is je cliënt zwanger?",
                    "Hoeveel kinderen zijn er en hoe oud zijn ze?",
                    "Wie zorgt er nog meer voor de kinderen?",
                    "Is de zorg voor de kinderen geregeld als je cliënt wordt opgenomen, "
                    "vastzit of om een andere reden niet thuis is?",
                    "Zijn er signalen dat de kinderen niet veilig zijn?",
                ),
            ),
        ]
    body.append(
        _notice(
            "warning",
            "Vermoeden van geweld door een collega",
            "<p>Deze stappen gaan over geweld in de thuissituatie. Vermoed je dat een "
            "collega of een andere medewerker geweld gebruikt of grensoverschrijdend gedrag "
            "vertoont tegenover iemand die aan onze zorg is toevertrouwd, volg dan de interne "
            "procedure en meld het direct bij je leidinggevende of de directie. Leg vast wat "
            "je hebt gezien en met wie je hebt gesproken.</p>"
            f"<p>{profile['colleague']}</p>",
        )
    )
    records = [
        "De datum van elke waarneming, en de datum waarop je die vastlegt",
        "Wat je precies hebt gezien of gehoord, in feitelijke woorden; uitspraken zo "
        "letterlijk mogelijk en tussen aanhalingstekens",
        "De bron van elk signaal: je eigen waarneming, of de naam en functie van degene van "
        "wie je het hebt gehoord",
        "Vermoedens en interpretaties, duidelijk aangeduid als hypothese",
        "Vervolgnotities waarin je een hypothese bevestigt of ontkracht",
        "Diagnoses alleen als een bevoegde professional die heeft gesteld, met de naam van "
        "die professional",
        "Informatie die je zorgen vermindert of ontkracht",
        "Wie je in de organisatie hebt laten weten dat je de meldcode bent gestart, en wanneer",
    ]
    if profile["kindcheck"]:
        records.append(
            "De uitkomst van de kindcheck: of je cliënt de zorg heeft voor kinderen of zwanger "
            "is, het aantal kinderen en hun leeftijden, en wie de zorg voor hen deelt"
        )
    body.append(_record(records))
    return {
        "title": "Signalen in kaart brengen",
        "slug": "stap-1-signalen-in-kaart-brengen",
        "step_number": 1,
        "summary": (
            "Je legt je zorgen vast: wat je ziet en hoort, wanneer en van wie. Zo ontstaat "
            "een feitelijk beeld waarop je de volgende stappen baseert."
        ),
        "body": body,
    }


def _step_2(sector, profile):
    body = [
        _text(
            "<p>Een vermoeden van huiselijk geweld of kindermishandeling hoef je niet alleen "
            f"te beoordelen. In deze stap bespreek je je signalen met {profile['consult']}. "
            "Samen kijk je of je zorgen terecht zijn, welke informatie nog ontbreekt en wat "
            "een goede volgende stap is.</p>"
            "<p>Heb je meer deskundigheid nodig, vraag dan advies aan Veilig Thuis of aan een "
            f"andere deskundige, zoals {profile['experts']}. Dat kan op elk moment in de "
            "meldcode, en zo vaak als nodig is.</p>"
        ),
        _checklist(
            "Het overleg voorbereiden en voeren",
            (
                "Zet op een rij welke signalen je hebt en van wie ze afkomstig zijn",
                "Stel een duidelijke vraag, bijvoorbeeld: zie jij hetzelfde, wat weet jij "
                "nog meer, wat is een goede volgende stap?",
                "Deel alleen de informatie die nodig is; dat kan vaak zonder namen",
                "Bespreek of er direct gevaar is en of er meteen iets moet gebeuren",
                "Bespreek of advies van Veilig Thuis of een andere deskundige nodig is",
                "Ga na of er signalen zijn van vrouwelijke genitale verminking of "
                "eergerelateerd geweld",
                "Spreek af wie wat doet en wanneer, en bereid samen het gesprek van stap 3 voor",
            ),
        ),
        _notice(
            "warning",
            "Vrouwelijke genitale verminking en eergerelateerd geweld",
            "<p>Zie je signalen van (dreigende) vrouwelijke genitale verminking of van "
            "eergerelateerd geweld? Dan is overleg met Veilig Thuis of met een deskundige op "
            "dat gebied <b>verplicht</b> voordat je verdergaat. Deze situaties vragen "
            "specifieke kennis en kunnen snel gevaarlijk worden, bijvoorbeeld als de familie "
            "merkt dat er zorgen zijn.</p>"
            "<p>Neem daarom geen contact op met de familie voordat je dit advies hebt "
            "gekregen, en leg het advies vast in het dossier.</p>",
        ),
        _notice(
            "info",
            "Anoniem advies van Veilig Thuis",
            "<p>Veilig Thuis is gratis bereikbaar via <b>0800-2000</b>, dag en nacht. Voor een "
            "advies hoef je de namen van de betrokkenen niet te noemen. Zij horen dus niet "
            "dat je advies hebt gevraagd. Veilig Thuis kan je ook helpen bij het voorbereiden "
            "van het gesprek in stap 3.</p>",
        ),
        _record(
            (
                "Met wie je hebt overlegd, met naam en functie, en wanneer",
                "Welke vraag je hebt voorgelegd en welke informatie je daarbij hebt gedeeld",
                "Het advies dat je kreeg, en wat je ermee doet",
                "Of je Veilig Thuis hebt geraadpleegd, wanneer, of dat anoniem was en welk "
                "advies je kreeg",
                "Het advies van andere deskundigen, met hun naam en deskundigheid",
                "Bij signalen van genitale verminking of eergerelateerd geweld: het "
                "verplichte overleg met Veilig Thuis of een deskundige en de uitkomst daarvan",
                "De afspraken over de volgende stap: wie doet wat, en wanneer",
            )
        ),
    ]
    return {
        "title": "Collegiale consultatie en zo nodig Veilig Thuis raadplegen",
        "slug": "stap-2-collegiale-consultatie",
        "step_number": 2,
        "summary": (
            "Je bespreekt je signalen met een deskundige collega en vraagt zo nodig advies aan "
            "Veilig Thuis of een andere deskundige. Zo beoordeel je de situatie niet alleen."
        ),
        "body": body,
    }


def _step_3(sector, profile):
    body = [
        _text(
            "<p>In deze stap ga je met de betrokkene(n) in gesprek over je zorgen. Openheid "
            "is het uitgangspunt: mensen hebben er recht op te weten wat je ziet en waarom je "
            "je zorgen maakt. Het gesprek kan je zorgen bevestigen, maar ook een andere "
            "verklaring opleveren. Soms is het gesprek al het begin van hulp.</p>"
            f"{profile['conversation']}"
        ),
        _checklist(
            "Het gesprek voorbereiden",
            (
                "Bespreek met de aandachtsfunctionaris wie het gesprek voert en of er iemand "
                "meegaat",
                "Zet de feiten uit het dossier op een rij die je wilt bespreken",
                "Kies een rustige plek en neem voldoende tijd",
                "Regel zo nodig een professionele tolk; laat nooit een kind of familielid tolken",
                "Ga vooraf na of het gesprek iemand in gevaar kan brengen, bijvoorbeeld een "
                "kind dat daarna naar huis gaat of een partner die thuis geweld meemaakt",
                "Vraag zo nodig Veilig Thuis om advies bij de voorbereiding",
            ),
        ),
        _checklist(
            "Het gesprek in vier stappen",
            (
                "Vertel waarom je het gesprek voert en wat je ermee wilt bereiken",
                "Beschrijf de feiten: wat je zelf hebt gezien en gehoord, en wat je van "
                "anderen hebt gehoord",
                "Vraag om een reactie en luister naar de uitleg van de betrokkene",
                "Geef pas daarna, als dat nodig is, je eigen interpretatie van wat je hebt "
                "gezien en gehoord",
            ),
        ),
    ]
    if profile["children"]:
        body.append(
            _notice(
                "info",
                "Praten met een kind",
                "<p>Stel open vragen en laat het kind in eigen woorden vertellen. Beloof "
                "geen geheimhouding, maar vertel wel dat je het bespreekt met iemand die kan "
                "helpen. Vertelt een kind dat het thuis wordt mishandeld of dat er thuis "
                "geweld is, overleg dan direct met de aandachtsfunctionaris: zo'n onthulling "
                "wijst op acute onveiligheid.</p>",
            )
        )
    body += [
        _notice(
            "warning",
            "Wanneer je het gesprek mag overslaan",
            "<p>Je slaat het gesprek alleen over als:</p>"
            "<ul>"
            "<li>de veiligheid van de betrokkene, van jezelf of van een ander door het "
            "gesprek in gevaar komt; of</li>"
            "<li>je goede redenen hebt om aan te nemen dat de betrokkene daardoor het contact "
            "met je verbreekt.</li>"
            "</ul>"
            "<p>Neem dit besluit samen met de aandachtsfunctionaris en leg vast waarom je het "
            "gesprek niet voert. Bij signalen van eergerelateerd geweld of dreigende "
            "genitale verminking bepaal je samen met Veilig Thuis of een deskundige of en hoe "
            "je het gesprek voert.</p>",
        ),
        _record(
            (
                "De datum van het gesprek en wie erbij waren",
                "Hoe je het doel van het gesprek hebt uitgelegd",
                "Welke feiten je hebt besproken",
                "De reactie van de betrokkene(n), waar het kan letterlijk",
                "Je eigen interpretatie, apart van de feiten en aangeduid als interpretatie",
                "De afspraken die je hebt gemaakt",
                "Of er een tolk was, en wie dat was",
                "Als je het gesprek niet hebt gevoerd: de reden, wie dat heeft besloten en wanneer",
            )
        ),
    ]
    return {
        "title": "Gesprek met de betrokkene(n)",
        "slug": "stap-3-gesprek-met-de-betrokkenen",
        "step_number": 3,
        "summary": (
            f"Je bespreekt je zorgen met {profile['talk_with']}. Je legt uit waarom, noemt de "
            "feiten en vraagt om een reactie; pas daarna geef je zo nodig je interpretatie."
        ),
        "body": body,
    }


def _step_4(sector, profile):
    body = [
        _text(
            "<p>In deze stap weeg je alles wat je in de eerste drie stappen hebt verzameld: "
            "de signalen, het advies uit het overleg en het gesprek met de betrokkene(n). "
            "Sinds 1 januari 2019 gebruik je daarbij verplicht het afwegingskader. Zo kom je "
            "op een vaste, navolgbare manier tot een oordeel.</p>"
            "<p>Het afwegingskader adviseert; jij beslist als professional. Wijk je af van "
            "wat het afwegingskader aangeeft, leg dan schriftelijk vast waarom. Weeg bij "
            "voorkeur samen met de aandachtsfunctionaris. Heeft je beroepsgroep een eigen "
            "uitwerking van het afwegingskader, gebruik die dan als aanvulling.</p>"
        ),
        _afwegingskader(
            "4",
            "<p>Beantwoord de vragen in deze volgorde. Is het antwoord op vraag 1 <b>nee</b>, "
            "dan sluit je het dossier en leg je vast waarom er geen vermoeden (meer) is. Is "
            "het antwoord op vraag 2 <b>ja</b>, dan meld je bij Veilig Thuis; de vragen van "
            "stap 5 beantwoord je dan samen met Veilig Thuis.</p>",
        ),
        _heading("Acute en structurele onveiligheid"),
        _text(
            "<p><b>Acute onveiligheid</b> betekent dat iemand direct lichamelijk gevaar "
            "loopt. De veiligheid in de komende uren of dagen is niet zeker en er is meteen "
            "bescherming nodig. Vertelt een kind of een afhankelijke volwassene je zelf over "
            "het geweld, ga dan uit van acute onveiligheid. Bij direct gevaar bel je "
            "<b>112</b>.</p>"
            "<p><b>Structurele onveiligheid</b> betekent dat geweld of verwaarlozing zich "
            "herhaalt of blijft bestaan: er is een patroon. Denk aan een kind dat steeds "
            "opnieuw getuige is van geweld tussen de volwassenen thuis.</p>"
        ),
        _checklist(
            "Bij het wegen",
            (
                "Gebruik alle informatie uit stap 1 tot en met 3, ook informatie die je "
                "zorgen vermindert",
                "Kijk naar de aard, de ernst, de duur en de frequentie van het geweld of de "
                "verwaarlozing",
                "Kijk hoe afhankelijk en kwetsbaar de betrokkene is, bijvoorbeeld door "
                "leeftijd, een beperking of ziekte",
                "Kijk naar wat beschermt, zoals een ouder of naaste die veiligheid biedt of "
                "hulp die al loopt",
                "Eerdere zorgen, meldingen of hulp die niet heeft gewerkt kunnen wijzen op "
                "een patroon",
            ),
        ),
        _notice(
            "info",
            "Twijfel je?",
            "<p>Vraag Veilig Thuis om advies via <b>0800-2000</b>. Ook bij het beantwoorden "
            "van de vragen van het afwegingskader kun je anoniem advies vragen.</p>",
        ),
        _record(
            (
                "Welke informatie je hebt gewogen",
                "Het antwoord op vraag 1 en de reden daarvoor",
                "Het antwoord op vraag 2 en de reden: acute onveiligheid, structurele "
                "onveiligheid of geen van beide",
                "Met wie je de weging hebt gemaakt",
                "Als je afwijkt van de uitkomst van het afwegingskader: de reden",
                "Als er geen vermoeden is: waarom je het dossier sluit",
            )
        ),
    ]
    return {
        "title": "Wegen met het afwegingskader",
        "slug": "stap-4-wegen-met-het-afwegingskader",
        "step_number": 4,
        "summary": (
            "Je weegt met het afwegingskader of er een vermoeden is van huiselijk geweld of "
            "kindermishandeling, en of er sprake is van acute of structurele onveiligheid."
        ),
        "body": body,
    }


def _step_5(sector, profile):
    body = [
        _text(
            "<p>In deze stap neem je twee aparte beslissingen. De eerste: <b>is melden bij "
            "Veilig Thuis noodzakelijk?</b> De tweede: <b>is hulp bieden of organiseren (ook) "
            "mogelijk?</b> Op beide vragen kan het antwoord ja zijn: een melding betekent "
            "niet dat jouw betrokkenheid stopt.</p>"
            "<p>Melden is noodzakelijk bij acute of structurele onveiligheid (vraag 2 in stap "
            "4), en ook als je bij een van de vragen hieronder uitkomt op nee.</p>"
        ),
        _afwegingskader(
            "5",
            "<p>Beantwoord deze vragen na elkaar. Is het antwoord op een van de vragen "
            "<b>nee</b>, dan meld je bij Veilig Thuis. Heb je in stap 4 al besloten te melden "
            "vanwege acute of structurele onveiligheid, beantwoord de vragen dan samen met "
            "Veilig Thuis. Vraag 5 stel je opnieuw bij elke evaluatie van de hulp.</p>",
        ),
        _heading("Melden bij Veilig Thuis"),
        _text(
            "<p>Je meldt bij Veilig Thuis via <b>0800-2000</b>. Geef de feiten en je "
            "waarnemingen door en vertel van wie informatie afkomstig is. Je maakt daarbij "
            "gebruik van het meldrecht (artikel 5.2.6 Wmo 2015): je mag melden zonder "
            "toestemming van de betrokkene.</p>"
            "<p>Spreek bij de melding af wat jij daarna binnen je eigen rol nog doet voor de "
            "veiligheid van de betrokkenen. Veilig Thuis beoordeelt binnen vijf werkdagen wat "
            "er nodig is en laat je weten welke vervolgstap het neemt.</p>"
            "<p>Bespreek de melding waar het kan vooraf met de betrokkene: bij een kind "
            "jonger dan 16 jaar met de ouders of wettelijk vertegenwoordigers, en waar het "
            "kan ook met het kind; vanaf 16 jaar en bij volwassenen met de betrokkene zelf. "
            "Je ziet daar alleen van af als de veiligheid van de betrokkene, van jezelf of van "
            "een ander in gevaar komt, of als je goede redenen hebt om aan te nemen dat de "
            "betrokkene het contact met je verbreekt. Leg dan vast waarom.</p>"
        ),
        _checklist(
            "De melding vooraf bespreken",
            (
                "Leg uit dat je Veilig Thuis gaat inschakelen, met welke reden en met welk doel",
                "Nodig de betrokkene nadrukkelijk uit om te reageren",
                "Komen er bezwaren, zoek dan samen naar een manier om ze weg te nemen",
                "Blijven de bezwaren bestaan, zet ze dan af tegen wat nodig is om de "
                "betrokkene of een ander veilig te houden",
                "Gaat die veiligheid voor, meld dan toch, en vertel de betrokkene dat",
            ),
        ),
        _notice(
            "warning",
            "Direct gevaar",
            "<p>Is er direct gevaar voor iemand, bel dan <b>112</b>. Neem daarna contact op met "
            "Veilig Thuis en laat het de aandachtsfunctionaris weten.</p>",
        ),
        _heading("Hulp bieden of organiseren"),
        _text(
            "<p>Kun je zelf hulp bieden of organiseren, en werken de betrokkenen daaraan mee? "
            "Maak dan concrete afspraken: welke hulp, door wie, met welk doel en wanneer je "
            f"evalueert. {profile['help']}</p>"
            "<p>Volg de effecten van de hulp. Kijk bij elke evaluatie opnieuw of de hulp "
            "leidt tot veiligheid en herstel voor iedereen die erbij betrokken is.</p>"
        ),
        _notice(
            "warning",
            "Alsnog melden",
            "<p>Werkt de hulp niet, stopt het geweld niet, begint het opnieuw of houden de "
            "betrokkenen zich niet aan de afspraken? Dan meld je alsnog bij Veilig Thuis. "
            "Wacht daar niet mee tot de volgende evaluatie als de situatie verslechtert.</p>",
        ),
        _checklist(
            "Na de beslissing",
            (
                "Laat de aandachtsfunctionaris weten welke beslissingen je hebt genomen",
                "Plan de evaluatiemomenten en zet ze in de agenda",
                "Houd contact met de betrokkenen, ook na een melding, als dat bij je rol past",
                "Houd je aan de afspraken die je met Veilig Thuis hebt gemaakt",
                "Sluit het dossier pas af als de veiligheid blijvend is, en leg vast waarom",
            ),
        ),
        _record(
            (
                "Beide beslissingen: is melden noodzakelijk, en is hulp bieden of "
                "organiseren (ook) mogelijk, elk met de reden",
                "De antwoorden op vraag 3, 4 en 5 en waarop je ze baseert",
                "Als je afwijkt van de uitkomst van het afwegingskader: de reden",
                "Bij een melding: de datum, met wie je bij Veilig Thuis hebt gesproken en "
                "welke informatie je hebt gegeven",
                "De afspraken met Veilig Thuis over wat jij na de melding doet",
                "Wie de betrokkene over de melding heeft verteld, wanneer, en hoe de "
                "betrokkene reageerde; of waarom je de melding niet vooraf hebt besproken",
                "Bij hulp: welke hulp, door wie, de afspraken met de betrokkenen en de "
                "evaluatiemomenten",
                "De uitkomst van elke evaluatie, en een melding die je alsnog doet",
                "Het afsluiten van het dossier en de reden daarvoor",
            )
        ),
    ]
    return {
        "title": "Beslissen over melden en hulp",
        "slug": "stap-5-beslissen-over-melden-en-hulp",
        "step_number": 5,
        "summary": (
            "Je neemt twee aparte beslissingen: is melden bij Veilig Thuis noodzakelijk, en "
            "is hulp bieden of organiseren (ook) mogelijk? Beide kunnen tegelijk gelden."
        ),
        "body": body,
    }


def step_pages(sector: Sector) -> list[dict]:
    """Field values of the five step pages for this sector, in step order."""
    profile = _SECTORS[sector]
    return [step(sector, profile) for step in (_step_1, _step_2, _step_3, _step_4, _step_5)]
