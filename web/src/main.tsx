import { render } from "preact";
import { App } from "./app";
import { loadConfig } from "./config";
import "./styles.css";

void loadConfig().catch(() => undefined); // offline: the cached config is used
render(<App />, document.getElementById("app")!);

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
