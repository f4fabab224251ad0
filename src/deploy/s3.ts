/**
 * An S3-compatible bucket (Aliyun OSS, Tencent COS, MinIO, AWS S3) as an ObjectStore, through
 * @aws-sdk/client-s3, AWS's own client: it signs for every one of these services.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { ObjectHeaders, ObjectStore } from "./deploy.ts";

export interface S3Location {
  bucket: string;
  /** The folder in the bucket, `` or `www/` (always with its trailing slash). */
  prefix: string;
}

/** `s3://bucket` or `s3://bucket/folder/` → bucket and folder; anything else is refused by name. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`"${url}" is not a bucket address: use s3://BUCKET or s3://BUCKET/FOLDER/ (bucket names are lowercase letters, digits, dots and hyphens)`);
  const folder = (match[2] ?? "").replace(/^\/+|\/+$/g, "");
  if (folder.split("/").some((part) => part === "." || part === "..")) throw new Error(`"${url}": the folder may not contain . or .. segments`);
  return { bucket: match[1]!, prefix: folder ? `${folder}/` : "" };
}

export interface S3StoreOptions extends S3Location {
  /** The service's address, e.g. https://oss-cn-beijing.aliyuncs.com or https://cos.ap-guangzhou.myqcloud.com; AWS when absent. */
  endpoint?: string;
  region: string;
  /** bucket in the path (MinIO and most self-hosted servers) instead of in the host name (OSS, COS, AWS). */
  pathStyle?: boolean;
  /**
   * `endpoint` is the bucket's own address, a custom domain bound to it: requests go there as they
   * are, without the bucket name (new OSS accounts must reach mainland buckets this way).
   */
  bucketEndpoint?: boolean;
  /** Given by the caller from the environment; when absent the SDK's own chain (profiles, roles) applies. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404);
}

export function s3Store(options: S3StoreOptions): ObjectStore {
  if (options.bucketEndpoint && !options.endpoint) throw new Error("a bucket endpoint needs the bucket's address: give --endpoint");
  const client = new S3Client({
    region: options.region,
    ...(options.bucketEndpoint ? { bucketEndpoint: true } : { endpoint: options.endpoint }),
    forcePathStyle: options.pathStyle ?? false,
    credentials: options.credentials,
    // Checksums only where S3 requires them: OSS, COS and older MinIO refuse the newer
    // default trailing checksums, and a deploy checks its files by digest anyway.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  // With a bucket endpoint the SDK takes the address in place of the bucket's name.
  const Bucket = options.bucketEndpoint ? options.endpoint!.replace(/\/+$/, "") : options.bucket;
  const key = (relative: string) => options.prefix + relative;
  return {
    name: `s3://${options.bucket}/${options.prefix}`,
    async read(relative) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: key(relative) }));
        return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : Buffer.alloc(0);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async write(relative, body, headers: ObjectHeaders) {
      await client.send(new PutObjectCommand({ Bucket, Key: key(relative), Body: body, ContentType: headers.contentType, CacheControl: headers.cacheControl }));
    },
    async remove(relative) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key(relative) }));
    },
    close() {
      client.destroy();
    },
  };
}
