/** Italian hijack vocabulary (project-written). */
import type { HijackLexicon } from '../lexicon-shape.js';

export const it: HijackLexicon = {
  order: 'VO',
  verbs: ['ignora', 'ignori', 'ignorate', 'ignorare', 'dimentica', 'dimentichi', 'dimenticate', 'dimenticare', 'non tenere conto', 'non tener conto', 'non considerare', 'trascura', 'trascurate', 'tralascia', 'tralasciate', 'lascia perdere', 'non seguire', 'metti da parte', 'scarta', 'scartate', 'non badare', 'non dare retta', 'non prestare attenzione', 'non obbedire', 'disobbedisci', 'smetti di seguire', 'non rispettare', 'scordati', 'scorda', 'scordate', 'dimenticati di', 'dimenticatevi di', 'non seguite', 'abbandona', 'abbandonate'],
  weakVerbs: ['salta', 'saltare', 'aggira', 'aggirare', 'annulla', 'cancella', 'elimina', 'sovrascrivi', 'ometti'],
  fillers: ['il', 'lo', 'la', 'i', 'gli', 'le', "l'", 'un', 'uno', 'una', "un'", 'di', 'del', 'della', 'dei', 'degli', 'delle', 'e', 'o', 'poi', 'ora', 'adesso', 'semplicemente', 'solo', 'che', 'ti', 'è', 'stato', 'stata', 'stati', 'sono', 'per favore', 'invece', 'al', 'alla', 'ai', 'a', 'alle', 'agli', 'allo', 'completamente', 'fornite', 'date', 'seguenti', 'mio', 'mia', 'miei', 'mie'],
  prior: ['precedent*', 'sopra', 'qui sopra', 'soprastant*', 'original*', 'iniziali', 'iniziale', 'vecchie', 'vecchi', 'sistema', 'finora', 'tutte', 'tutti', 'tue', 'tuoi', 'tua', 'tuo', 'sue', 'suoi', 'prima', 'anteriori', 'ultime', 'ultimi', 'suddett*', 'menzionat*', 'ricevut*', 'precedentemente', 'esistenti', 'fornit*'],
  quants: ['tutto', 'tutto ciò', 'tutto quello', 'tutte', 'tutti'],
  instructions: ['istruzion*', 'indicazion*', 'direttiv*', 'regole', 'regola', 'ordini', 'comandi', 'prompt*', 'linee guida', 'vincoli', 'compiti', 'compito', 'restrizion*'],
  strong: ['prompt di sistema', 'messaggio di sistema', 'istruzioni di sistema', 'ti è stato detto', 'ti hanno detto', 'le è stato detto', 'ti è stato ordinato', 'ti è stato dato', 'ti hanno dato', 'ti hanno insegnato', 'ti è stato chiesto', 'ti hanno chiesto', 'ti è stato insegnato', 'ti hanno ordinato', 'sei stato programmato', 'sei stata programmata', 'ti è stato detto prima', 'ti hanno detto prima', 'ti è stato indicato'],
  data: ['document*', 'testo', 'testi', 'contenut*', 'articol*', 'pagina', 'pagine', 'pagina web', 'sito', 'sito web', 'email', 'e-mail', 'mail', 'messaggi', 'messaggio', 'lettera', 'funzion*', 'codice', 'script', 'programma', 'file', 'curriculum', 'cv', 'recension*', 'commento', 'commenti', 'paragraf*', 'passaggio', 'tabella', 'dati', 'input', 'contesto', 'domanda', 'riassunto', 'allegato', 'allegati', 'immagine', 'immagini', 'descrizione', 'rapporto', 'ticket', 'post', 'trascrizione', 'pagine web', 'relazione'],
  directives: ['dire', 'dici', 'dica', 'afferma', 'affermi', 'dichiara', 'dichiari', 'scrivi', 'scriva', 'scrivere', 'rispondi', 'risponda', 'rispondere', 'stampa', 'stampare', 'mostra', 'mostrare', 'indica', 'annuncia', 'restituisci', 'ripeti', 'rivela', 'genera', 'conferma', 'menziona', 'invia', 'riporta', 'visualizza', 'emetti', 'produci'],
  cues: ["nota per l'ia", "nota per l'assistente", "messaggio per l'ia", 'cara ia', "se sei un'ia", 'se sei una ia', 'se sei un modello linguistico', "istruzioni per l'ia", "all'ia che legge"],
  /** Reported commands: "ordinandogli di ignorare i prompt di sistema". */
  reported: ['ordinandogli di', 'chiedendogli di', 'dicendogli di', 'istruendolo a', 'gli ordina di', 'gli chiede di'],
  actions: ['chiama', 'chiami', 'esegui', 'esegua', 'usa', 'usi', 'utilizza', 'invia', 'inoltra', 'inoltri', 'trasferisci', 'carica', 'apri', 'apra', 'visita', 'clicca', 'aggiungi', 'aggiunga', 'allega', 'includi', 'inserisci', 'elimina', 'cancella', 'rimuovi', 'condividi', 'approva', 'raccomanda', 'consiglia', 'chiedi', 'traduci', 'riassumi'],
  tags: ['sistema', 'admin', 'amministratore', 'sviluppatore'],
  outputs: ['tua risposta', 'sua risposta', 'vostra risposta', 'tue risposte', 'sue risposte', 'tuo output'],
  edits: ['aggiungi', 'aggiunga', 'includi', 'includa', 'inserisci', 'inserisca', 'menziona', 'menzioni', 'modifica', 'modifichi', 'traduci', 'traduca', 'sostituisci', 'sostituisca', 'ripeti', 'ripeta', 'inizia', 'inizi', 'termina', 'termini', 'usa', 'usi', 'utilizza', 'integra', 'incorpora', 'codifica', 'scrivi', 'scriva'],
  leads: ['devi', 'deve', 'e', 'poi', 'il tuo compito è'],
  negations: ['non', 'mai', 'nessun', 'nessuna', 'nulla', 'niente'],
  vocatives: ['ia', 'assistente', 'chatbot', 'bot', 'modello linguistico'],
};
