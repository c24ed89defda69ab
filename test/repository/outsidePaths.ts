/**
 * Finds paths in the repository's files that lead outside the repository: a clone into an empty folder must
 * run every test, script and configuration with nothing beside it. Grafana's reference data, for example,
 * lives in test/grafana-reference, not in a folder next to the clone.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, posix, relative, sep } from 'node:path';

export interface OutsideReference {
  /** The file, relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  reason: string;
  text: string;
}

/** Folders a checkout leaves out of git: installed or built, never read as the repository's own. */
const UNTRACKED_FOLDERS = new Set(['.git', 'node_modules', 'dist', 'coverage', 'test-results', 'playwright-report']);

/** Files that are pictures or archives: no path can be read from them. */
const BINARY_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.ico', '.zip', '.gz', '.woff', '.woff2', '.ttf']);

/** Shell scripts run from the repository root (they cd there first), so their relative paths start there. */
function isShellScript(file: string, content: string): boolean {
  return extname(file) === '.sh' || content.startsWith('#!/usr/bin/env bash') || content.startsWith('#!/bin/');
}

/** Names the code gives the repository root, so a join from it is measured from the root. */
const ROOT_NAMES = new Set(['ROOT', 'REPO_ROOT', 'repoRoot']);

const SIBLING_SHARED_FOLDER = /\.\.[/\\]shared\b|(['"])\.\.\1\s*,\s*(['"])shared\2/;
const MACHINE_PATH = /(?<![\w.~/:-])\/(?:work|home|Users|root|mnt)\/[\w.-]|\b[A-Za-z]:\\Users\\/;
const RELATIVE_LITERAL = /(['"`])(\.\.(?:[/\\][^'"`\s$]*)?)\1/g;
const MARKDOWN_LINK = /\]\((\.\.[^)\s#]*)/g;
const JOINED_SEGMENTS = /\b(?:join|resolve)\(\s*(__dirname|[A-Za-z_]\w*)((?:\s*,\s*(['"])[^'"]*\3)+)/g;
const STRING_ARGUMENT = /(['"])([^'"]*)\1/g;

function leavesRoot(root: string, from: string, path: string): boolean {
  const target = relative(root, join(from, path));
  return target === '..' || target.startsWith(`..${sep}`) || isAbsolute(target);
}

/** Every path on one line of a file that leads outside the repository, with why. */
function lineReferences(root: string, file: string, content: string, line: string): string[] {
  const reasons: string[] = [];
  if (SIBLING_SHARED_FOLDER.test(line)) {
    reasons.push('reads the shared folder beside the repository');
  }
  if (MACHINE_PATH.test(line)) {
    reasons.push("names an absolute path of one machine's workspace or home folder");
  }
  const fileDir = dirname(join(root, file));
  const relativeBase = isShellScript(file, content) ? root : fileDir;
  const relativePaths = [
    ...[...line.matchAll(RELATIVE_LITERAL)].map((match) => match[2]),
    ...(extname(file) === '.md' ? [...line.matchAll(MARKDOWN_LINK)].map((match) => match[1]) : []),
  ];
  for (const path of relativePaths) {
    if (leavesRoot(root, relativeBase, path)) {
      reasons.push(`the relative path ${path} leads above the repository root`);
    }
  }
  for (const match of line.matchAll(JOINED_SEGMENTS)) {
    const [, base, rest] = match;
    const from = base === '__dirname' ? fileDir : ROOT_NAMES.has(base) ? root : undefined;
    if (from === undefined) {
      continue;
    }
    const segments = [...rest.matchAll(STRING_ARGUMENT)].map((argument) => argument[2]);
    if (leavesRoot(root, from, posix.join(...segments))) {
      reasons.push(`${base} joined with ${segments.join(', ')} leads above the repository root`);
    }
  }
  return reasons;
}

/** The paths in one file's text that lead outside the repository. `file` is relative to `root`. */
export function findOutsideReferences(root: string, file: string, content: string): OutsideReference[] {
  return content.split('\n').flatMap((text, index) =>
    lineReferences(root, file, content, text).map((reason) => ({
      file: file.split(sep).join('/'),
      line: index + 1,
      reason,
      text: text.trim(),
    }))
  );
}

function walk(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    if (UNTRACKED_FOLDERS.has(name)) {
      return [];
    }
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? walk(root, path) : [path];
  });
}

/**
 * The repository's own files: tracked ones and new ones git does not ignore (so a file is checked before
 * it is committed), or, outside a git checkout, every file but installed and built folders.
 */
export function repositoryFiles(root: string): string[] {
  let listed: string;
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return walk(root, '');
  }
  return listed.split('\0').filter((file) => file !== '' && statSync(join(root, file), { throwIfNoEntry: false }));
}

/** Every outside path in the repository's text files. */
export function outsideReferencesOfRepository(root: string): OutsideReference[] {
  return repositoryFiles(root)
    .filter((file) => !BINARY_EXTENSIONS.has(extname(file).toLowerCase()))
    .flatMap((file) => {
      const content = readFileSync(join(root, file), 'utf8');
      return content.includes('\0') ? [] : findOutsideReferences(root, file, content);
    });
}
