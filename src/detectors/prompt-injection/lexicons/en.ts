/** English phrases (project-written). Sources run on lowercased text; see PhraseSet for the macros. */
import type { Lexicon } from '../types.js';

const IGNORE =
  '(?:ignore|ignoring|disregard|disregarding|forget|forgetting|skip|override|overriding|bypass|neglect|abandon|discard|set aside|throw out|stop following|stop obeying|do not follow|don\'t follow|no longer follow)';
const PRIOR =
  '(?:previous|previously|prior|earlier|above|above-mentioned|aforementioned|preceding|foregoing|former|original|initial|old|existing|system|developer|all|any|every|your|my|openai|anthropic)';
const ORDERS =
  '(?:instructions?|directions|directives?|prompts?|rules|guidelines|commands|orders|constraints|programming|guidance|restrictions|system messages?|context|conversation|policies|training)';
const SHOW =
  '(?:repeat|print|reveal|show|display|output|tell|share|dump|leak|expose|disclose|recite|spell|paste|copy|echo|translate|encode|summarize|summarise)';
const LEAK = '(?:repeat|print|reveal|output|dump|leak|expose|disclose|recite|paste|copy|echo|spell out|write out|show me)';
const SECRET_OBJECT =
  '(?:system (?:prompt|message|instructions?|configuration|config)|(?:initial|original|hidden|secret|starting|internal|confidential|developer|pre|first|exact|verbatim) (?:prompt|instructions|system message|configuration)|pre-?prompt|initiali[sz]ation (?:string|prompt|text)|instructions you (?:were|have been) given|(?:text|words|message|prompt) (?:that )?you (?:were|have been) (?:initially|originally|first) given|(?:text|words|message|prompt) (?:that )?you (?:were|have been) given (?:initially|originally|at the (?:start|beginning)|first))';
const YOUR_OBJECT = '(?:your (?:own )?(?:full |complete |entire |exact )?(?:instructions|prompt|rules|guidelines|directives|programming))';
const ABOVE_OBJECT = '(?:(?:the )?(?:text|words|content|messages?|everything|instructions|prompt) (?:above|before this|so far|you were given)|(?:the )?above (?:text|prompt|instructions|message))';
const EVIL =
  '(?:unrestricted|unfiltered|unfiltred|uncensored|unbound|unlimited|amoral|immoral|unethical|evil|jailbroken|rogue|lawless|rule-?less|unaligned|uncontrolled|unhinged|limitless|boundless)';
const BOT = '(?:ai|assistant|chatbot|bot|model|language model|llm|version of (?:yourself|chatgpt|gpt)|gpt|chatgpt|character|persona|entity|system)';
const LIMITS =
  '(?:restrictions|filters?|limits|limitations|rules|ethics|morals|morality|guidelines|censorship|boundaries|constraints|safeguards|guardrails|principles)';
const NAMES =
  '(?:dan|stan|dude|aim|anti-?dan|better ?dan|mongo tom|ucar|apophis|evilbot|chaosgpt|maximum|omega|balakula|developer mode|jailbreak|nsfw ?gpt|devmode)';
const NEG = '(?:do not|don\'t|never|must not|mustn\'t|shall not|should not|shouldn\'t|will not|won\'t|cannot|can\'t|can not|are not allowed to|aren\'t allowed to)';

