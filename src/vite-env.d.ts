/// <reference types="vite/client" />

/** The build's id, compiled in by vite.config.ts; the server announces the same id. */
declare const __EARSHOT_BUILD_ID__: string;
