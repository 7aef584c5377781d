import type { NextConfig } from "next";
export declare const nextConfig: NextConfig;
