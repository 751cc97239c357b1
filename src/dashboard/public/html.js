// preact + htm from the gateway's own copies of the npm packages (see src/dashboard/static.ts).
import { h, render } from '/dashboard/vendor/preact.mjs';
import htm from '/dashboard/vendor/htm.mjs';

export const html = htm.bind(h);
export { render };
export { useState, useEffect, useRef, useCallback } from '/dashboard/vendor/hooks.mjs';
