import { type FrameAncestors } from "@kefu/api/http-security";

/**
 * Who may frame the widget page of a bot (`/widget/<publicId>`): the CSP `frame-ancestors` of
 * that page. Customers embed it on their own sites, so for now any site may (`*`); this is the one
 * place to narrow it to a bot's allowed origins. Every other page of the chat app is `'none'`.
 */
export async function widgetFrameAncestors(_botPublicId: string): Promise<FrameAncestors> {
  return "*";
}
