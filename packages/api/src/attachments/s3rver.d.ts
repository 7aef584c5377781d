// The part of s3rver (no types of its own) that the S3 store's test uses.
declare module "s3rver" {
  export default class S3rver {
    constructor(options: { address?: string; port?: number; silent?: boolean; directory?: string; configureBuckets?: { name: string }[] });
    run(): Promise<import("node:net").AddressInfo>;
    close(): Promise<void>;
  }
}
