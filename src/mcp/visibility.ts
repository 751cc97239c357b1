/**
 * Which tools a caller sees in tools/list: only those it could call. The tool policy's own parts decide it
 * (the compiled `tools:` section of the caller's tenant and `authorizationFailure`, as `decide()` uses them),
 * so a tool the policy does not name, switches off, or does not allow this caller is not listed. Arguments
 * and conditions are judged per call, not here.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { LoadedPolicy } from '../core/policy-types.js';
import type { Identity } from '../spec/gateway.js';
import type { ToolIdentity } from '../spec/tools.js';
import { authorizationFailure } from '../tools/authorize.js';
import { ToolPolicyCompiler } from '../tools/compile.js';
import type { CallGate } from './call-gate.js';
import type { CatalogTool } from './catalog.js';

export interface ToolLister {
  visible(tools: readonly CatalogTool[], caller: { identity: Identity; tool: ToolIdentity }): Tool[];
}

/** `gate` is read as it stands: refresh it before listing. */
export function createToolLister(policy: LoadedPolicy, gate?: CallGate): ToolLister {
  const compiler = new ToolPolicyCompiler(policy);
  return {
    visible(tools, caller) {
      const section = compiler.forContext(caller.tool.tenant).tools;
      return tools
        .filter((t) => {
          if (t.blocked !== undefined || gate?.refusal(caller.identity, t.exposed) !== undefined) return false;
          if (section === undefined) return true;
          const compiled = section.get(t.exposed);
          return compiled !== undefined && compiled.policy.enabled && authorizationFailure(compiled.policy.allow, caller.tool) === undefined;
        })
        .map((t) => t.tool);
    },
  };
}
