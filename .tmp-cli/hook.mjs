export async function resolve(specifier, context, next) {
  if (specifier === './injection-classifier.js' && context.parentURL?.endsWith('/detectors/index.ts')) return { url: 'file:///work/main/.tmp-cli/stub-ic.mjs', shortCircuit: true };
  return next(specifier, context);
}
