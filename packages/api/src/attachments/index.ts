export { attachmentKeysOf, removeStoredImages } from "./attachments.ts";
export { staffAttachmentResponse, visitorAttachmentResponse, visitorImageLinksResponse, visitorUploadResponse, VISITOR_TOKEN_HEADER } from "./http.ts";
export { attachmentRouter } from "./router.ts";
export { attachmentStorage, folderStorage, s3Storage, storageFromEnv, type AttachmentStorage } from "./storage.ts";
