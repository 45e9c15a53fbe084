import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The portal's own folder, so the config works whatever directory Vite is started from. */
const root = fileURLToPath(new URL('.', import.meta.url));

/** Where `vite dev` forwards /api during development (the local stack's gateway). */
const apiTarget = process.env.PORTAL_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Production CSP: script-src/style-src 'self', font-src falls back to 'self'. Never inline assets as data:
    // URLs, so that nothing depends on the CSP's data: allowance for images.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
