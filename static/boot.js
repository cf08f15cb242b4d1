// Loads the designer's WebAssembly. Kept out of index.html so the Content-Security-Policy can
// forbid inline scripts.
import init from "../fargate-stack-web.js";

init({ module_or_path: new URL("../fargate-stack-web_bg.wasm", import.meta.url) }).catch((err) => {
  const loading = document.getElementById("loading");
  if (loading) loading.textContent = "The designer could not start: " + err;
  console.error(err);
});
