import { describe, expect, it } from 'vitest'
import { chooseUploadsMount } from '../../server/utils/uploads-mount'

const none = { bucket: '', accessKey: '', secretKey: '', region: '', endpoint: '' }
const full = { bucket: 'liveshop', accessKey: 'AKIA-TEST', secretKey: 'secret-test', region: 'eu-central-1', endpoint: 'http://127.0.0.1:9000/' }

describe('where uploaded images are stored', () => {
  it('keeps local files when no CLOUD_STORAGE_* is set (the embedded default)', () => {
    expect(chooseUploadsMount(none, '/data/uploads')).toEqual({ mount: { kind: 'fs', base: '/data/uploads' } })
  })

  it('uses the S3-compatible bucket when bucket and keys are set', () => {
    expect(chooseUploadsMount(full, '/data/uploads')).toEqual({
      mount: {
        kind: 's3',
        options: { bucket: 'liveshop', accessKeyId: 'AKIA-TEST', secretAccessKey: 'secret-test', region: 'eu-central-1', endpoint: 'http://127.0.0.1:9000' },
      },
    })
  })

  it('fills in AWS S3 itself when neither endpoint nor region is given', () => {
    const { mount } = chooseUploadsMount({ ...full, region: '', endpoint: '' }, '/data/uploads')
    expect(mount).toMatchObject({ kind: 's3', options: { region: 'us-east-1', endpoint: 'https://s3.us-east-1.amazonaws.com' } })
    expect(chooseUploadsMount({ ...full, endpoint: '' }, '/d').mount).toMatchObject({ options: { endpoint: 'https://s3.eu-central-1.amazonaws.com' } })
  })

  it('stays on local files and says what is missing when the configuration is half there', () => {
    const choice = chooseUploadsMount({ ...none, bucket: 'liveshop', accessKey: 'AKIA-TEST' }, '/data/uploads')
    expect(choice.mount).toEqual({ kind: 'fs', base: '/data/uploads' })
    expect(choice.warning).toBe('Cloud storage is only partly configured (set CLOUD_STORAGE_SECRET_KEY as well): uploaded images go to /data/uploads on this instance only.')
    expect(chooseUploadsMount({ ...none, secretKey: 'x' }, '/u').warning).toMatch(/set CLOUD_STORAGE_BUCKET and CLOUD_STORAGE_ACCESS_KEY as well/)
  })
})
