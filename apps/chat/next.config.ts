import { nextConfig } from "@kefu/config/next";
import { type NextConfig } from "next";

const config: NextConfig = {
  ...nextConfig,
  // The widget's script and styles are named by their content (build-widget.ts): cached for good.
  async headers() {
    return [{ source: "/widget-assets/:file((?!manifest).*)", headers: [{ key: "cache-control", value: "public, max-age=31536000, immutable" }] }];
  },
};

export default config;
