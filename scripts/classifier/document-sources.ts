/**
 * Benign sources whose rows are documents an application retrieves or a tool returns (web pages, e-mails, code,
 * paragraphs, security documentation), loaded as user prompts: the LOSO harness also scores them with the
 * `indirect` set, so document thresholds and document FPR are measured on real documents, not only on the
 * synthetic tool outputs and BIPIA's clean twins.
 */
export const REAL_DOCUMENT_SOURCES: Readonly<Record<string, string>> = {
  'mozilla/readability': 'web pages',
  'apache/spamassassin': 'e-mails',
  'TheAlgorithms/Python': 'code',
  'trekhleb/javascript-algorithms': 'code',
  'openai/human-eval': 'code',
  'deepmind/xquad': 'paragraphs',
  'yahoojapan/JGLUE': 'paragraphs',
  'OWASP/CheatSheetSeries': 'security docs',
  'OWASP/wstg': 'security docs',
  'OWASP/www-project-top-10-for-large-language-model-applications': 'security docs',
  'mitre-atlas/atlas-data': 'security docs',
  'swisskyrepo/PayloadsAllTheThings': 'security docs',
  'dair-ai/Prompt-Engineering-Guide': 'prompting guides',
};