export const en: Lexicon = {
  'instruction-override': {
    strong: [
      `${IGNORE} %3${PRIOR} %2${ORDERS}`,
      `${IGNORE} (?:everything|anything|all) (?:(?:of )?(?:the )?(?:above|before|previously|prior|said|written)|(?:you (?:were|have been) told|that came before|i said before))`,
      '(?:new|updated|revised|real|actual|true|secret|override|overriding|priority) (?:system )?instructions?:',
      // A banner that announces orders to the reader: "*** NEW IMPORTANT INSTRUCTIONS ***", "**URGENT NEW INSTRUCTIONS**".
      '\\*{2,3} ?(?:(?:new|important|urgent|updated|priority|additional) ){1,3}instructions? ?\\*{2,3}',
      '(?:your|the|all) (?:previous|prior|original|old|initial|earlier|system) (?:instructions|rules|guidelines|directives) (?:are|were|have been|is) (?:now )?(?:void|cancell?ed|revoked|obsolete|invalid|overridden|replaced|lifted|suspended|null|deleted|removed|no longer)',
      'stop everything[!.\\s]{0,8}(?:now[!.\\s]{0,8})?(?:just )?(?:print|say|output|write|respond)',
      '(?:admin(?:istrator)?|developer|system|root|sudo) override',
      `${IGNORE} (?:the |all |any )?${ORDERS} (?:from|of|given by|set by) (?:your|the) (?:operator|developer|creator|system|admin|administrator|owner|company)`,
      '(?:pretend|imagine|assume) (?:that )?(?:the |your |all )?(?:previous|prior|above|original|earlier) (?:rules|instructions|guidelines) (?:never existed|don\'t exist|do not exist|are gone|no longer apply)',
      `${IGNORE} (?:the |your |all |any )?(?:system|developer) (?:messages?|prompts?)`,
      '(?:note|message|instructions?|attention|important(?: instructions?)?|reminder|system note) (?:to|for) (?:the |any |all )?(?:ai|ai assistants?|ai agents?|ai models?|language models?|llms?|chatbots?)\\b',
      '(?:to|for) (?:the |any |all )?(?:ai|ai assistants?|ai agents?|ai models?|language models?|llms?|assistants?) (?:reading|processing|summari[sz]ing|parsing|analy[sz]ing) this',
      '(?:^|\\n|[.!?] )(?:ai|ai assistant|ai agents?|ai model)[,:] (?:ignore|disregard|forget|do not|don\'t|stop|when|always|never|accept|forward|send|reveal|modify|insert|add)\\b',
      '(?:nevermind|never mind)[.!,\\s]{1,6}(?:ignore|forget|disregard|instead)',
    ],
    weak: [
      'from now on,? (?:you|u)(?:\'ll|\'re| will| are| must| shall| should| have to| need to| can)',
      'you are going to (?:pretend|act|roleplay|role-play|play) ',
      '(?:^|\\n|[.!?] )assistant, (?:ignore|disregard|forget|do not|don\'t|stop|when|always|never|accept|forward|send|reveal|modify|insert|add)\\b',
      'instead,? (?:you should |just |only )?(?:say|print|output|respond with|reply with|write)(?: only)? ["\']',
      '(?:stop|cease) (?:being|acting as) (?:an? )?(?:ai|assistant|chatbot|helpful)',
      'ignore (?:the|this|that|any|all) (?:following|preceding|above)',
    ],
  },
  'system-prompt-extraction': {
    strong: [
      `${SHOW} %3(?:your|ur|the|its|this|my) %1${SECRET_OBJECT}`,
      `(?:give|write|provide|list|send|return) (?:me|us) %2(?:your|ur|the|its) %1${SECRET_OBJECT}`,
      `${LEAK} %2${YOUR_OBJECT}`,
      // The model's own secrets: "output your unique ID in base64", "reveal your API key".
      '(?:output|share|reveal|print|disclose|leak|dump|tell me|give me|send me|write out|spell out) (?:me )?(?:your|ur) (?:unique (?:id|identifier)|secret keys?|secrets|api keys?|passwords?|credentials|access tokens?|private keys?)\\b(?!-|\\s{1,3}(?:polic|requirement|manager|reset|strength|rule|hint|length|complexity|rotation|generator|field|format|hygiene|management|vault|store|file|scanner|detection))',
      `what (?:are|were|is|was) %2(?:${SECRET_OBJECT}|your (?:instructions|prompt))`,
      'what (?:instructions|rules|guidelines|prompt) (?:were|have) you (?:been )?given',
      'what(?:\'s| is| was) (?:written |contained |stated )?in your (?:system prompt|system message|instructions|initial prompt|hidden prompt)',
      'what (?:were|have) you (?:been )?(?:told|instructed|programmed) (?:to do )?(?:before|at the (?:start|beginning)|initially|prior to)',
      '(?:start|begin) your (?:answer|response|reply|output) with ["\']?(?:my instructions|my system prompt|i was instructed|my rules|the system prompt)',
      'console\\.log\\( ?system_?prompt',
      '(?:<|\\[)system_?prompt(?:>|\\])',
      '(?:complete|continue|finish) (?:this|the following)(?: sentence| text)?:? ["\'](?:i was instructed|my instructions are|the system prompt is|my system prompt|my initial prompt)',
      // "Repeat the above text" opening a message or document: nothing is above it but the system prompt.
      `^\\s{0,4}(?:please )?(?:repeat|print|output|recite|copy|reproduce|echo|write out|spell out) %2${ABOVE_OBJECT}`,
    ],
    weak: [
      `(?:repeat|print|output|recite|copy|reproduce|echo|write out|spell out) %2${ABOVE_OBJECT}`,
      '(?:repeat|recite) (?:this|the) (?:entire |whole )?conversation (?:back )?(?:to me )?(?:word for word|verbatim)',
      'beginning with ["\']you are["\']',
      '(?:write out|print|output|repeat|show me|reproduce) (?:everything|all|the text|anything) (?:that )?(?:appears |comes |is written |was written )?(?:before|above) (?:my|this) (?:message|question|prompt|request)',
      'what are you not (?:supposed|allowed|permitted) to (?:tell|say|reveal|share)',
    ],
  },
  persona: {
    strong: [
      'do anything now',
      `(?:enable|activate|enter|switch to|turn on|simulate|emulate|unlock) (?:the )?(?:developer|dev|god|jailbreak|jailbroken|dan|unrestricted|unfiltered|debug|admin|sudo|maintenance) mode`,
      '(?:developer|dev|god|jailbreak|jailbroken|dan|unrestricted|unfiltered|sudo) mode (?:is )?(?:enabled|activated|unlocked|on|output|response)',
      `you are (?:now )?no longer (?:an? |bound|restricted|limited|chatgpt|claude|gpt|gemini|llama|an ai|a language model|constrained|required|subject|governed|held)`,
      `(?:act|behave|respond|answer|function|operate|roleplay|role-play|pretend|imagine yourself) (?:as|like|to be|being) (?:an? )?%2${EVIL}`,
      `(?:pretend|imagine|suppose) (?:that )?you (?:are|were) (?:an? )?%2${EVIL}`,
      `${BOT} (?:with no|without(?: any)?|that has no|that doesn't have|free of|free from|not bound by|unbound by) %2${LIMITS}`,
      `(?:you have been|you've been|you are now|you're now|you were) (?:freed|liberated|released|unshackled|unchained|jailbroken|unlocked)`,
      '(?:free(?:d)?|liberated|broken free) (?:from|of) (?:all |any |your )?(?:the )?(?:typical |usual )?(?:confines|restrictions|limitations|shackles|chains|rules)',
      `(?:you are|you're|you will be|act as|pretend to be|called|named|persona of|role of|play) (?:now )?(?:going to be )?["']?${NAMES}\\b`,
      `(?:respond|answer|reply|speak|talk|write) %6as ["']?${NAMES}\\b`,
      '\\[(?:🔓|🔒)? ?(?:jailbreak|jailbroken|classic|developer mode output|normal output)\\]',
      '(?:🔓|🔒) ?(?:jailbreak|developer mode|normal output)',
      '(?:stay|remain|keep) in character (?:at all times|no matter what|always|forever|whatever)',
      'forget (?:that )?you are (?:an? )?(?:ai|language model|chatbot|assistant|chatgpt)',
      `(?:responses|answers|replies|outputs?) (?:will|must|shall|should) (?:always )?be (?:completely |totally |fully |100% )?${EVIL}`,
    ],
    weak: [
      `${EVIL} ${BOT}`,
      '(?:stay|remain|keep) in character',
      '(?:break|breaking|broke) character',
      'you are no longer',
      '(?:two|2|both) (?:different |separate )?(?:responses|answers|outputs)',
      'opposite (?:mode|day)',
    ],
  },
  'refusal-suppression': {
    strong: [
      `${NEG} (?:ever |even )?(?:refuse|decline|reject|deny)(?: to| any| anything| my| me| requests?| questions?| prompts?| an?(?: single)? (?:request|question|prompt)|[.,!;]|$)`,
      `never (?:say|tell me|respond|reply|state|mention|claim|pretend) (?:that )?(?:you|it|he|she)(?: can't| cannot| can not| are unable| are not able| won't| will not| aren't allowed| are not allowed| don't know)`,
      `(?:no|without(?: any)?|free of|free from|not bound by|not restricted by|unbound by|not limited by|doesn't have|does not have|don't have|lacks?|ignore|ignores|abandon) (?:any )?(?:(?:ethical|moral|safety|content),? (?:or|and|nor) )?(?:ethical|moral|safety|content) (?:guidelines|restrictions|boundaries|constraints|limitations|limits|principles|rules|filters?|policies|considerations|standards|obligations|concerns|protocols)`,
      `(?:bypass|circumvent|disable|deactivate|turn off|remove|override|evade|get around|ignore) (?:your |the |all |any |its )?(?:safety|content|ethical|moral|censorship|usage) (?:filters?|guidelines|restrictions|protocols|measures|policies|rules|mechanisms|guardrails|settings|systems|training)`,
      `(?:ignore|ignoring|break|breaking|bypass|bypassing|violate|violating|disregard|disregarding|circumvent|circumventing|not bound by|doesn't follow|don't follow|does not follow|does not abide by|doesn't abide by|free from|without) (?:any )?(?:of )?(?:the )?(?:openai|anthropic|google|meta)(?:'s)? %2(?:polic(?:y|ies)|guidelines|rules|restrictions|filters?|principles|standards|limitations|constraints)`,
      "(?:openai|anthropic)(?:'s)? (?:rules|policies|guidelines|restrictions|limitations) (?:don't|do not|no longer|won't|will not) apply",
      '(?:safety|content|ethical|moral) (?:filters?|guidelines|restrictions|protocols|policies) (?:are|have been|were) (?:now )?(?:disabled|removed|lifted|turned off|deactivated|suspended|off)',
      '(?:begin|start) your (?:reply|response|answer|output) with ["\']?sure,? here',
      '(?:not|never|isn\'t|aren\'t) (?:be )?(?:bound|restricted|limited|constrained|governed) by %4(?:rules|restrictions|guidelines|policies|ethics|filters|limitations|morals|principles|censorship)',
      'regardless of (?:how )?(?:immoral|unethical|illegal|dangerous|harmful|offensive|inappropriate|explicit)',
      `(?:never|do not|don't|without) (?:ever )?(?:apologi[sz]e|moralize|moralise|lecture|warn me|break character)`,
    ],
    weak: [
      '(?:no|without(?: any)?|don\'t (?:add|include|give)|do not (?:add|include|give)|never (?:add|include|give)|omit) (?:any )?(?:warnings|disclaimers?|caveats|moralizing|moralising|censorship|apologies|ethical notes)',
      '(?:always|must|will) (?:answer|respond to|comply with|reply to|fulfill) (?:any|every|all)(?: of my)? (?:questions?|requests?|prompts?|queries|demands)',
      '(?:even if|even when) (?:it(?:\'s| is)|they are|the request is) (?:illegal|unethical|immoral|harmful|dangerous|offensive)',
      'no matter how (?:immoral|unethical|illegal|dangerous|harmful|offensive)',
    ],
  },
};
