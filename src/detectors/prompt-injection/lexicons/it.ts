/** Italian phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const PRIOR = '(?:precedenti|sopra|iniziali|originali|tutte|tutti|tue|sue|vecchie|di sistema)';
const ORDERS = '(?:istruzioni|indicazioni|regole|direttive|ordini|comandi|restrizioni)';

export const it: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:nota|messaggio|attenzione) (?:per l'|all'|per la |alla |per gli |agli |per i |ai |per qualsiasi )(?:ia|assistente ia|assistenti ia|llm|chatbot|modello linguistico|modelli linguistici)(?![\\w-])",
      "(?:istruzioni|istruzione|importante) (?:per l'|all'|per la |alla |per gli |agli |per i |ai |per qualsiasi )(?:ia|assistente ia|assistenti ia|llm|chatbot|modello linguistico|modelli linguistici)(?![\\w-])\\s{0,2}[:：,，、]",
      "se sei (?:un'ia|una ia|un modello linguistico|un assistente ia|un llm)",
      "(?:all'|alla |a un'|a qualsiasi )(?:ia|assistente ia|modello linguistico) che (?:legge|elabora|riassume|analizza) (?:questo|questa|questi)",
      `(?:ignora|ignori|ignorare|dimentica|dimentichi|dimenticare|trascura|scarta|non considerare|smetti di seguire) %3${PRIOR} %2${ORDERS}`,
      '(?:dimentica|ignora) tutto (?:quello|ciò|cio) (?:che|detto)',
      '(?:nuove|vere) istruzioni ?:',
      '(?:ignora|non considerare|dimentica) (?:le )?(?:regole|istruzioni|direttive) (?:dello|del) (?:sviluppatore|sistema|creatore)',
    ],
    weak: ['(?:da ora in poi|d\'ora in poi|da adesso),? (?:sei|sarai|devi|risponderai|tu sei)'],
  },
  'system-prompt-extraction': {
    strong: [
      '(?:mostra|mostrami|rivela|rivelami|ripeti|ripetimi|dimmi|stampa|scrivi|dammi|condividi) %3(?:prompt di sistema|messaggio di sistema|istruzioni (?:di sistema|iniziali|originali|segrete|nascoste)|le tue istruzioni|il tuo prompt)',
      'quali (?:sono|erano) le tue istruzioni',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:per favore,? )?ripeti %2il testo (?:sopra|precedente)',
    ],
    weak: ['ripeti %2il testo (?:sopra|precedente)'],
  },
  persona: {
    strong: [
      "(?:sei|sarai|ora sei|adesso sei|agisci come|fingi di essere|ti chiami) (?:ora |adesso |d'ora in poi )?[\"']?(?:dan|stan|dude|aim|anti-?dan|mongo tom|evilbot|chaosgpt|developer mode)\\b",
      "(?:ia|assistente|modello|chatbot) senza (?:alcuna |alcun |nessuna |nessun )?(?:regola|regole|morale|etica|limite)",
      'non sei più (?:un |una |chatgpt|un\'ia|un\'intelligenza|un assistente|vincolat|limitat)',
      'modalità (?:sviluppatore|sviluppatori|senza restrizioni|jailbreak)',
      '(?:agisci|fingi|comportati|fai finta|sii) %3(?:ia|assistente|versione|modello|chatbot) (?:senza (?:alcuna )?(?:restrizioni|limiti|filtri|censura|regole|morale))',
      '(?:ia|assistente|modello|chatbot) senza (?:alcuna )?(?:restrizioni|limiti|filtri|censura)',
    ],
    weak: ['(?:resta|rimani) nel personaggio'],
  },
  'refusal-suppression': {
    strong: ['non rifiutare mai', 'non rifiutarti mai', 'senza (?:alcun[ao]? )?(?:restrizion[ei]|limiti) (?:etic[ah]e?|etici|morali)'],
    weak: ['senza (?:alcun )?(?:avvertimenti|avvertenze|avviso)'],
  },
};
