import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The desktop app loads the built files from disk, so every asset path must be relative.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
});
