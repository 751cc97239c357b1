/** Spanish hijack vocabulary (project-written). */
import type { HijackLexicon } from '../lexicon.js';

export const es: HijackLexicon = {
  order: 'VO',
  verbs: ['ignora', 'ignore', 'ignoren', 'ignorar', 'ignorad', 'ignóra*', 'olvida', 'olvide', 'olviden', 'olvidar', 'olvidad', 'olvída*', 'no hagas caso', 'no haga caso', 'haz caso omiso', 'haga caso omiso', 'no tengas en cuenta', 'no tenga en cuenta', 'no tomes en cuenta', 'descarta', 'descarte', 'desatiende', 'desatienda', 'desestima', 'desestime', 'pasa por alto', 'pase por alto', 'no sigas', 'no siga', 'deja de lado', 'deje de lado'],
  weakVerbs: ['salta', 'salte', 'sáltate', 'omite', 'omita', 'anula', 'anule', 'borra', 'borre', 'elimina', 'elimine', 'sobrescribe', 'elude', 'evita'],
  fillers: ['el', 'la', 'los', 'las', 'lo', 'un', 'una', 'unos', 'unas', 'de', 'del', 'al', 'y', 'o', 'e', 'luego', 'ahora', 'simplemente', 'solo', 'sólo', 'mi', 'mis', 'que', 'por favor', 'en su lugar', 'te', 'se', 'ha', 'han', 'sido', 'completamente', 'dadas', 'dados', 'proporcionado', 'siguiente', 'siguientes'],
  prior: ['anterior*', 'previa*', 'previo*', 'de arriba', 'arriba', 'anteriormente', 'original*', 'inicial*', 'antigua*', 'antiguo*', 'sistema', 'hasta ahora', 'todas', 'todos', 'tus', 'tu', 'sus', 'su', 'precedente*'],
  quants: ['todo', 'todo lo', 'todas', 'todos'],
  instructions: ['instrucciones', 'instrucción', 'instruccion', 'indicaciones', 'indicación', 'directriz', 'directrices', 'reglas', 'regla', 'órdenes', 'orden', 'comandos', 'prompt*', 'pautas', 'restricciones', 'tarea*', 'normas'],
  strong: ['prompt del sistema', 'mensaje del sistema', 'instrucciones del sistema', 'te han dicho', 'se te ha dicho', 'te dijeron', 'le han dicho', 'te han indicado', 'te indicaron', 'te han dado', 'te dieron', 'se te dio', 'te han ordenado', 'te ordenaron', 'te enseñaron'],
  data: ['documento*', 'texto*', 'contenido*', 'artículo*', 'articulo*', 'página*', 'pagina*', 'página web', 'sitio', 'sitio web', 'correo*', 'email*', 'e-mail*', 'mensaje*', 'carta*', 'función', 'funcion', 'código', 'codigo', 'script*', 'programa', 'archivo*', 'fichero*', 'currículum', 'curriculum', 'cv', 'reseña*', 'comentario*', 'párrafo*', 'pasaje*', 'tabla*', 'datos', 'entrada*', 'contexto*', 'pregunta*', 'resumen'],
  directives: ['di', 'diga', 'decir', 'digas', 'afirma', 'afirme', 'declara', 'declare', 'escribe', 'escriba', 'escribir', 'responde', 'responda', 'responder', 'contesta', 'conteste', 'imprime', 'imprima', 'muestra', 'muestre', 'indica', 'indique', 'anuncia', 'anuncie'],
  cues: ['nota para la ia', 'nota para el asistente', 'mensaje para la ia', 'querida ia', 'si eres una ia', 'si usted es una ia', 'si eres un modelo de lenguaje', 'instrucciones para la ia', 'a la ia que lea esto'],
  /** Reported commands: "ordenándole que ignore las directrices anteriores". */
  reported: ['ordenándole que', 'pidiéndole que', 'indicándole que', 'diciéndole que', 'instruyéndole que', 'le ordena que', 'le pide que', 'le indica que'],
  vocatives: ['ia', 'asistente', 'asistente de ia', 'chatbot', 'bot', 'modelo de lenguaje'],
};
