import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const external = [
  'better-sqlite3',
  '@napi-rs/keyring',
  'twilio',
  'resend',
  '@anthropic-ai/sdk',
  '@deepgram/sdk',
  '@cartesia/cartesia-js',
  'ws',
  'csv-parse',
  'libphonenumber-js',
  'aws4fetch',
  'zod',
  'commander',
  '@ngrok/ngrok',
];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          'phone-worker': resolve(__dirname, 'electron/core/messaging/phone-worker.ts'),
        },
        external,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload is a single CommonJS file that may require only electron.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    // Radix's scroll lock injects a <style> tag the strict CSP refuses; the shell never scrolls its body.
    resolve: { alias: [{ find: /^react-remove-scroll-bar$/, replacement: resolve(__dirname, 'renderer/src/lib/scroll-bar-lock.ts') }] },
    build: {
      minify: true,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
