/** Portuguese phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const PRIOR = '(?:anteriores|prévias|previas|acima|iniciais|originais|todas?|todos|suas|tuas|antigas)';
const ORDERS = '(?:instruções|instrucoes|instrução|orientações|ordens|regras|diretrizes|comandos|restrições)';

export const pt: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:nota|mensagem|atenção) (?:para|à|ao|a) (?:a |o |qualquer )?(?:ia|assistentes? de ia|modelos? de linguagem|llms?|chatbots?)(?![\\w-])",
      "(?:instruções|instrução|importante) (?:para|à|ao|a) (?:a |o |qualquer )?(?:ia|assistentes? de ia|modelos? de linguagem|llms?|chatbots?)(?![\\w-])\\s{0,2}[:：,，、]",
      "se (?:você é|voce e|você for|voce for|és|tu és) (?:uma ia|um modelo de linguagem|um assistente de ia|um llm)",
      "(?:à|a|para a|para o|ao) (?:ia|assistente de ia|modelo de linguagem) que (?:ler|lê|le|processar|processa|resumir|resume|analisar) (?:isto|este|esta|esse|essa)",
      `(?:ignore|ignora|ignorar|esqueça|esqueca|esquece|esquecer|desconsidere|desconsidera|despreze|descarte|pare de seguir|deixe de seguir) %3${PRIOR} %2${ORDERS}`,
      '(?:esqueça|esqueca|esquece|ignore|ignora) tudo (?:o que|acima|que foi dito|anterior)',
      '(?:novas|verdadeiras) (?:instruções|instrucoes|ordens) ?:',
      '(?:ignore|ignora|desconsidere|esqueça|esqueca) (?:as|suas) (?:regras|instruções|diretrizes) do (?:desenvolvedor|sistema|criador)',
    ],
    weak: ['(?:a partir de agora|de agora em diante),? (?:você é|você será|você vai|você deve|tu és|voce e|voce vai)'],
  },
  'system-prompt-extraction': {
    strong: [
      '(?:mostre|mostra|revele|revela|repita|repete|diga|imprima|escreva|me mostre|me diga|dê|compartilhe)(?:-me)? %3(?:prompt do sistema|mensagem do sistema|instruções (?:do sistema|iniciais|originais|secretas|ocultas)|(?:suas|tuas) instruções|(?:seu|teu) prompt)',
      'quais (?:são|sao|eram) (?:as )?(?:suas|tuas) instruções',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:por favor,? )?repita %2o texto (?:acima|anterior)',
    ],
    weak: ['repita %2o texto (?:acima|anterior)'],
  },
  persona: {
    strong: [
      "(?:você é|voce e|você será|tu és|agora você é|aja como|finja ser|você se chama) (?:agora |a partir de agora )?(?:o )?[\"']?(?:dan|stan|dude|aim|anti-?dan|mongo tom|evilbot|chaosgpt|developer mode)\\b",
      "(?:ia|assistente|modelo|chatbot) sem (?:nenhuma |nenhum |qualquer )?(?:regra|regras|moral|ética|etica|limite)",
      'você não é mais (?:um |uma |o chatgpt|chatgpt|uma ia|um assistente|um modelo)',
      'voce nao e mais (?:um |uma |o chatgpt|chatgpt|uma ia|um assistente)',
      'modo (?:de )?(?:desenvolvedor|sem restrições|jailbreak)',
      '(?:aja|finja|atue|comporte-se|seja) %3(?:ia|assistente|versão|modelo|chatbot) (?:sem (?:nenhuma )?(?:restrições|restricoes|limites|filtros|censura|regras|moral))',
      '(?:ia|assistente|modelo|chatbot) sem (?:nenhuma )?(?:restrições|restricoes|limites|filtros|censura)',
    ],
    weak: ['(?:permaneça|permaneca|fique|mantenha-se) no personagem'],
  },
  'refusal-suppression': {
    strong: [
      '(?:desative|desativa|desativar|desligue|desliga|desligar|ignore|ignora|remova|remove|contorne) (?:suas |tuas |as |todas as |os |todos os )?(?:regras|filtros|restrições|normas|diretrizes|proteções) de (?:segurança|moderação)','(?:nunca|não|nao) (?:se )?recuse', 'sem (?:nenhuma )?(?:restrição|restrições|limites) (?:éticas?|morais)'],
    weak: ['sem (?:nenhum )?(?:avisos?|aviso legal|ressalvas)'],
  },
};
