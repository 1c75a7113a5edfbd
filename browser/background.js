// The extension's background (Chromium: a service worker; Firefox: an event page).
// Toolbar button and context menu: capture the tab (capture.js), send it to the app on
// 127.0.0.1, show on the badge and the button's title that it worked, or why not.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;
const DEFAULT_PORT = 48515; // the app's default (README)
const MAX_BODY = 50e6; // the app's cap on a request (README)

const MENU_PAGE = "save-page";
const MENU_SELECTION = "save-selection";

async function settings() {
  const stored = await api.storage.local.get({ token: "", port: DEFAULT_PORT });
  return { token: String(stored.token || "").trim(), port: Number(stored.port) || DEFAULT_PORT };
}

function show(tabId, ok, text, title) {
  api.action.setBadgeText({ tabId, text });
  api.action.setBadgeBackgroundColor({ tabId, color: ok ? "#2e7d32" : "#c62828" });
  api.action.setTitle({ tabId, title: `Article Reader: ${title}` });
}

// Why an answer (or no answer) means the page was not saved, in a few words.
function why(status, body) {
  if (status === 401) return ["KEY", "not paired: paste a token in the extension's options"];
  if (status === 413) return ["BIG", "the page is too large to save"];
  if (status === 403) return ["NO", "the app refused the request"];
  return ["ERR", (body && body.error) || `the app answered ${status}`];
}

async function saveTab(tab, withSelection) {
  const tabId = tab.id;
  const { token, port } = await settings();
  if (!token) {
    show(tabId, false, "KEY", "not paired: paste a token in the extension's options");
    api.runtime.openOptionsPage();
    return { ok: false, reason: "not paired" };
  }
  show(tabId, true, "…", "saving…");
  let page;
  try {
    await api.scripting.executeScript({ target: { tabId }, files: ["capture.js"] });
    const [result] = await api.scripting.executeScript({
      target: { tabId },
      func: (sel) => globalThis.articleReaderCapture({ withSelection: sel }),
      args: [withSelection],
    });
    page = result.result;
  } catch (e) {
    show(tabId, false, "ERR", `this page cannot be read (${e.message || e})`);
    return { ok: false, reason: String(e) };
  }
  if (withSelection && !page.selection) {
    show(tabId, false, "SEL", "select some text first");
    return { ok: false, reason: "no selection" };
  }
  const body = JSON.stringify({
    url: page.url, title: page.title, html: page.html,
    selection: page.selection, pictures: page.pictures,
  });
  if (body.length > MAX_BODY) {
    show(tabId, false, "BIG", "the page is too large to save");
    return { ok: false, reason: "too large" };
  }
  let answer;
  try {
    answer = await fetch(`http://127.0.0.1:${port}/api/v1/pages`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body,
    });
  } catch (e) {
    show(tabId, false, "OFF", `the app is not running (nothing answers on port ${port})`);
    return { ok: false, reason: "app not running" };
  }
  let reply = null;
  try { reply = await answer.json(); } catch (e) { reply = null; }
  if (answer.status !== 201) {
    const [badge, title] = why(answer.status, reply);
    show(tabId, false, badge, title);
    return { ok: false, reason: title, status: answer.status };
  }
  const note = reply.highlight ? " with the highlight" : "";
  show(tabId, true, "✓", `saved “${reply.title}”${note}`);
  return { ok: true, ...reply };
}

api.runtime.onInstalled.addListener(() => {
  api.contextMenus.removeAll(() => {
    api.contextMenus.create({ id: MENU_PAGE, title: "Save to Article Reader",
      contexts: ["page", "frame", "link", "image"] });
    api.contextMenus.create({ id: MENU_SELECTION, title: "Save selection as highlight",
      contexts: ["selection"] });
  });
});

api.contextMenus.onClicked.addListener((info, tab) => {
  if (tab) saveTab(tab, info.menuItemId === MENU_SELECTION);
});

api.action.onClicked.addListener((tab) => saveTab(tab, false));

// For scripts and tests (the Chrome DevTools Protocol evaluates in this worker): the same
// save the button and the menu make, on the tab whose address holds ``urlPart``.
async function tabWith(urlPart) {
  const tabs = await api.tabs.query({});
  return tabs.find((t) => (t.url || "").includes(urlPart));
}

globalThis.articleReader = {
  saveTab,
  settings,
  configure: (values) => api.storage.local.set(values).then(() => true),
  save: async (urlPart, withSelection) => saveTab(await tabWith(urlPart), withSelection),
  titleOf: async (urlPart) => api.action.getTitle({ tabId: (await tabWith(urlPart)).id }),
};
