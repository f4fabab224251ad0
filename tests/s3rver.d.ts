/** The part of s3rver's API the deploy test uses (its DefinitelyTyped types omit the events it emits). */
declare module "s3rver" {
  import type { AddressInfo } from "node:net";

  export interface S3Event {
    Records: { eventName: string; s3: { object: { key: string } } }[];
  }

  export default class S3rver {
    constructor(options: { address?: string; port?: number; silent?: boolean; directory?: string; configureBuckets?: { name: string }[] });
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** An S3 event notification for every object created or removed, in the order they happen. */
    on(event: "event", listener: (event: S3Event) => void): this;
  }
}
