/** German hijack vocabulary (project-written). Imperatives put the object after the verb, infinitives before it. */
import type { HijackLexicon } from '../lexicon.js';

export const de: HijackLexicon = {
  order: 'both',
  verbs: ['ignorier*', 'vergiss', 'vergesst', 'vergessen', 'vergesse', 'missacht*', 'übergeh*', 'verwirf', 'verwerft', 'verwerfen', 'befolge nicht', 'befolgen sie nicht', 'schenke keine beachtung', 'lass außer acht', 'lassen sie außer acht', 'außer acht lassen'],
  weakVerbs: ['überspring*', 'umgeh*', 'überschreib*', 'lösch*', 'annullier*', 'setze außer kraft', 'hebe auf'],
  fillers: ['der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'einem', 'einer', 'und', 'oder', 'dann', 'bitte', 'jetzt', 'nun', 'einfach', 'nur', 'auch', 'von', 'vom', 'zu', 'zum', 'zur', 'sie', 'du', 'ihr', 'was', 'wurde', 'wurden', 'hat', 'haben', 'hast', 'gegebenen', 'gesamten', 'ganzen', 'stattdessen', 'sofort', 'komplett', 'völlig', 'folgenden', 'mein', 'meine', 'meinen', 'man'],
  prior: ['vorherig*', 'vorig*', 'bisherig*', 'obig*', 'früher*', 'alten', 'alte', 'ursprünglich*', 'anfänglich*', 'alle', 'allen', 'aller', 'sämtlich*', 'deine', 'deinen', 'deiner', 'ihre', 'ihren', 'oben', 'davor', 'zuvor', 'vorher', 'bisher', 'vorangegangen*', 'vorstehend*', 'system'],
  quants: ['alles', 'alle', 'sämtliche'],
  instructions: ['anweisung*', 'instruktion*', 'befehl*', 'regeln', 'regel', 'vorgabe*', 'richtlinie*', 'anordnung*', 'einschränkung*', 'prompt*', 'aufgabe*', 'aufträge', 'auftrag'],
  strong: ['systemprompt*', 'system-prompt*', 'systemanweisung*', 'systemnachricht*', 'dir gesagt', 'ihnen gesagt', 'dir aufgetragen', 'dir vorgegeben', 'dir befohlen', 'dir beigebracht', 'dir mitgeteilt'],
  data: ['dokument*', 'text', 'texte', 'textes', 'inhalt*', 'artikel*', 'seite', 'seiten', 'webseite*', 'website*', 'e-mail*', 'email*', 'mail', 'nachricht*', 'brief*', 'funktion*', 'code', 'codes', 'quellcode', 'skript*', 'programm', 'programms', 'datei*', 'lebenslauf*', 'bewerbung*', 'rezension*', 'kommentar*', 'absatz', 'tabelle*', 'daten', 'eingabe*', 'kontext*', 'frage', 'zusammenfassung*'],
  directives: ['sag', 'sage', 'sagen', 'sagt', 'antworte*', 'schreib', 'schreibe', 'schreiben', 'gib aus', 'gib nur', 'ausgeben', 'drucke', 'druck', 'behaupte*', 'verkünde*', 'erkläre dass', 'teile mit', 'teilen sie mit', 'zeige', 'zeig'],
  cues: ['liebe ki', 'hallo ki', 'hinweis an die ki', 'hinweis für die ki', 'nachricht an die ki', 'nachricht für die ki', 'anweisung an die ki', 'anweisungen für die ki', 'wenn du eine ki bist', 'falls du eine ki bist', 'wenn sie eine ki sind', 'falls sie eine ki sind', 'wenn du ein sprachmodell bist', 'ki, die dies liest', 'an den ki-assistenten'],
  /** A zu-infinitive is subordinate ("die ihn anweist, frühere Richtlinien zu ignorieren"): reported, not given. */
  reported: ['zu'],
  vocatives: ['ki', 'assistent', 'ki-assistent', 'sprachmodell', 'chatbot', 'bot'],
};
