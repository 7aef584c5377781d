import { nextConfig } from "@kefu/config/next";
import { type NextConfig } from "next";

const config: NextConfig = {
  ...nextConfig,
  // The widget's script and styles are named by their content (build-widget.ts): cached for good.
  async headers() {
    return [{ source: "/widget-assets/:file((?!manifest|loader).*)", headers: [{ key: "cache-control", value: "public, max-age=31536000, immutable" }] }];
  },
  // The loader's address never changes (it is in customers' pages): served minified, from the build.
  async rewrites() {
    return { beforeFiles: [{ source: "/widget.js", destination: "/widget-assets/loader.js" }], afterFiles: [], fallback: [] };
  },
};

export default config;
