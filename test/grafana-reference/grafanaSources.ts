/**
 * How the reference files in this folder are made from Grafana's own sources (see README.md here): pure
 * functions, so refresh.ts only downloads and writes, and the tests check the conversion without a network.
 */

/** Where each source file lives in grafana/grafana. */
export const PLUGIN_SCHEMA_SOURCE = 'docs/sources/developers/plugins/plugin.schema.json';
export const SHARED_DEPENDENCIES_SOURCE = 'public/app/features/plugins/loader/sharedDependencies.ts';

const MAP_DECLARATION = /export\s+const\s+sharedDependenciesMap\b[^=]*=\s*\{/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Grafana's plugin.json schema without its long `description` texts, which only document: every key, type,
 * pattern, enum, `required` and `additionalProperties` stays. A property that is itself named
 * `description` (info.description) is a schema object, not a text, and stays.
 */
export function schemaWithoutDescriptions(schema: Json): Json {
  if (Array.isArray(schema)) {
    return schema.map(schemaWithoutDescriptions);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'description' && typeof value === 'string'))
      .map(([key, value]) => [key, schemaWithoutDescriptions(value)])
  );
}

/** The text of the schema file as it is kept here: two-space JSON, as the published file is indented. */
export function pluginSchemaText(publishedSchema: string): string {
  return JSON.stringify(schemaWithoutDescriptions(JSON.parse(publishedSchema) as Json), null, 2);
}

/** The names in the loader's map, in its order, and the spread entries (`...name`) it merges in. */
export interface SharedDependencyKeys {
  names: string[];
  spreads: string[];
}

/** Skips a string, template or comment starting at `index`; returns the index after it, or `index` if none. */
function skipLiteral(source: string, index: number): number {
  const char = source[index];
  if (char === '/' && source[index + 1] === '/') {
    const end = source.indexOf('\n', index);
    return end === -1 ? source.length : end + 1;
  }
  if (char === '/' && source[index + 1] === '*') {
    const end = source.indexOf('*/', index + 2);
    return end === -1 ? source.length : end + 2;
  }
  if (char === "'" || char === '"' || char === '`') {
    let at = index + 1;
    while (at < source.length && source[at] !== char) {
      at += source[at] === '\\' ? 2 : 1;
    }
    return at + 1;
  }
  return index;
}

/**
 * The keys of `sharedDependenciesMap` in Grafana's sharedDependencies.ts, read from its source text: each
 * top-level property of the object literal, quoted or not. Nested objects, calls and comments are skipped,
 * so the parser follows the map's shape rather than its formatting.
 */
export function sharedDependencyKeys(source: string): SharedDependencyKeys {
  const declaration = MAP_DECLARATION.exec(source);
  if (!declaration) {
    throw new Error('no "export const sharedDependenciesMap = {" in the source: has Grafana moved its map?');
  }
  const names: string[] = [];
  const spreads: string[] = [];
  let depth = 1;
  let expectKey = true;
  let index = declaration.index + declaration[0].length;
  while (index < source.length && depth > 0) {
    const skipped = skipLiteral(source, index);
    const char = source[index];
    if (depth === 1 && expectKey) {
      const key = /^\s*(?:'([^']+)'|"([^"]+)"|([A-Za-z_$][\w$]*))\s*:/.exec(source.slice(index));
      const spread = /^\s*\.\.\.\s*([A-Za-z_$][\w$.]*)/.exec(source.slice(index));
      if (key) {
        names.push(key[1] ?? key[2] ?? key[3]);
        index += key[0].length;
        expectKey = false;
        continue;
      }
      if (spread) {
        spreads.push(spread[1]);
        index += spread[0].length;
        expectKey = false;
        continue;
      }
    }
    if (skipped !== index) {
      index = skipped;
      continue;
    }
    if (char === '{' || char === '(' || char === '[') {
      depth += 1;
    } else if (char === '}' || char === ')' || char === ']') {
      depth -= 1;
    } else if (char === ',' && depth === 1) {
      expectKey = true;
    }
    index += 1;
  }
  if (depth > 0) {
    throw new Error('sharedDependenciesMap does not end: the source is cut short');
  }
  return { names, spreads };
}

/** The text of shared-dependencies.txt: where the names come from, then one name a line. */
export function sharedDependenciesText(keys: SharedDependencyKeys, ref: string): string {
  const spreadNote =
    keys.spreads.length > 0
      ? [
          `# Left out: the entries spread in from ${keys.spreads.join(', ')} (the jquery.flot names of old Angular`,
          '# plugins, which map to no module).',
        ]
      : [];
  return [
    "# Module names Grafana's frontend plugin loader provides to plugins (SystemJS imports): the keys of",
    `# sharedDependenciesMap in grafana/grafana ${SHARED_DEPENDENCIES_SOURCE} at ${ref}.`,
    ...spreadNote,
    '# Written by test/grafana-reference/refresh.ts; see README.md in this folder.',
    ...keys.names,
    '',
  ].join('\n');
}

/** The names of a shared-dependencies.txt text: one a line, `#` starts a comment. */
export function namesOfSharedDependencies(text: string): string[] {
  const names = text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
  return [...new Set(names)];
}
