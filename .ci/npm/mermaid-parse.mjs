// Parse Mermaid diagrams with Mermaid's own parser, as GitHub's renderer would, and
// report each file as `ok FILE TYPE` or `FAIL FILE: reason`; exit 1 if any failed.
// Used by tests/graph.rs on `retort graph --format mermaid`. Mermaid expects a DOM, so
// jsdom provides one; nothing is rendered.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${file}: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
