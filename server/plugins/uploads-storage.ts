import fsDriver from 'unstorage/drivers/fs'

// Uploaded images: local files under NUXT_UPLOADS_DIR (default .data/uploads), or the S3-compatible
// bucket of CLOUD_STORAGE_* when it is configured (several app instances then share the files).
export default defineNitroPlugin(() => {
  useStorage().mount('uploads', fsDriver({ base: resolveUploadsDir() }))
})
