/** A module namespace whose properties read through to the original, so later reassignments show. */
function liveNamespace(source: object): System.Module {
  const namespace: Record<PropertyKey, unknown> = Object.create(null);
  for (const key of Object.keys(source)) {
    Object.defineProperty(namespace, key, {
      enumerable: true,
      get: () => (source as Record<string, unknown>)[key],
    });
  }
  // SystemJS keeps an object tagged as a module namespace as it is instead of copying its values once.
  Object.defineProperty(namespace, Symbol.toStringTag, { value: 'Module' });
  return namespace as System.Module;
}

export interface SharedModuleRegistration {
  registered: string[];
  omitted: string[];
}

/**
 * Registers the shared modules the way Grafana's loader does (systemjsHooks / sharedDependencies): each one as
 * `package:<name>` in SystemJS's registry, with an import map entry from the bare name. A plugin bundle that
 * imports any other bare name then fails to load with SystemJS's "Unable to resolve bare specifier" (Error#8).
 */
export function registerSharedModules(
  providers: ReadonlyMap<string, () => object>,
  omit: readonly string[]
): SharedModuleRegistration {
  const imports: Record<string, string> = {};
  const registered: string[] = [];
  for (const [name, provide] of providers) {
    if (omit.includes(name)) {
      continue;
    }
    const provided = provide();
    const isModule = (provided as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Module';
    System.set(`package:${name}`, isModule ? (provided as System.Module) : liveNamespace(provided));
    imports[name] = `package:${name}`;
    registered.push(name);
  }
  System.addImportMap({ imports });
  return { registered, omitted: omit.filter((name) => providers.has(name)) };
}
