// Where uploaded images live: local files (the embedded default) or, when CLOUD_STORAGE_* name a
// bucket, that S3-compatible bucket through unstorage's `s3` driver, so several app instances
// serve the same files. Pure (the plugin mounts what this decides), so the choice is unit-tested.
import type { StorageConfig } from './config'

export type UploadsMount
  = | { kind: 'fs', base: string }
    | { kind: 's3', options: { bucket: string, accessKeyId: string, secretAccessKey: string, region: string, endpoint: string } }

export interface UploadsMountChoice {
  mount: UploadsMount
  /** Set when CLOUD_STORAGE_* is half there: local files are used, and this says what is missing. */
  warning?: string
}

/** AWS's default region; S3-compatible servers (MinIO, R2 with "auto", …) accept it or their own. */
const DEFAULT_REGION = 'us-east-1'

export function chooseUploadsMount(storage: StorageConfig, uploadsDir: string): UploadsMountChoice {
  const required = { CLOUD_STORAGE_BUCKET: storage.bucket, CLOUD_STORAGE_ACCESS_KEY: storage.accessKey, CLOUD_STORAGE_SECRET_KEY: storage.secretKey }
  const missing = Object.entries(required).filter(([, value]) => !value).map(([name]) => name)
  const local = { kind: 'fs' as const, base: uploadsDir }
  if (missing.length === 3) return { mount: local }
  if (missing.length) {
    return {
      mount: local,
      warning: `Cloud storage is only partly configured (set ${missing.join(' and ')} as well): uploaded images go to ${uploadsDir} on this instance only.`,
    }
  }
  const region = storage.region || DEFAULT_REGION
  // Without an endpoint it is AWS S3 itself; the driver addresses objects path-style
  // (<endpoint>/<bucket>/<key>), which every S3-compatible server understands.
  const endpoint = (storage.endpoint || `https://s3.${region}.amazonaws.com`).replace(/\/+$/, '')
  return {
    mount: {
      kind: 's3',
      options: { bucket: storage.bucket, accessKeyId: storage.accessKey, secretAccessKey: storage.secretKey, region, endpoint },
    },
  }
}
