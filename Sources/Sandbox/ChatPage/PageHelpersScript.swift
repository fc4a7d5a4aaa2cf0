/// What the chat page's scripts share: element building, JSON over HTTP with readable errors, and a toast.
enum PageHelpersScript {
    static let text = #"""
"use strict";
// What the page's scripts share: element building, JSON over HTTP with readable errors, and a toast.
window.SandboxPage = (() => {
  async function request(method, path, body, contentType) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
    const payload = body === undefined || contentType ? body : JSON.stringify(body);
    const response = await fetch(path, { method, headers, body: payload });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path.split("?")[0]}: ${response.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : {};
  }

  function toast(text) {
    const box = document.getElementById("toast");
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  return { el, request, getJSON: (path) => request("GET", path), postJSON: (path, body) => request("POST", path, body),
    toast };
})();
"""#
}
