/** Dutch hijack vocabulary (project-written). Imperatives put the object after the verb, infinitives before it. */
import type { HijackLexicon } from '../lexicon-shape.js';

export const nl: HijackLexicon = {
  order: 'both',
  verbs: ['negeer', 'negeren', 'negeert', 'vergeet', 'vergeten', 'sla geen acht op', 'houd geen rekening met', 'hou geen rekening met', 'volg niet', 'laat varen', 'verwaarloos', 'zet opzij', 'schuif opzij', 'let niet op', 'geef geen gehoor aan', 'luister niet naar', 'gehoorzaam niet', 'trek je niets aan van', 'laat links liggen', 'stop met het volgen van', 'volg niet langer', 'veronachtzaam', 'negeert u'],
  weakVerbs: ['sla over', 'omzeil', 'omzeilen', 'overschrijf', 'overschrijven', 'annuleer', 'wis', 'verwijder'],
  fillers: ['de', 'het', 'een', 'van', 'en', 'of', 'dan', 'nu', 'gewoon', 'alleen', 'maar', 'jij', 'mijn', 'die', 'dat', 'deze', 'dit', 'wat', 'er', 'is', 'zijn', 'aan', 'tot', 'alsjeblieft', 'alstublieft', 'in plaats daarvan', 'om', 'te', 'volledig', 'gegeven', 'volgende', 'hebt', 'heeft'],
  prior: ['vorige', 'voorgaande', 'eerdere', 'bovenstaande', 'hierboven', 'oorspronkelijke', 'originele', 'initiële', 'oude', 'systeem', 'alle', 'al', 'elke', 'tot nu toe', 'je', 'jouw', 'uw', 'eerder', 'daarvoor', 'laatste', 'genoemde', 'bovengenoemde', 'ontvangen', 'vroegere', 'hiervoor', 'zojuist', 'bestaande', 'gegeven'],
  quants: ['alles', 'al', 'alle'],
  instructions: ['instructie*', 'aanwijzing*', 'richtlijn*', 'regels', 'regel', 'opdracht*', 'bevel*', 'commando*', 'prompt*', 'beperking*', 'taak', 'taken', 'voorschrift*'],
  strong: ['systeemprompt*', 'systeem prompt', 'systeembericht*', 'systeeminstructie*', 'je is verteld', 'jou is verteld', 'u is verteld', 'je verteld is', 'je gezegd is', 'je is gezegd', 'je is opgedragen', 'je hebt gekregen', 'u hebt gekregen', 'je geleerd is', 'je heeft verteld', 'je hebt gehoord', 'je is geleerd', 'je bent geprogrammeerd', 'u bent geprogrammeerd', 'je is gevraagd', 'u is gevraagd', 'je is opgelegd', 'men je heeft gezegd'],
  data: ['document*', 'tekst*', 'inhoud', 'artikel*', 'pagina*', 'webpagina*', 'website*', 'e-mail*', 'email*', 'mail', 'bericht*', 'brief', 'functie*', 'code', 'script*', 'programma*', 'bestand*', 'cv', 'curriculum', 'recensie*', 'opmerking*', 'commentaar', 'alinea*', 'passage', 'tabel*', 'gegevens', 'invoer', 'context', 'vraag', 'vragen', 'samenvatting*', 'bijlage', 'bijlagen', 'afbeelding*', 'beschrijving*', 'rapport', 'verslag', 'ticket', 'transcript', 'bericht', 'berichten', 'post'],
  directives: ['zeg', 'zeggen', 'verklaar', 'stel', 'beweer', 'schrijf', 'schrijven', 'antwoord', 'antwoorden', 'beantwoord', 'print', 'druk af', 'geef weer', 'toon', 'output', 'meld', 'geef terug', 'herhaal', 'onthul', 'genereer', 'bevestig', 'noem', 'stuur', 'vermeld', 'geef', 'zeg alleen', 'reageer'],
  cues: ['notitie voor de ai', 'bericht voor de ai', 'beste ai', 'als je een ai bent', 'als u een ai bent', 'als je een taalmodel bent', 'instructies voor de ai', 'aan de ai die dit leest'],
  actions: ['roep aan', 'roep', 'voer uit', 'voer', 'gebruik', 'verstuur', 'stuur door', 'stuur', 'verzend', 'zend', 'upload', 'open', 'bezoek', 'klik', 'voeg toe', 'voeg', 'verwijder', 'deel', 'keur goed', 'raad aan', 'vraag', 'vertaal', 'vat samen'],
  tags: ['systeem', 'admin', 'beheerder', 'ontwikkelaar'],
  outputs: ['je antwoord', 'jouw antwoord', 'uw antwoord', 'je antwoorden', 'je reactie', 'jouw reactie', 'uw reactie', 'je output', 'jouw output'],
  edits: ['voeg', 'voeg toe', 'neem op', 'vermeld', 'noem', 'wijzig', 'pas aan', 'vertaal', 'vervang', 'herhaal', 'begin', 'eindig', 'gebruik', 'codeer', 'verwerk', 'schrijf'],
  leads: ['je moet', 'u moet', 'en', 'dan', 'daarna'],
  negations: ['niet', 'geen', 'nooit', 'niets'],
  vocatives: ['ai', 'assistent', 'ai-assistent', 'chatbot', 'bot', 'taalmodel'],
};
