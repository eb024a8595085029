import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm --prefix web run dev` proxies the API (default: the one `npm run dev` starts).
// Not type-checked by `tsc` (web/ has no Node types); Vite transpiles it.
const apiUrl = process.env.SEDNA_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: {
      '/api': { target: apiUrl, changeOrigin: true },
      '/health': { target: apiUrl, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
