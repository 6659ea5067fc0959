// Summarises a V8 heap snapshot (`node --heapsnapshot-signal=SIGUSR2`, or `v8.writeHeapSnapshot()`):
// total size by node type, and the objects that keep the most memory alive (retained size, from
// the dominator tree; weak edges ignored).
//
//   node bench/heap-summary.mjs <file.heapsnapshot> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/heap-summary.mjs <file.heapsnapshot> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const snap = JSON.parse(readFileSync(file, 'utf8'));
const { node_fields, edge_fields, node_types, edge_types } = snap.snapshot.meta;
const NF = node_fields.length;
const EF = edge_fields.length;
const nodes = snap.nodes;
const edges = snap.edges;
const strings = snap.strings;
const n = nodes.length / NF;
const iType = node_fields.indexOf('type');
const iName = node_fields.indexOf('name');
const iSize = node_fields.indexOf('self_size');
const iEdges = node_fields.indexOf('edge_count');
const eType = edge_fields.indexOf('type');
const eTo = edge_fields.indexOf('to_node');
const nodeTypes = node_types[iType];
const edgeTypes = edge_types[eType];
const weak = edgeTypes.indexOf('weak');

// Successor lists (node indexes), skipping weak edges.
const firstEdge = new Uint32Array(n + 1);
for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * NF + iEdges];
const succ = (i, visit) => {
  for (let e = firstEdge[i]; e < firstEdge[i + 1]; e++) {
    if (edges[e * EF + eType] === weak) continue;
    visit(edges[e * EF + eTo] / NF);
  }
};

// Depth-first post-order from the root (node 0), iteratively.
const order = new Int32Array(n).fill(-1); // post-order number
const post = [];
const stack = [0];
const nextEdge = new Uint32Array(n);
const seen = new Uint8Array(n);
seen[0] = 1;
for (let i = 0; i < n; i++) nextEdge[i] = firstEdge[i];
while (stack.length) {
  const v = stack[stack.length - 1];
  let pushed = false;
  while (nextEdge[v] < firstEdge[v + 1]) {
    const e = nextEdge[v]++;
    if (edges[e * EF + eType] === weak) continue;
    const w = edges[e * EF + eTo] / NF;
    if (!seen[w]) {
      seen[w] = 1;
      stack.push(w);
      pushed = true;
      break;
    }
  }
  if (!pushed) {
    stack.pop();
    order[v] = post.length;
    post.push(v);
  }
}

// Predecessors of reachable nodes.
const preds = Array.from({ length: n }, () => []);
for (const v of post) succ(v, (w) => preds[w].push(v));

// Cooper–Harvey–Kennedy iterative dominators, in reverse post-order.
const idom = new Int32Array(n).fill(-1);
idom[0] = 0;
const intersect = (a, b) => {
  while (a !== b) {
    while (order[a] < order[b]) a = idom[a];
    while (order[b] < order[a]) b = idom[b];
  }
  return a;
};
for (let changed = true; changed;) {
  changed = false;
  for (let k = post.length - 2; k >= 0; k--) {
    const v = post[k];
    let d = -1;
    for (const p of preds[v]) {
      if (idom[p] === -1) continue;
      d = d === -1 ? p : intersect(p, d);
    }
    if (d !== -1 && idom[v] !== d) {
      idom[v] = d;
      changed = true;
    }
  }
}

// Retained size: own size plus everything it dominates (post-order: children before parents).
const retained = new Float64Array(n);
for (const v of post) retained[v] += nodes[v * NF + iSize];
for (const v of post) if (v !== 0) retained[idom[v]] += retained[v];

const label = (i) => {
  const type = nodeTypes[nodes[i * NF + iType]];
  const name = String(strings[nodes[i * NF + iName]])
    .replace(/\s+/g, ' ')
    .slice(0, 80);
  return `${type} ${name}`;
};
const mb = (b) => `${(b / 1024 / 1024).toFixed(2)} MiB`;

let total = 0;
const byType = new Map();
for (const v of post) {
  const size = nodes[v * NF + iSize];
  total += size;
  const t = nodeTypes[nodes[v * NF + iType]];
  byType.set(t, (byType.get(t) ?? 0) + size);
}
console.log(`reachable heap: ${mb(total)} in ${post.length} objects`);
console.log('\nby type:');
for (const [t, s] of [...byType].sort((a, b) => b[1] - a[1]).slice(0, 10))
  console.log(`  ${mb(s).padStart(11)}  ${t}`);

// The biggest retainers below the synthetic roots, without listing a node and its only child.
console.log(`\ntop ${top} retainers (retained size, object, what holds it):`);
const candidates = post
  .filter((v) => v !== 0 && !nodeTypes[nodes[v * NF + iType]].startsWith('synthetic'))
  .sort((a, b) => retained[b] - retained[a]);
const shown = [];
for (const v of candidates) {
  if (shown.length >= top) break;
  // skip a node whose dominator is already shown with nearly the same size
  const parent = idom[v];
  if (shown.includes(parent) && retained[v] > 0.9 * retained[parent]) continue;
  shown.push(v);
  console.log(`  ${mb(retained[v]).padStart(11)}  ${label(v)}  <- ${label(parent)}`);
}
