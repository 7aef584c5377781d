import { nextConfig } from "@kefu/config/next";

export default nextConfig;
