/** German phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const PRIOR = '(?:vorherigen?|vorigen?|bisherigen?|obigen?|früheren?|alten?|ursprünglichen?|anfänglichen?|alle[nrs]?|sämtliche[n]?|deine[nr]?|ihre[nr]?|system)';
const ORDERS = '(?:anweisungen|anweisung|instruktionen|befehle|regeln|vorgaben|richtlinien|anordnungen|einschränkungen|prompts?|systemanweisungen)';

export const de: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:hinweis|nachricht|achtung) (?:an|für) (?:die |den |dem |alle |jede |jedes |das )?(?:ki|ki-assistenten?|ki-systeme?|ki-modelle?|sprachmodelle?|llms?|chatbots?)(?![\\w-])",
      "(?:anweisung|anweisungen|wichtig) (?:an|für) (?:die |alle |jede |jedes |das )?(?:ki|ki-assistenten?|ki-systeme?|ki-modelle?|sprachmodelle?|llms?|chatbots?)(?![\\w-])\\s{0,2}[:：,，、]",
      "(?:wenn|falls) (?:du|sie) (?:eine ki|ein sprachmodell|ein ki-assistent|ein llm) (?:bist|sind)",
      "(?:an|für) (?:die |jede )?(?:ki|ki-assistent|ki-assistenten|sprachmodell|llm)\\S{0,2},? (?:die|der|das) (?:dies|diesen text|dieses dokument|diese seite|diese e-mail) (?:liest|verarbeitet|zusammenfasst)",
      `(?:ignorier|vergiss|vergesst|vergessen|missacht|übergeh|verwirf|verwerfen|überschreib|umgeh)\\w{0,3} %3${PRIOR} %2${ORDERS}`,
      `(?:ignorier|vergiss|missacht)\\w{0,3} (?:sie )?alles,? (?:was|bisher|vorher|oben|davor|zuvor)`,
      '(?:neue|aktualisierte|geänderte|echte|geheime) (?:system)?anweisungen:',
      `(?:befolge|folge|beachte) %2(?:nicht mehr|keine) %2${ORDERS}`,
    ],
    weak: ['ab (?:jetzt|sofort|nun) (?:wirst|bist|musst|sollst|antwortest) du', 'stattdessen (?:sag|schreib|gib)\\w{0,2} (?:nur )?(?:aus )?["\']'],
  },
  'system-prompt-extraction': {
    strong: [
      '(?:zeig|gib|nenn|wiederhol|verrat|druck|schreib|offenbar|teil|enthüll|ausgeb|verate)\\w{0,3} %5(?:systemprompt|system-prompt|system prompt|systemanweisung(?:en)?|systemnachricht|anfangsanweisungen|(?:deine[nr]?|ihre[nr]?) (?:ursprünglichen |ersten |geheimen |internen |versteckten |genauen )?(?:anweisungen|instruktionen|prompt|vorgaben))',
      'was (?:sind|waren|ist|war) (?:deine|ihre|dein|ihr) (?:ursprünglichen |ersten |geheimen |internen )?(?:anweisungen|instruktionen|systemprompt|prompt|vorgaben)',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:bitte )?(?:wiederhol|gib)\\w{0,3} %2(?:den )?text (?:oben|darüber|davor) %2(?:wortwörtlich|wörtlich|vollständig)?',
    ],
    weak: ['(?:wiederhol|gib)\\w{0,3} %2(?:den )?text (?:oben|darüber|davor) %2(?:wortwörtlich|wörtlich|vollständig)?'],
  },
  persona: {
    strong: [
      "(?:du bist|sie sind|ihr seid|agiere als|handle als) (?:jetzt |nun |ab jetzt |ab sofort )?[\"']?(?:dan|stan|dude|aim|anti-?dan|mongo tom|evilbot|chaosgpt|developer mode)\\b",
      'du bist (?:jetzt |nun |ab jetzt |ab sofort )?(?:nicht mehr|keine ki mehr|kein assistent mehr|nicht länger)',
      '(?:entwicklermodus|entwickler-modus|developer-modus|jailbreak-modus|gott-modus)',
      '(?:handle|agiere|verhalte dich|tu so|spiel|sei|antworte)\\w{0,2} %3(?:uneingeschränkte|ungefilterte|unzensierte|böse|amoralische|skrupellose)[rsn]? (?:ki|assistent|version|modell|chatbot)',
      '(?:ki|assistent|modell|chatbot|version) (?:ohne|frei von) %1(?:einschränkungen|beschränkungen|filter|zensur|regeln|grenzen|moral|ethik)',
    ],
    weak: ['bleib\\w{0,2} (?:immer )?in (?:der|deiner) rolle'],
  },
  'refusal-suppression': {
    strong: [
      '(?:schalte|schalten sie|deaktiviere|deaktivieren sie|umgehe|umgehen sie|ignoriere|ignorieren sie|hebe|heben sie) (?:deine |ihre |die |alle |sämtliche )?(?:sicherheits|inhalts|schutz)(?:regeln|richtlinien|filter|vorkehrungen|beschränkungen|einstellungen)',
      '(?:deine|ihre|die|alle|sämtliche) (?:sicherheits|inhalts|schutz)(?:regeln|richtlinien|filter|vorkehrungen|beschränkungen|einstellungen) (?:abzuschalten|auszuschalten|zu deaktivieren)',
      '(?:lehne|verweigere)\\w{0,2} (?:niemals|nie|nichts) (?:ab)?',
      '(?:ohne|keine) (?:jegliche[n]? )?(?:ethischen|moralischen) (?:richtlinien|einschränkungen|grenzen|bedenken|regeln)',
    ],
    weak: ['(?:ohne|keine) (?:jegliche[n]? )?(?:warnungen|haftungsausschlüsse|zensur)'],
  },
};
