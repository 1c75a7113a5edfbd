// The options page: the token and port, stored in storage.local, and a check against the app.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const DEFAULT_PORT = 48515;
const $ = (id) => document.getElementById(id);

async function check(token, port) {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/v1/status`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (answer.status === 200) return "Paired: pages will be saved to Article Reader.";
    if (answer.status === 401) return "Not paired: this token is not known to the app (make a new one).";
    return `The app answered ${answer.status}.`;
  } catch (e) {
    return `Article Reader is not running (nothing answers on port ${port}).`;
  }
}

async function load() {
  const stored = await api.storage.local.get({ token: "", port: DEFAULT_PORT });
  $("token").value = stored.token;
  $("port").value = stored.port;
  if (stored.token) $("state").textContent = await check(stored.token, stored.port);
}

$("save").addEventListener("click", async () => {
  const token = $("token").value.trim();
  const port = Number($("port").value) || DEFAULT_PORT;
  await api.storage.local.set({ token, port });
  $("state").textContent = token ? await check(token, port) : "Paste a token first.";
});

load();
