// Vite build for the webmail SPA. The server serves dist/ at "/" under a strict CSP,
// so the build must emit no inline script or style (Vite's output already complies).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const jmapTarget = process.env['CHASQUI_DEV_JMAP'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    target: 'es2022',
    sourcemap: false,
    // Keep the mail view small: the editor and previews are split by dynamic import.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/jmap': { target: jmapTarget, ws: true } } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx'],
  },
});
