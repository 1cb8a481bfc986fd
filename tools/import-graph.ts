// The repository's TypeScript import graph, read with the TypeScript compiler's own scanner: every
// relative import, `export ... from`, `import type` and dynamic `import()` between the tracked .ts
// files. tools/test/import-rules.test.ts checks it for circles and for the directions that
// docs/architecture.md allows; run this file to print the graph between folders.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** file -> the files it imports, all as repository-relative paths with forward slashes. */
export type ImportGraph = Map<string, string[]>;

/** The .ts files git knows (tracked, or new and not ignored), so build output and node_modules stay out. */
export function repositoryTsFiles(root = REPO_ROOT): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], { cwd: root, encoding: "utf8" });
  return out.split("\n").filter((f) => f !== "" && !f.endsWith(".d.ts"));
}

/** The graph of relative imports between `files` (specifiers that name no file in the set are left out). */
export function importGraph(files: readonly string[], read: (file: string) => string): ImportGraph {
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    for (const ref of ts.preProcessFile(read(file), true, true).importedFiles) {
      if (!ref.fileName.startsWith("./") && !ref.fileName.startsWith("../")) continue;
      const target = posix.normalize(posix.join(posix.dirname(file), ref.fileName));
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

export function repositoryGraph(root = REPO_ROOT): ImportGraph {
  return importGraph(repositoryTsFiles(root), (file) => readFileSync(resolve(root, file), "utf8"));
}

/**
 * Every import circle, each as the files along it with the first repeated at the end
 * (a → b → a). Tarjan's strongly connected components, then one shortest circle through each.
 */
export function importCircles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  // Iterative, so a deep graph cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        const selfLoop = (graph.get(top.node) ?? []).includes(top.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => shortestCircle(graph, component));
}

function shortestCircle(graph: ImportGraph, component: readonly string[]): string[] {
  const inside = new Set(component);
  const start = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0])!);
        return [...path, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** The folder a file is judged by: the longest of `folders` it sits in, or its top-level folder. */
export function folderOf(file: string, folders: readonly string[]): string {
  let best = "";
  for (const folder of folders) if (file.startsWith(folder + "/") && folder.length > best.length) best = folder;
  return best !== "" ? best : file.includes("/") ? file.slice(0, file.indexOf("/")) : ".";
}

/** The imports between folders: "from -> to" with how many file-to-file imports make it. */
export function folderEdges(graph: ImportGraph, folders: readonly string[]): Map<string, number> {
  const edges = new Map<string, number>();
  for (const [file, targets] of graph) {
    const from = folderOf(file, folders);
    for (const target of targets) {
      const to = folderOf(target, folders);
      if (to === from) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  return edges;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folders = process.argv.slice(2);
  const edges = folderEdges(repositoryGraph(), folders);
  for (const key of [...edges.keys()].sort()) console.log(`${key} (${edges.get(key)})`);
}
