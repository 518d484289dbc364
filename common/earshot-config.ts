// The contract between the Earshot server and the app for GET /api/earshot/config, and the API
// versions both speak: one definition, imported by the server (which answers it) and the app
// (which validates it at the boundary like any other body).

/** The ThousandEyes API versions Earshot speaks. */
export const API_VERSIONS = ['v7', 'v6'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** `live`: ThousandEyes with the server's credentials; `simulator`: the embedded simulator. */
export const EARSHOT_MODES = ['live', 'simulator'] as const;
export type EarshotMode = (typeof EARSHOT_MODES)[number];

export const EARSHOT_CONFIG_PATH = '/api/earshot/config';

/** What the app learns from the server: never a credential. */
export interface EarshotClientConfig {
  mode: EarshotMode;
  apiVersion: ApiVersion;
  /** The id of the build the server serves now (a wall reloads when it changes). */
  buildId: string;
}
