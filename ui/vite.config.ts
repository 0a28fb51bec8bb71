import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// The window's CSP (see the brief in docs/ipc.md and src-tauri/tauri.conf.json) forbids inline
// scripts and styles: Vite emits one module script and one stylesheet, and Svelte's
// component styles are extracted into that stylesheet.
export default defineConfig({
  plugins: [svelte()],
  // Component tests mount Svelte in jsdom: use the client runtime there too.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: ['es2021', 'safari15'],
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
