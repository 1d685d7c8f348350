import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vite";

// The service worker precaches the app shell: index.html (which it answers any page with when offline;
// "/" is the same file and is not fetched twice), the manifest, the icons and the hashed assets. Its
// version is the hash of that list, so a new build replaces the old cache.
function serviceWorker(): Plugin {
  return {
    name: "kring-service-worker",
    apply: "build",
    generateBundle(_, bundle) {
      const files = Object.keys(bundle).filter((name) => !name.endsWith(".map"));
      const shell = ["/index.html", "/manifest.webmanifest", "/icon.svg", "/icon-192.png", ...files.map((f) => `/${f}`)];
      const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
      const template = readFileSync(new URL("./src/sw.js", import.meta.url), "utf8");
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: template.replace("__SHELL__", JSON.stringify(shell)).replace("__VERSION__", version),
      });
    },
  };
}

export default defineConfig({
  plugins: [serviceWorker()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: { proxy: { "/v1": "http://127.0.0.1:8000", "/cognito": "http://127.0.0.1:8000", "/media-cdn": "http://127.0.0.1:8000" } },
});
