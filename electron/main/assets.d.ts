/** electron-vite's `?asset` imports: a file copied next to the built main process, imported as its path. */
/// <reference types="electron-vite/node" />
