// Nitro's generated list of server handlers (the same list its router is built from). Read by the
// request guard to answer 405 + Allow for a known /api path called with the wrong method.
declare module '#nitro-internal-virtual/server-handlers' {
  export const handlers: Array<{ route: string, method?: string, middleware: boolean, lazy: boolean }>
}
