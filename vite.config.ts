import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app: sources in src/web, built into dist/web, which the server serves at `/`.
// `npm run dev:web` serves it with hot reload and proxies /api to a running `npm start` (PORT, default 3000).
const apiTarget = `http://127.0.0.1:${process.env.WINPATH_API_PORT ?? process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
    manifest: true,
  },
  server: {
    port: 5173,
    // Keep the browser's Host header: the API only accepts cookie writes from its own origin.
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
