import type { IncomingMessage } from 'node:http'

export class BodyTooLarge extends Error {
  constructor(public readonly limit: number) {
    super(`body larger than ${limit} bytes`)
  }
}

/**
 * Reads a request body into memory, refusing it as soon as it passes `maxBytes` (whatever
 * Content-Length said, or without one: chunked). On refusal it stops reading (the caller answers
 * 413 and closes the connection), so a client streaming gigabytes costs at most `maxBytes`.
 */
export function readCappedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('aborted', onAborted)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        cleanup()
        req.pause()
        chunks.length = 0
        reject(new BodyTooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const onAborted = () => onError(new Error('request aborted'))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('aborted', onAborted)
  })
}
