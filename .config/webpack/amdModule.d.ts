/** The AMD loader's record of the module being defined (RequireJS and SystemJS's AMD extra supply it). */
declare module 'amd-module' {
  const amdModule: { id?: string; uri?: string } | undefined;
  export default amdModule;
}
