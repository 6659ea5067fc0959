import type { NextConfig } from 'next';

const apiUrl = new URL(process.env.API_URL ?? 'http://127.0.0.1:4000');
const publicApiUrl = process.env.PUBLIC_API_URL ? new URL(process.env.PUBLIC_API_URL) : undefined;
const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

function remotePattern(url: URL) {
  return {
    protocol: url.protocol.replace(':', '') as 'http' | 'https',
    hostname: url.hostname,
    port: url.port,
    pathname: '/**',
  };
}

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  images: {
    remotePatterns: [apiUrl, ...(publicApiUrl ? [publicApiUrl] : [])].map(remotePattern),
    // Next 16 refuses to optimise images from loopback hosts; the API serves them there in development.
    dangerouslyAllowLocalIP: isLoopback(apiUrl.hostname),
    formats: ['image/webp'],
  },
  experimental: {
    // The build must not reach the network (offline machines).
  },
};

export default config;
