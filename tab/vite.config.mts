import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The tab is built into dist/tab and served by Express at /tab.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/tab/',
  build: {
    outDir: fileURLToPath(new URL('../dist/tab', import.meta.url)),
    emptyOutDir: true,
  },
});
