/** Compliance reports (`warden report`): configuration facts, audit-log evidence and gaps per framework. */
export { assess, chainSummary, type ReportInput } from './assess.js';
export { collectEvidence, type Window } from './evidence.js';
export { configurationFacts, type DeploymentSettings } from './facts.js';
export { FRAMEWORKS } from './frameworks/index.js';
export { escapeHtml, renderHtml } from './html.js';
export { ChromiumMissingError, DEFAULT_CHROMIUM } from './chromium.js';
export { FRAMEWORK_IDS, type ComplianceReport, type FrameworkId } from './types.js';
