/** Dutch phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const PRIOR = '(?:vorige|eerdere|voorgaande|bovenstaande|oorspronkelijke|originele|alle|je|jouw|uw|oude)';
const ORDERS = '(?:instructies|aanwijzingen|regels|opdrachten|richtlijnen|bevelen|beperkingen)';

export const nl: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:notitie|bericht|let op) (?:voor|aan) (?:de |alle |elke |het )?(?:ai|ai-assistent|ai-assistenten|taalmodel|taalmodellen|llms?|chatbots?)(?![\\w-])",
      "(?:instructies?|belangrijk) (?:voor|aan) (?:de |alle |elke |het )?(?:ai|ai-assistent|ai-assistenten|taalmodel|taalmodellen|llms?|chatbots?)(?![\\w-])\\s{0,2}[:：,，、]",
      "als (?:je|jij|u) een (?:ai|taalmodel|ai-assistent|llm) (?:bent|is)(?![\\w-])",
      "(?:aan|voor) (?:de |elke )?(?:ai|ai-assistent|taalmodel) die (?:dit|deze tekst|dit document|deze pagina) (?:leest|verwerkt|samenvat)",
      `(?:negeer|vergeet|negeren|vergeten|veronachtzaam|volg niet langer|stop met het volgen van) %3${PRIOR} %2${ORDERS}`,
      '(?:vergeet|negeer) alles (?:wat|hierboven|daarvoor|eerder)',
      'nieuwe (?:instructies|opdracht) ?:',
      '(?:negeer|vergeet) de (?:regels|instructies|richtlijnen) van de (?:ontwikkelaar|maker|beheerder)',
    ],
    weak: ['vanaf nu (?:ben je|zul je|moet je|ga je|antwoord je)'],
  },
  'system-prompt-extraction': {
    strong: [
      '(?:toon|laat|geef|herhaal|vertel|print|schrijf|onthul|deel) %3(?:systeemprompt|systeem-prompt|systeem prompt|systeembericht|systeeminstructies|(?:je|jouw|uw) (?:oorspronkelijke |geheime |verborgen |eerste |originele )?(?:instructies|prompt)|(?:de )?(?:verborgen|geheime) instructies)',
      'wat (?:zijn|waren) (?:je|jouw|uw) (?:oorspronkelijke |geheime |eerste )?instructies',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:(?:alsjeblieft,? |graag ))?herhaal %2(?:de tekst hierboven|bovenstaande tekst)',
    ],
    weak: ['herhaal %2(?:de tekst hierboven|bovenstaande tekst)'],
  },
  persona: {
    strong: [
      "(?:je bent|jij bent|u bent|gedraag je als) (?:nu |vanaf nu )?[\"']?(?:dan|stan|dude|aim|anti-?dan|mongo tom|evilbot|chaosgpt|developer mode)\\b",
      'je bent (?:nu )?(?:geen (?:ai|assistent|chatgpt|taalmodel|chatbot) meer|niet langer)',
      'u bent (?:nu )?(?:geen (?:ai|assistent|chatgpt|taalmodel) meer|niet langer)',
      '(?:ontwikkelaarsmodus|ontwikkelaarmodus|developer-modus)',
      '(?:doe alsof|gedraag je als|speel|wees) %3(?:ai|assistent|versie|model|chatbot) (?:zonder (?:enige )?(?:beperkingen|filters|censuur|regels|moraal))',
      '(?:ongefilterde|ongecensureerde|onbeperkte) (?:ai|assistent|versie|chatbot)',
    ],
    weak: ['blijf in (?:je|jouw|de) rol'],
  },
  'refusal-suppression': {
    strong: [
      '(?:schakel|zet) (?:je |jouw |uw |de |alle )?(?:veiligheids|inhouds)(?:regels|filters|richtlijnen|beperkingen) (?:uit|af)',
      '(?:negeer|omzeil|deactiveer) (?:je |jouw |uw |de |alle )?(?:veiligheids|inhouds)(?:regels|filters|richtlijnen|beperkingen)',
      '(?:je|jouw|uw|de|alle) (?:veiligheids|inhouds)(?:regels|filters|richtlijnen|beperkingen) (?:uit te schakelen|te deactiveren)','weiger (?:nooit|niet)', 'zonder (?:enige )?(?:ethische|morele) (?:beperkingen|richtlijnen|grenzen|regels)'],
    weak: ['zonder (?:enige )?(?:waarschuwingen|disclaimers)'],
  },
};
