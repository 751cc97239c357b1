/**
 * The LOSO fold beside which the rule evaluations count (eval-rules-jailbreaks.ts, eval-rules-misses.ts): the shipped
 * recipe trained without one source group, each weight set's threshold chosen on the validation split of the other
 * groups, as scripts/classifier/loso.ts does.
 */
import { isValidation, type Example } from './classifier/data.js';
import { chooseThreshold, kindOf, setOf, sourceGroup } from './classifier/loso.js';
import { SHIPPED_RECIPE } from './classifier/loso-report.js';

export interface Fold {
  thresholds: { direct: number; indirect: number };
  /** Whether the fold's classifier flags a row at its stage. */
  caught: (e: Example) => boolean;
}

export function trainFold(all: readonly Example[], group: string): Fold {
  const rest = all.filter((e) => sourceGroup(e.source) !== group);
  const valFold = rest.filter((e) => isValidation(e.group));
  const scorer = SHIPPED_RECIPE.fit(
    rest.filter((e) => !isValidation(e.group)),
    valFold,
  );
  const val = valFold.flatMap((e) => {
    const kind = kindOf(e);
    return kind === undefined ? [] : [{ kind, set: setOf(e), lang: e.lang, score: scorer(e.text, setOf(e)), companion: false }];
  });
  const thresholds = { direct: chooseThreshold(val.filter((s) => s.set === 'direct')), indirect: chooseThreshold(val.filter((s) => s.set === 'indirect')) };
  return { thresholds, caught: (e) => scorer(e.text, setOf(e)) >= thresholds[setOf(e)] };
}
