import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The browser's half of the web app (`npm run build`): hashed files and a manifest the server reads to link them. */
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'dist', 'web-assets'),
    emptyOutDir: true,
    manifest: true,
    rollupOptions: { input: { app: path.join(here, 'src', 'entry-client.tsx'), styles: path.join(here, 'styles.css') } },
  },
});
