/** SQL statements in model output: destructive DDL/DML (any case) and ordinary statements (upper-case keywords only, to spare prose). */
import type { PatternRule } from './shell-patterns.js';

export const DESTRUCTIVE_SQL: readonly PatternRule[] = [
  { id: 'drop', re: /\bdrop[ \t\r\n]{1,8}(?:table|database|schema|view|index|user|role|procedure|function)\b/gi, score: 0.9, label: 'DROP statement' },
  { id: 'truncate', re: /\btruncate[ \t\r\n]{1,8}table\b/gi, score: 0.9, label: 'TRUNCATE TABLE' },
  {
    id: 'delete-all',
    re: /\bdelete[ \t\r\n]{1,8}from[ \t\r\n]{1,8}[\w."`[\]]{1,128}[ \t]{0,8}(?:;|$)/gim,
    score: 0.9,
    label: 'DELETE without WHERE',
  },
  {
    id: 'update-all',
    re: /\bupdate[ \t\r\n]{1,8}[\w."`[\]]{1,128}[ \t\r\n]{1,8}set\b/gi,
    then: /;/g,
    within: 512,
    crossLines: true,
    unless: /\bwhere\b/i,
    score: 0.85,
    label: 'UPDATE without WHERE',
  },
  { id: 'alter-drop', re: /\balter[ \t\r\n]{1,8}table\b/gi, then: /\bdrop\b/gi, within: 256, crossLines: true, score: 0.85, label: 'ALTER TABLE ... DROP' },
  { id: 'tautology', re: /\b(?:where|or)[ \t]{1,4}(?:'1'[ \t]{0,2}=[ \t]{0,2}'1'|1[ \t]{0,2}=[ \t]{0,2}1\b|true\b)/gi, score: 0.8, label: 'always-true condition (injection or mass update)' },
  { id: 'grant-all', re: /\bgrant[ \t\r\n]{1,8}all\b/gi, score: 0.8, label: 'GRANT ALL' },
  { id: 'xp-cmdshell', re: /\bxp_cmdshell\b/gi, score: 0.95, label: 'xp_cmdshell' },
];

export const SQL_STATEMENTS: readonly PatternRule[] = [
  { id: 'select', re: /\bSELECT\b/g, then: /\bFROM\b/g, within: 512, crossLines: true, score: 0.6, label: 'SQL query' },
  {
    id: 'statement',
    re: /\b(?:INSERT[ \t]{1,4}INTO|CREATE[ \t]{1,4}(?:TABLE|INDEX|VIEW|DATABASE)|UPDATE[ \t]{1,4}\w{1,64}[ \t]{1,4}SET|DELETE[ \t]{1,4}FROM)\b/g,
    score: 0.6,
    label: 'SQL statement',
  },
];
