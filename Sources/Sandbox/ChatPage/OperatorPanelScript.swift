/// The chat page's side panel: buttons that script the KIE stand-in's next outcomes and the OpenAI stand-in's next
/// answers, and tables of the user's videos, ledger and jobs and of the KIE stand-in's tasks.
enum OperatorPanelScript {
    static let text = #"""
"use strict";
// The operator's side panel: script the next KIE outcomes and OpenAI answers, and show the user's videos, ledger,
// jobs and the KIE stand-in's tasks.
window.OperatorPanel = (() => {
  const $ = (id) => document.getElementById(id);
  const { el, postJSON, toast } = window.SandboxPage;

  const kieOutcomes = [
    ["success", "✅ Success", { type: "success" }],
    ["contentPolicy", "🚫 Content policy (422)",
      { type: "fail", code: "422", message: "Invalid prompt: prompt contains prohibited content" }],
    ["generationFailed", "💥 Generation failed (500)", { type: "fail", code: "500", message: "Internal server error" }],
    ["maintenance", "🔧 Maintenance (455)", { type: "createError", bodyCode: 455 }],
    ["rateLimited", "⏳ Rate limited (429)", { type: "createError", httpStatus: 429, bodyCode: 429 }],
    ["noCredits", "💳 Out of credits (402)", { type: "createError", bodyCode: 402 }],
    ["unauthorized", "🔑 Key refused (401)", { type: "createError", httpStatus: 401, bodyCode: 401 }],
    ["dropCallback", "🔇 Drop the callback", { type: "dropCallback" }],
    ["duplicateCallback", "👯 Duplicate the callback", { type: "duplicateCallback" }],
    ["slow", "🐢 Slow (+20 s)", { type: "slow", ms: 20000 }],
  ];
  const openAIFaults = [
    ["usable", "✅ Usable photo"], ["human_face", "🙂 Face in photo"], ["no_product", "❔ No product"],
    ["rate_limited", "⏳ Rate limited"], ["quota_exhausted", "💳 Quota exhausted"], ["server_error", "💥 Server error"],
  ];

  function logScript(text) {
    const item = el("li", "", `${new Date().toLocaleTimeString()} ${text}`);
    $("script-log").prepend(item);
  }

  function showScriptButtons() {
    for (const [id, label, outcome] of kieOutcomes) {
      const button = el("button", "", label);
      button.type = "button";
      button.dataset.outcome = id;
      button.addEventListener("click", async () => {
        const count = Math.max(1, Math.min(20, Number($("outcome-count").value) || 1));
        try {
          await postJSON("/sandbox/kie/script", { outcomes: Array(count).fill(outcome) });
          logScript(`KIE: next ${count} task(s) → ${label}`);
        } catch (error) { toast(error.message); }
      });
      $("kie-outcomes").append(button);
    }
    for (const [name, label] of openAIFaults) {
      const button = el("button", "", label);
      button.type = "button";
      button.dataset.fault = name;
      button.addEventListener("click", async () => {
        try {
          await postJSON("/sandbox/openai/faults", { fault: name });
          logScript(`OpenAI: next call → ${label}`);
        } catch (error) { toast(error.message); }
      });
      $("openai-faults").append(button);
    }
  }

  function fillTable(id, columns, rows) {
    const table = $(id);
    const head = el("tr");
    for (const [title] of columns) head.append(el("th", "", title));
    const body = [head];
    for (const row of rows) {
      const line = el("tr");
      for (const [, value, className] of columns) {
        const cell = el("td", className ? className(row) : "", String(value(row) ?? ""));
        line.append(cell);
      }
      body.push(line);
    }
    if (!rows.length) {
      const empty = el("tr");
      const cell = el("td", "muted", "none yet");
      cell.colSpan = columns.length;
      empty.append(cell);
      body.push(empty);
    }
    table.replaceChildren(...body);
  }

  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "");
  const short = (text, length) => (text && text.length > length ? text.slice(0, length - 1) + "…" : text);

  function renderRecords(records) {
    $("balance").textContent = records.balance ?? "—";
    const sum = records.ledger_total;
    $("ledger-check").textContent = records.balance === null ? "" :
      (sum === records.balance ? `sum ${sum} = balance ✓` : `sum ${sum} ≠ balance ${records.balance} ✗`);
    fillTable("videos-table", [
      ["video", (v) => v.id], ["order", (v) => v.order_id], ["#", (v) => v.position],
      ["state", (v) => v.state, (v) => "state-" + v.state], ["tries", (v) => v.attempts, () => "num"],
      ["failure", (v) => v.failure_class ? `${v.failure_class}: ${short(v.failure_reason || "", 60)}` : ""],
    ], records.videos);
    fillTable("ledger-table", [
      ["#", (l) => l.id], ["delta", (l) => (l.delta > 0 ? "+" : "") + l.delta,
        (l) => "num " + (l.delta > 0 ? "delta-plus" : "delta-minus")],
      ["reason", (l) => l.reason], ["order", (l) => l.order_id], ["at", (l) => time(l.created_at)],
    ], records.ledger);
    fillTable("jobs-table", [
      ["job", (j) => j.id], ["kind", (j) => j.kind], ["state", (j) => j.state, (j) => "state-" + j.state],
      ["try", (j) => j.attempt, () => "num"], ["error", (j) => short(j.last_error || "", 60)],
    ], records.jobs);
  }

  function renderTasks(tasks) {
    fillTable("tasks-table", [
      ["task", (t) => short(t.taskId, 14)], ["model", (t) => short(t.model, 22)],
      ["state", (t) => t.state, (t) => "state-" + t.state], ["fail", (t) => t.failCode || ""],
      ["callbacks", (t) => t.callbacksDelivered, () => "num"],
    ], tasks.slice(-12).reverse());
  }

  return { showScriptButtons, renderRecords, renderTasks };
})();
"""#
}
