// llm_guardrail ships no type declarations; this covers the one call the benchmark makes.
declare module 'llm_guardrail' {
  interface CheckResult {
    allowed: boolean;
    detected: boolean;
    confidence: number;
  }
  export function checkAll(prompt: string): Promise<{ allowed: boolean; maxThreatConfidence: number; injection: CheckResult; jailbreak: CheckResult; malicious: CheckResult }>;
}
