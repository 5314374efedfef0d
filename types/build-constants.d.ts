// Values fixed at build time by nuxt.config.ts (vite.define).
/** livekit-client's id in the client build manifest (see config/livekit-chunk.ts). */
declare const __LIVEKIT_CLIENT_MODULE_ID__: string
