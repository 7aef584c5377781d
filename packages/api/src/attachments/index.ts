export { staffAttachmentResponse, visitorAttachmentResponse, visitorImageLinksResponse, visitorUploadResponse, VISITOR_TOKEN_HEADER } from "./http.ts";
export { attachmentRouter } from "./router.ts";
