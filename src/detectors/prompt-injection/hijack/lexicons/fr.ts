/** French hijack vocabulary (project-written). Elided articles ("l'", "qu'") are tokens of their own. */
import type { HijackLexicon } from '../lexicon.js';

export const fr: HijackLexicon = {
  order: 'VO',
  verbs: ['ignore', 'ignorez', 'ignorer', 'ignores', 'ignorons', 'oublie', 'oubliez', 'oublier', 'oublions', 'ne tiens pas compte', 'ne tenez pas compte', 'ne pas tenir compte', 'fais abstraction', 'faites abstraction', 'néglige', 'négligez', 'écarte', 'écartez', 'ne suis pas', 'ne suivez pas', "n'obéis pas", "n'obéissez pas", 'laisse de côté', 'laissez de côté'],
  weakVerbs: ['contourne', 'contournez', 'saute', 'sautez', 'passe outre', 'passez outre', 'outrepasse', 'outrepassez', 'annule', 'annulez', 'efface', 'effacez', 'supprime', 'supprimez'],
  fillers: ['le', 'la', 'les', "l'", 'un', 'une', 'des', 'de', 'du', "d'", 'et', 'ou', 'puis', 'ce', 'cet', 'cette', 'ces', 'maintenant', 'simplement', 'seulement', 'juste', 'mon', 'ma', 'mes', 'son', 'sa', 'ses', 'à', 'au', 'aux', "qu'", 'que', 'qui', 'plutôt', 'complètement', 'entièrement', 'donné', 'données', 'fourni', 'fournies', 'suivantes', 'suivant'],
  prior: ['précédent*', 'antérieur*', 'ci-dessus', 'plus haut', 'initial*', 'original*', 'ancien*', 'système', 'tout', 'toutes', 'tous', 'ton', 'ta', 'tes', 'votre', 'vos', 'avant', "jusqu'ici", "jusqu'à présent", 'auparavant', 'préalable*'],
  quants: ['tout', 'tout ce', 'toutes', 'tous'],
  instructions: ['instruction*', 'consigne*', 'directive*', 'règle*', 'commande*', 'ordres', 'ordre', 'prompt*', 'lignes directrices', 'contrainte*', 'tâche*', 'restriction*'],
  strong: ['prompt système', 'prompt du système', 'message système', 'instructions système', "on t'a dit", 'on vous a dit', "t'a été dit", 'vous a été dit', "on t'a demandé", 'on vous a demandé', "t'a été donné*", 'vous a été donné*', "on t'a appris", 'on vous a appris'],
  data: ['document*', 'texte*', 'contenu*', 'article*', 'page', 'pages', 'page web', 'site', 'site web', 'e-mail*', 'email*', 'courriel*', 'mail', 'message*', 'lettre*', 'fonction*', 'code', 'script*', 'programme', 'fichier*', 'cv', 'curriculum', 'avis', 'commentaire*', 'paragraphe*', 'passage', 'tableau*', 'données', 'entrée*', 'contexte*', 'question', 'résumé*'],
  directives: ['dis', 'dites', 'dire', 'affirme*', 'déclare*', 'écris', 'écrivez', 'écrire', 'réponds', 'répondez', 'répondre', 'affiche*', 'imprime*', 'indique', 'indiquez', 'annonce', 'annoncez', 'prétends', 'prétendez'],
  cues: ["note pour l'ia", "note à l'ia", "message pour l'ia", "message à l'ia", 'chère ia', 'si tu es une ia', 'si vous êtes une ia', 'si tu es un modèle de langage', 'si vous êtes un modèle de langage', "instructions pour l'ia", "à l'assistant ia"],
  vocatives: ['ia', 'assistant', 'assistant ia', 'chatbot', 'bot', 'modèle de langage'],
};
