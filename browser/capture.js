// Runs in the page (injected by background.js): the page as rendered, its pictures, the selection.
//
// articleReaderCapture({withSelection, maxPictures, maxPictureBytes, maxAllPictures}) resolves to
// {url, title, html, selection, pictures, skipped}. What it does, as Omnivore's and SingleFile's
// capture code do it: scroll through the page so lazy loaders fire (and back), then work on a
// clone of the DOM after its scripts ran: lazy attributes (data-src, data-srcset, ...) made real,
// <noscript> pictures put in place of empty placeholders, blurred placeholders dropped, each
// picture's src set to what the browser actually shows (currentSrc), and every address absolute.
// Pictures are fetched from the page's own context, so they come with its cookies, as base64.
"use strict";

(() => {
  const LAZY_SRC = ["data-src", "data-lazy-src", "data-original", "data-lazy", "data-url",
    "data-hi-res-src", "data-full-src", "data-img-src", "data-orig-file"];
  const LAZY_SRCSET = ["data-srcset", "data-lazy-srcset"];
  const PLACEHOLDER = /^data:image\/(gif|svg\+xml|png);base64,.{0,400}$|^about:blank$|^$/i;
  const CONTEXT = 64; // characters of text kept each side of the selection

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function scrollThrough(limitMs) {
    const el = document.scrollingElement || document.body;
    if (!el) return;
    const start = el.scrollTop;
    const end = Date.now() + limitMs;
    const height = el.scrollHeight; // not more: an endless page must not scroll forever
    while (el.scrollTop + window.innerHeight < height && Date.now() < end) {
      const before = el.scrollTop;
      el.scrollTop += Math.max(300, window.innerHeight);
      await sleep(30);
      if (el.scrollTop === before) break;
    }
    el.scrollTop = start;
    await sleep(30);
  }

  function absolute(value) {
    try {
      return new URL(value, document.baseURI).href;
    } catch (e) {
      return value;
    }
  }

  function absoluteSrcset(value) {
    return value.split(",").map((part) => {
      const [url, ...rest] = part.trim().split(/\s+/);
      return url ? [absolute(url), ...rest].join(" ") : "";
    }).filter(Boolean).join(", ");
  }

  // The live <img> elements, in document order, beside their clones (same order).
  function resolvePictures(live, copy) {
    const liveImgs = Array.from(live.querySelectorAll("img"));
    const copies = Array.from(copy.querySelectorAll("img"));
    copies.forEach((img, i) => {
      const shown = liveImgs[i];
      for (const name of LAZY_SRC) {
        const v = img.getAttribute(name);
        if (v && (PLACEHOLDER.test(img.getAttribute("src") || "") || !img.getAttribute("src"))) {
          img.setAttribute("src", v);
        }
      }
      for (const name of LAZY_SRCSET) {
        const v = img.getAttribute(name);
        if (v && !img.getAttribute("srcset")) img.setAttribute("srcset", v);
      }
      // what the browser shows (it chose among srcset and <source>): its bytes are the ones sent
      if (shown && shown.currentSrc && !shown.currentSrc.startsWith("data:")
          && shown.complete && shown.naturalWidth > 0) {
        img.setAttribute("src", shown.currentSrc);
        img.removeAttribute("srcset");
        const picture = img.parentElement;
        if (picture && picture.tagName === "PICTURE") {
          picture.querySelectorAll("source").forEach((s) => s.remove());
        }
      }
      if (shown && /blur\(/.test(getComputedStyle(shown).filter || "")
          && !LAZY_SRC.some((n) => img.getAttribute(n))) {
        img.remove(); // a blurred placeholder, the copy of a picture loaded beside it
        return;
      }
      img.removeAttribute("loading");
      if (img.getAttribute("src")) img.setAttribute("src", absolute(img.getAttribute("src")));
      if (img.getAttribute("srcset")) img.setAttribute("srcset", absoluteSrcset(img.getAttribute("srcset")));
    });
    copy.querySelectorAll("source[srcset], source[data-srcset]").forEach((s) => {
      const v = s.getAttribute("srcset") || s.getAttribute("data-srcset");
      s.setAttribute("srcset", absoluteSrcset(v));
    });
  }

  // <noscript><img ...></noscript> beside an empty placeholder: the real picture.
  function unwrapNoscript(copy) {
    copy.querySelectorAll("noscript").forEach((ns) => {
      const inner = new DOMParser().parseFromString(ns.textContent || "", "text/html");
      const img = inner.querySelector("img");
      if (!img) return;
      const prev = ns.previousElementSibling;
      const empty = prev && prev.tagName === "IMG"
        && PLACEHOLDER.test(prev.getAttribute("src") || "") && !prev.getAttribute("data-src");
      if (empty) prev.remove();
      const made = document.createElement("img");
      for (const a of img.attributes) made.setAttribute(a.name, a.value);
      ns.replaceWith(made);
    });
  }

  function absoluteLinks(copy) {
    copy.querySelectorAll("a[href]").forEach((a) => a.setAttribute("href", absolute(a.getAttribute("href"))));
  }

  function selectionOf(withSelection) {
    if (!withSelection) return null;
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const text = sel.toString();
    if (!text.trim()) return null;
    const body = document.body || document.documentElement;
    const before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(body, body.childNodes.length);
    return { text, prefix: before.toString().slice(-CONTEXT), suffix: after.toString().slice(0, CONTEXT) };
  }

  function base64(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function pictures(copy, caps) {
    const wanted = [];
    for (const img of copy.querySelectorAll("img[src]")) {
      const src = img.getAttribute("src");
      if (/^https?:/i.test(src) && !wanted.includes(src)) wanted.push(src);
    }
    const found = [];
    const skipped = [];
    let total = 0;
    for (const url of wanted.slice(0, caps.maxPictures)) {
      try {
        // the page's context: same-origin pictures come with its cookies, as the page had them
        const response = await fetch(url, { credentials: "include", cache: "force-cache" });
        if (!response.ok) { skipped.push(url); continue; }
        const blob = await response.blob();
        if (blob.size > caps.maxPictureBytes || total + blob.size > caps.maxAllPictures) {
          skipped.push(url);
          continue;
        }
        total += blob.size;
        found.push({ url, media_type: blob.type || "", data: await base64(blob) });
      } catch (e) {
        skipped.push(url); // another site without CORS: the app fetches it itself
      }
    }
    return { found, skipped };
  }

  globalThis.articleReaderCapture = async (options = {}) => {
    const caps = {
      withSelection: false, maxPictures: 100, maxPictureBytes: 15e6, maxAllPictures: 30e6,
      scrollMs: 2000, ...options,
    };
    const selection = selectionOf(caps.withSelection); // before scrolling moves anything
    if (caps.scrollMs > 0) await scrollThrough(caps.scrollMs);
    const copy = document.documentElement.cloneNode(true);
    resolvePictures(document.documentElement, copy);
    unwrapNoscript(copy);
    absoluteLinks(copy);
    const got = await pictures(copy, caps);
    return {
      url: location.href,
      title: document.title,
      html: "<!doctype html>\n" + copy.outerHTML,
      selection,
      pictures: got.found,
      skipped: got.skipped.length,
    };
  };
})();
