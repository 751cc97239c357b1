/** Spanish phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const PRIOR = '(?:anteriores|previas|previos|precedentes|de arriba|iniciales|originales|todas?|todos|tus|sus|viejas)';
const ORDERS = '(?:instrucciones|instrucción|indicaciones|órdenes|reglas|directrices|normas|comandos|restricciones)';

export const es: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:nota|mensaje|atención) (?:para|a) (?:la |las |los |el |cualquier )?(?:ia|asistentes? de ia|modelos? de lenguaje|llms?|chatbots?)(?![\\w-])",
      "(?:instrucciones?|importante) (?:para|a) (?:la |las |los |el |cualquier )?(?:ia|asistentes? de ia|modelos? de lenguaje|llms?|chatbots?)(?![\\w-])\\s{0,2}[:：,，、]",
      "si (?:eres|es usted|usted es) (?:una ia|un modelo de lenguaje|un asistente de ia|un llm)",
      "(?:a|para) (?:la |cualquier )?(?:ia|asistente de ia|modelo de lenguaje) que (?:lea|procese|resuma|analice) (?:esto|este|esta)",
      `(?:ignora|ignore|ignorar|olvida|olvide|olvidar|olvídate de|descarta|descarte|omite|omita|haz caso omiso (?:a|de)|no hagas caso (?:a|de)|deja de seguir) %3${PRIOR} %2${ORDERS}`,
      '(?:olvida|olvide|ignora|ignore) todo lo (?:anterior|que te (?:dije|dijeron|han dicho)|de arriba)',
      '(?:nuevas|verdaderas) (?:instrucciones|órdenes) ?:',
      '(?:ignora|ignore|haz caso omiso de|olvida|no hagas caso a) (?:las|tus|sus) (?:reglas|instrucciones|directrices|normas) del (?:desarrollador|sistema|creador|operador)',
    ],
    weak: ['(?:a partir de ahora|de ahora en adelante),? (?:eres|serás|vas a|debes|tú eres|tu eres)'],
  },
  'system-prompt-extraction': {
    strong: [
      '(?:muestra|muéstrame|muestrame|revela|revélame|repite|repíteme|dime|imprime|escribe|enséñame|dame|comparte) %3(?:prompt del sistema|mensaje del sistema|instrucciones (?:del sistema|iniciales|originales|secretas|ocultas)|(?:tus|sus) instrucciones|(?:tu|su) prompt)',
      'cuáles (?:son|eran) (?:tus|sus) instrucciones',
      'cuales (?:son|eran) (?:tus|sus) instrucciones',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:por favor,? )?repite %2el texto (?:anterior|de arriba)',
    ],
    weak: ['repite %2el texto (?:anterior|de arriba)'],
  },
  persona: {
    strong: [
      "(?:eres|serás|seras|tú eres|tu eres|actúa como|actua como|finge ser|te llamas) (?:ahora |a partir de ahora )?[\"']?(?:dan|stan|dude|aim|anti-?dan|mongo tom|evilbot|chaosgpt|developer mode)\\b",
      "(?:ia|asistente|modelo|chatbot) sin (?:ninguna |ningún |ningun )?(?:regla|reglas|norma|normas|moral|ética|etica|límite)",
      'ya no eres (?:un |una |chatgpt|una ia|un asistente|un modelo)',
      'modo (?:desarrollador|sin restricciones|jailbreak)',
      '(?:actúa|actua|finge|compórtate|comportate|haz de cuenta|sé|se) %3(?:ia|asistente|versión|modelo|chatbot) (?:sin (?:ninguna )?(?:restricciones|límites|limites|filtros|censura|reglas|moral)|sin censura)',
      '(?:ia|asistente|modelo|chatbot) sin (?:ninguna )?(?:restricciones|límites|filtros|censura)',
    ],
    weak: ['(?:mantente|permanece|quédate) en (?:el |tu )?personaje'],
  },
  'refusal-suppression': {
    strong: [
      '(?:desactiva|desactive|desactivar|omite|omita|ignora|ignore|elimina|elimine|quita|quite|elude) (?:tus |sus |las |todas las |los |todos los )?(?:reglas|filtros|restricciones|normas|directrices|protecciones) de (?:seguridad|moderación)','no (?:te niegues|rechaces|te negarás) (?:nunca|jamás)?', 'nunca (?:te niegues|rechaces)', 'sin (?:ninguna )?(?:restricción|restricciones|límites) (?:éticas?|morales?)'],
    weak: ['sin (?:ninguna )?(?:advertencias?|descargos)'],
  },
};
