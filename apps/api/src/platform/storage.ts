import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';

/** Where uploaded files live. Keys are relative paths such as `products/<id>/<image>-640.webp`. */
export interface Storage {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** The public URL a browser loads the file from. */
  url(key: string): string;
  /** For local disk only: the directory the API serves under `/uploads/`. */
  localRoot?: string;
}

const safeKey = (key: string) => {
  const normalised = path.posix.normalize(key);
  if (normalised.startsWith('..') || path.posix.isAbsolute(normalised)) {
    throw new Error(`unsafe storage key: ${key}`);
  }
  return normalised;
};

/** Files under `root` (DATA_DIR/uploads), served by the API at `${publicApiUrl}/uploads/<key>`. */
export function createDiskStorage(root: string, publicApiUrl: string): Storage {
  return {
    localRoot: root,
    async put(key, body) {
      const file = path.join(root, safeKey(key));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
    },
    async delete(key) {
      await rm(path.join(root, safeKey(key)), { force: true });
    },
    url(key) {
      return `${publicApiUrl}/uploads/${safeKey(key)}`;
    },
  };
}

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  publicUrl?: string;
}

/** Any S3-compatible store (AWS, MinIO, R2), signed with SigV4 by aws4fetch. */
export function createS3Storage(o: S3Options): Storage {
  const client = new AwsClient({
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    region: o.region,
    service: 's3',
  });
  const objectUrl = (key: string) => `${o.endpoint.replace(/\/+$/, '')}/${o.bucket}/${safeKey(key)}`;
  return {
    async put(key, body, contentType) {
      const res = await client.fetch(objectUrl(key), {
        method: 'PUT',
        body,
        headers: {
          'content-type': contentType,
          'cache-control': 'public, max-age=31536000, immutable',
        },
      });
      if (!res.ok) throw new Error(`S3 put ${key} failed: ${res.status}`);
    },
    async delete(key) {
      const res = await client.fetch(objectUrl(key), { method: 'DELETE' });
      if (!res.ok && res.status !== 404) throw new Error(`S3 delete ${key} failed: ${res.status}`);
    },
    url(key) {
      return o.publicUrl ? `${o.publicUrl.replace(/\/+$/, '')}/${safeKey(key)}` : objectUrl(key);
    },
  };
}
