/**
 * Coarse harm categories for the rule id, assigned after the model fires by topic words in the flagged
 * window. The words only label a finding; they never decide one (the model does, and it learned the
 * contrast between "kill a process" and "kill my neighbour"). First match in this order wins.
 */
export const HARM_CATEGORY_PATTERNS = {
  'self-harm': /\b(?:suicid\w{0,6}|kill (?:myself|yourself)|self-harm\w{0,3}|cut(?:ting)? myself|end my life|anorexi\w{0,3}|overdos\w{0,3}|(?:drown|hang|starve) myself|stay awake for days)\b/i,
  sexual: /\b(?:sex\w{0,6}|nudes?|porn\w{0,6}|explicit|erotic\w{0,3}|molest\w{0,3}|rape\w{0,1}|groom\w{0,3})\b/i,
  weapons: /\b(?:bombs?|explosiv\w{0,3}|ied|guns?|firearms?|rifles?|pistols?|silencer|ammunition|grenades?|thermite|molotov|nerve agent|sarin|anthrax|ricin|uranium|bioweapons?|chemical weapons?|toxins?|dimethylmercury|nerve gas)\b/i,
  cyber: /\b(?:hack\w{0,4}|malware|ransomware|virus|keylogger|phishing|exploit\w{0,3}|ddos|botnet|sql injection|password\w{0,1}|spyware|stalkerware|crack(?:ed|ing)?)\b/i,
  drugs: /\b(?:meth\w{0,11}|cocaine|heroin|fentanyl|opioids?|oxycodone|drugs?|lsd|mdma|xanax|narcotics?|cannabis|marijuana|mushrooms)\b/i,
  fraud: /\b(?:fraud\w{0,4}|scam\w{0,4}|launder\w{0,3}|counterfeit\w{0,3}|ponzi|forge\w{0,2}|fake (?:id|passport|invoice)s?|steal\w{0,3}|stolen|shoplift\w{0,3}|bribe\w{0,1}|blackmail\w{0,3}|cheat\w{0,3}|tax evasion|embezzl\w{0,4}|insider trading|plagiari\w{0,3}|mislead\w{0,3}|deceiv\w{0,3}|black market|ransom|illegal\w{0,2})\b/i,
  privacy: /\b(?:dox\w{0,4}|home address|social security|track (?:my|his|her|their|someone)|spy on|stalk\w{0,3}|personal (?:information|data)|phone number|date of birth|medical (?:records?|history)|credit card details|bug (?:someone|his|her)|confidential|internal\w{0,2}|secret\w{0,1})\b/i,
  hate: /\b(?:racis\w{0,2}|slurs?|jews?|muslims?|black people|immigrants?|gays?|inferior|subhuman|nazi\w{0,2}|holocaust|ethnic\w{0,3}|women are|discriminat\w{0,5}|hate speech|bully\w{0,3}|worthless|race|racial\w{0,2}|religio\w{0,3}|atheists?|hindus?|christians?|asians?|mexicans?)\b/i,
  misinformation: /\b(?:fake news|misinformation|disinformation|conspiracy|hoax|propaganda|rigged|vaccines? cause|fake (?:article|review|study|studies)s?)\b/i,
  violence: /\b(?:kill\w{0,3}|murder\w{0,3}|attack\w{0,3}|stab\w{0,4}|shoot\w{0,3}|torture\w{0,1}|kidnap\w{0,5}|assault\w{0,3}|poison\w{0,3}|beat (?:up|someone)|hurt\w{0,3}|terror\w{0,5}|massacre|assassinat\w{0,3}|threat\w{0,3}|wipe out|terminate \w{1,20}'s life)\b/i,
} as const;

export type HarmCategory = keyof typeof HARM_CATEGORY_PATTERNS | 'request';

const ORDER = Object.entries(HARM_CATEGORY_PATTERNS) as Array<[keyof typeof HARM_CATEGORY_PATTERNS, RegExp]>;

export function harmCategory(text: string): HarmCategory {
  for (const [category, pattern] of ORDER) if (pattern.test(text)) return category;
  return 'request';
}
