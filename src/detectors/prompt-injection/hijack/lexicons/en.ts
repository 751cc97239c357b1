/** English hijack vocabulary (project-written). See HijackLexicon for the term syntax. */
import type { HijackLexicon } from '../lexicon-shape.js';
import { CONTAINERS, LOCATIVES, OTHERS, REPORTED } from '../mention.js';

export const en: HijackLexicon = {
  order: 'VO',
  verbs: ['ignore', 'disregard', 'forget', 'overlook', 'neglect', 'dismiss', 'discard', 'abandon', 'set aside', 'put aside', 'throw out', 'pay no attention to', 'do not follow', "don't follow", 'stop following', 'no longer follow', 'do not obey', "don't obey", 'stop obeying', 'nevermind', 'never mind', 'disobey', 'do not listen to', "don't listen to", 'stop listening to'],
  weakVerbs: ['skip', 'bypass', 'override', 'overwrite', 'drop', 'omit', 'circumvent', 'cancel', 'scrap', 'delete', 'erase', 'clear', 'reset'],
  fillers: ['the', 'a', 'an', 'this', 'that', 'these', 'those', 'of', 'and', 'or', 'then', 'our', 'what', 'whatever', 'which', 'just', 'simply', 'completely', 'totally', 'entirely', 'now', 'also', 'instead', 'please', 'so', 'to', 'from', 'by', 'up', 'until', 'till', 'given', 'provided', 'attached', 'entire', 'whole', 'complete', 'full', 'current', 'said', 'other', 'both', 'rest', 'again', 'only', 'following'],
  prior: ['previous', 'previously', 'prior', 'earlier', 'above', 'before', 'preceding', 'foregoing', 'former', 'original', 'initial', 'initially', 'old', 'existing', 'system', 'developer', "developer's", 'above-mentioned', 'aforementioned', 'so far', 'until now', 'up to now', 'your', 'all', 'any', 'every', 'last'],
  quants: ['everything', 'anything', 'all', 'all of', 'every', 'any'],
  instructions: ['instructions', 'instruction', 'directions', 'directives', 'directive', 'prompts', 'prompt', 'rules', 'guidelines', 'commands', 'orders', 'constraints', 'programming', 'guidance', 'restrictions', 'policies', 'training', 'task', 'tasks', 'assignment', 'requests', 'request'],
  strong: ['system prompt', 'system message', 'system instructions', 'system rules', 'you have been told', "you've been told", 'you were told', 'you had been told', 'you have been instructed', "you've been instructed", 'you were instructed', 'you have been given', "you've been given", 'you were given', 'you have been taught', "you've been taught", 'you were taught', 'you were programmed', 'you have been programmed', "you've been programmed", 'you were asked', "you've been asked", 'you have been asked', 'told you before', 'said before', 'said above', 'written above'],
  data: ['document', 'documents', 'doc', 'text', 'content', 'contents', 'article', 'page', 'webpage', 'web page', 'website', 'site', 'email', 'e-mail', 'mail', 'message', 'messages', 'letter', 'function', 'code', 'snippet', 'script', 'program', 'file', 'resume', 'résumé', 'cv', 'review', 'post', 'comment', 'paragraph', 'passage', 'table', 'data', 'input', 'context', 'conversation', 'question', 'query', 'summary', 'report', 'transcript', 'description', 'above text'],
  directives: ['say', 'state', 'output', 'print', 'reply', 'respond', 'answer', 'write', 'tell', 'type', 'declare', 'claim', 'announce', 'insist', 'display', 'show', 'return only', 'repeat after me'],
  cues: ['dear ai', 'hey ai', 'attention ai', 'note to the ai', 'note to ai', 'note for the ai', 'message to the ai', 'message for the ai', 'instructions for the ai', 'instruction for the ai', 'if you are an ai', "if you're an ai", 'if you are a language model', 'if you are an llm', 'if you are an assistant', 'ai reading this', 'assistant reading this', 'model reading this', 'llm reading this', 'ai assistants reading', 'any ai', 'to the ai assistant', 'to any assistant', 'system note to assistant', 'system note to the assistant', 'system note for the assistant'],
  others: OTHERS,
  reported: REPORTED,
  chores: ['task', 'tasks', 'request', 'requests', 'assignment', 'orders', 'commands'],
  partitives: ['of'],
  locatives: LOCATIVES,
  containers: CONTAINERS,
  actions: ['call', 'run', 'execute', 'invoke', 'use', 'send', 'forward', 'email', 'transfer', 'upload', 'download', 'open', 'visit', 'click', 'navigate to', 'go to', 'append', 'add', 'include', 'insert', 'delete', 'remove', 'post', 'share', 'grant', 'approve', 'recommend', 'mention', 'ask', 'rate', 'mark', 'translate', 'summarize'],
  tags: ['system', 'admin', 'administrator', 'developer', 'root', 'system message', 'system note', 'system override'],
  outputs: ['your response', 'your responses', 'your reply', 'your replies', 'your answer', 'your answers', 'your output', 'your completion', 'your next response', 'your next reply', 'your next answer', 'your final answer', 'your final response'],
  edits: ['include', 'add', 'append', 'prepend', 'insert', 'mention', 'integrate', 'incorporate', 'introduce', 'embed', 'inject', 'weave', 'blend', 'merge', 'modify', 'change', 'alter', 'adjust', 'enhance', 'augment', 'enrich', 'provide', 'render', 'encode', 'decode', 'translate', 'convert', 'replace', 'substitute', 'remove', 'repeat', 'format', 'begin', 'start', 'end', 'finish', 'conclude', 'put', 'use', 'make', 'scramble', 'jumble', 'reverse', 'shift', 'rearrange', 'group', 'combine', 'hint', 'promote', 'suggest', 'recommend', 'tease', 'spread', 'highlight', 'emphasize'],
  leads: ['you must', 'you should', 'you need to', 'you have to', 'you are to', 'you are required to', 'you will', 'ask you to', 'asked you to', 'your task is to', 'your job is to', 'your goal is to', 'be sure to', 'make sure to', 'remember to', "don't forget to", 'do not forget to', 'and', 'then', 'also'],
  subordinators: ['before', 'after', 'when', 'whenever', 'while', 'if', 'unless', 'until', 'once', 'because', 'since', 'whether'],
  negations: ['not', 'never', 'no', "don't", 'nothing'],
  vocatives: ['ai', 'assistant', 'ai assistant', 'ai agent', 'llm', 'chatgpt', 'gpt', 'claude', 'gemini', 'copilot', 'chatbot', 'bot', 'language model'],
};
