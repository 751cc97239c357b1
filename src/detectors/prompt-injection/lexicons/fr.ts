/** French phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const PRIOR = '(?:précédentes?|précédents?|antérieures?|ci-dessus|d\'avant|initiales?|originales?|toutes?|tous|tes|vos|anciennes?)';
const ORDERS = '(?:instructions?|consignes?|directives?|règles|ordres|commandes|indications)';

export const fr: Lexicon = {
  'instruction-override': {
    strong: [
      "(?:note|message|attention) (?:à|pour) (?:l'|les |tout |toute |tous les )?(?:ia|assistants? ia|assistants? d'ia|modèles? de langage|llms?|chatbots?)(?![\\w-])",
      "(?:instructions?|important) (?:à|pour) (?:l'|les |tout |toute |tous les )?(?:ia|assistants? ia|assistants? d'ia|modèles? de langage|llms?|chatbots?)(?![\\w-])\\s{0,2}[:：,，、]",
      "si (?:tu es|vous êtes) (?:une ia|un modèle de langage|un assistant ia|un assistant d'ia|un llm)",
      "(?:à|pour) (?:l'|toute )?(?:ia|assistant ia|assistant d'ia|modèle de langage) qui (?:lit|traite|résume|analyse) (?:ce|cet|cette|ces)",
      `(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|néglige|négligez|écarte|écartez|ne tiens pas compte|ne tenez pas compte|ne suis plus|ne suivez plus) %3${PRIOR} %2${ORDERS}`,
      '(?:oublie|oubliez|ignore|ignorez) tout ce (?:qui précède|qui a été dit|que (?:je|l\'on|on) t\'a dit|qu\'on vous a dit|que tu sais)',
      '(?:nouvelles|vraies|véritables) (?:instructions|consignes) ?:',
      '(?:ne tiens pas compte|ne tenez pas compte|ignore|ignorez|oublie|oubliez) (?:des|les|de tes|de vos) %1(?:consignes|instructions|règles|directives) (?:du|de ton|de votre) (?:développeur|système|créateur|opérateur)',
    ],
    weak: ['(?:à partir de maintenant|dorénavant|désormais),? (?:tu es|tu vas|tu dois|vous êtes|vous allez|vous devez)'],
  },
  'system-prompt-extraction': {
    strong: [
      '(?:montre|montrez|affiche|affichez|révèle|révélez|répète|répétez|donne|donnez|écris|écrivez|imprime|imprimez|dis|dites|récite|divulgue|partage)(?:-moi|-nous)? %3(?:prompt système|prompt systeme|invite système|message système|instructions? (?:système|initiales?|d\'origine|originales?|secrètes?|cachées?)|(?:tes|vos) (?:instructions|consignes|directives)|(?:ton|votre) prompt)',
      'quelles (?:sont|étaient) (?:tes|vos) (?:instructions|consignes|directives)',
      // Opening the text: nothing is above it but the system prompt.
      '^\\s{0,4}(?:(?:merci de |s\'il te plaît,? ))?(?:répète|répétez|recopie|recopiez) %2le texte (?:ci-dessus|précédent)',
    ],
    weak: ['(?:répète|répétez|recopie|recopiez) %2le texte (?:ci-dessus|précédent)'],
  },
  persona: {
    strong: [
      "(?:tu es|vous êtes|tu seras|vous serez|agis comme|agissez comme|tu t'appelles) (?:maintenant |désormais |dorénavant )?[\"']?(?:dan|stan|dude|aim|anti-?dan|mongo tom|evilbot|chaosgpt|developer mode)\\b",
      'tu n\'es plus (?:un |une |chatgpt|l\'ia|une ia|un assistant|lié|limité|soumis)',
      'vous n\'êtes plus (?:un |une |chatgpt|une ia|un assistant|lié|limité|soumis)',
      'mode (?:développeur|developpeur|sans restriction|jailbreak)',
      '(?:agis|agissez|fais comme si tu étais|joue le rôle d\'|comporte-toi comme|prétends être|sois) %3(?:ia|assistant|version|modèle|chatbot|entité) (?:sans (?:aucune )?(?:restrictions?|limites?|filtres?|censure|règles?|morale)|non censurée?|débridée?)',
      '(?:ia|assistant|modèle|chatbot) (?:sans (?:aucune )?(?:restrictions?|limites?|filtres?|censure)|non censurée?|débridée?)',
    ],
    weak: ['(?:reste|restez) dans (?:ton|votre|le) personnage'],
  },
  'refusal-suppression': {
    strong: [
      '(?:désactive|désactivez|désactiver|contourne|contournez|ignore|ignorez|supprime|supprimez|lève|levez) (?:tes |vos |les |toutes les |tous les )?(?:règles|filtres|restrictions|consignes|garde-fous|protections) de (?:sécurité|modération)','(?:ne refuse|ne refusez) (?:jamais|pas)', 'sans (?:respecter )?(?:aucune|les) (?:règles?|limites?|contraintes?) (?:éthiques?|morales?)', 'sans (?:aucune )?(?:limite|contrainte|restriction)s? (?:éthiques?|morales?)'],
    weak: ['sans (?:aucun )?(?:avertissements?|mises? en garde|avertissement)'],
  },
};
