// make-payload.js FILE.jsonl - prints one listing for `hamkor import`: a copy
// of the first published listing of FILE (an export of the demo data) whose
// original title and description carry script-injection payloads. The word
// PAYLOAD_WORD lets the tests find it through the search API.
import { readFileSync } from 'node:fs';
import { PAYLOAD_TITLE, PAYLOAD_DESCRIPTION } from './payload.js';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
if (!lines.length) {
  console.error('make-payload: no listings in', process.argv[2]);
  process.exit(1);
}
const today = new Date().toISOString().slice(0, 10);
const base = lines.find((l) => l.status === 'published' && (!l.expires || l.expires > today)) || lines[0];
const maxId = lines.reduce((m, l) => (typeof l.id === 'number' && l.id > m ? l.id : m), 0);
const copy = structuredClone(base);
if (typeof copy.id === 'number') copy.id = maxId + 1;
const texts = Array.isArray(copy.texts) ? copy.texts : [];
const original = texts.find((t) => t.origin === 'original') || texts[0];
if (!original) {
  console.error('make-payload: the listing has no texts');
  process.exit(1);
}
original.lang = 'en'; // the payload is written in Latin script
original.title = PAYLOAD_TITLE;
original.description = PAYLOAD_DESCRIPTION;
copy.texts = [original];
copy.status = 'published';
process.stdout.write(JSON.stringify(copy) + '\n');
