import fsDriver from 'unstorage/drivers/fs'
import s3Driver from 'unstorage/drivers/s3'

// Uploaded images: local files under NUXT_UPLOADS_DIR (default .data/uploads), or the S3-compatible
// bucket of CLOUD_STORAGE_* when it is configured (several app instances then share the files).
// The served URLs and headers are the same either way (server/routes/uploads).
export default defineNitroPlugin(() => {
  const { mount, warning } = chooseUploadsMount(resolveStorageConfig(), resolveUploadsDir())
  if (warning) console.error(`[uploads] ${warning}`)
  useStorage().mount('uploads', mount.kind === 's3' ? s3Driver(mount.options) : fsDriver({ base: mount.base }))
})
