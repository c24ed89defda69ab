/** The app's own settings (plugin jsonData); none yet, the zone model and rules come with their pages. */
export type AppSettings = Record<string, never>;
