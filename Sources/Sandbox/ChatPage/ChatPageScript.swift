/// The chat page's behaviour: polls the stand-ins' JSON test APIs once a second and redraws only the messages that
/// changed (so a playing video is left alone), and sends what the person types, taps and uploads as the chosen
/// Telegram user. Videos show their first frame and length as Telegram does; an order's status message shows its
/// videos' progress as a bar. The side panel's part is `OperatorPanelScript`.
enum ChatPageScript {
    static let text = #"""
"use strict";
(() => {
  const SAMPLE_NAME_PREFIX = "\#(SamplePhotoName.prefix)";
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(localStorage.getItem("sandbox-user") || "{}");
  const user = {
    id: Number(params.get("user") || saved.id || 1001),
    name: params.get("name") || saved.name || "Test Seller",
    lang: params.get("lang") || saved.lang || "en",
  };
  // message_id -> { signature, node }: what is on screen, to redraw only what changed.
  const rendered = new Map();
  let polling = false;
  // The user's records from the last poll, for the progress bars of status messages.
  let lastRecords = null;
  const { el, request, getJSON, postJSON, toast } = window.SandboxPage;

  // ---- HTTP ----

  function userPath(action) {
    const query = new URLSearchParams({ first_name: user.name, language_code: user.lang });
    return `/sandbox/telegram/users/${user.id}/${action}?${query}`;
  }

  const fileURL = (fileID) => "/sandbox/page/files/" + encodeURIComponent(fileID);
  const posterURL = (fileID) => "/sandbox/page/posters/" + encodeURIComponent(fileID);
  const clock = (unix) => new Date(unix * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const minutes = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  // "Order #12 …" / "Заказ №12 …": the status message the bot edits as the order's videos are made.
  const statusOrder = (text) => { const match = /^(?:Order #|Заказ №)(\d+)/.exec(text || ""); return match && Number(match[1]); };

  // ---- The chat ----

  function messageNode(stored, previousNode) {
    const m = stored.message;
    const node = el("div", "msg " + (stored.sender === "bot" ? "from-bot" : "from-user"));
    node.dataset.messageId = m.message_id;
    const bubble = el("div", "bubble");
    node.append(bubble);
    if (m.photo && m.photo.length) {
      const img = el("img");
      img.src = fileURL(m.photo[m.photo.length - 1].file_id);
      img.alt = "photo";
      img.addEventListener("load", keepScrolledDown);
      bubble.append(img);
    }
    if (m.video) bubble.append(videoNode(m.video, previousNode));
    if (m.document) {
      const doc = el("div", "document", "📄 ");
      const link = el("a", "", m.document.file_name || "file");
      link.href = fileURL(m.document.file_id);
      link.target = "_blank";
      doc.append(link);
      bubble.append(doc);
    }
    if (stored.invoice) bubble.append(invoiceNode(stored.invoice));
    const text = m.text ?? m.caption;
    if (text) bubble.append(el("div", "text", text));
    const order = stored.sender === "bot" && !m.video && statusOrder(m.text);
    if (order) bubble.append(progressNode(order));
    bubble.append(el("div", "meta", clock(m.date) + (stored.edit_count > 0 ? " · edited" : "")));
    const rows = (m.reply_markup && m.reply_markup.inline_keyboard) || [];
    if (rows.length || stored.invoice) node.append(keyboardNode(rows, m.message_id, stored.invoice));
    return node;
  }

  // A video already on screen is moved into the redrawn message, so playback is not interrupted. Until it plays it
  // shows its first frame (the poster), a play button and its length in the corner, as Telegram does.
  function videoNode(video, previousNode) {
    const old = previousNode && previousNode.querySelector(".media");
    if (old && old.dataset.fileId === video.file_id) return old;
    const media = el("div", "media");
    media.dataset.fileId = video.file_id;
    const player = el("video");
    player.preload = "metadata";
    player.playsInline = true;
    player.muted = true;
    player.dataset.fileId = video.file_id;
    if (video.width && video.height) {
      player.style.aspectRatio = `${video.width} / ${video.height}`;
      player.style.width = video.height > video.width ? "225px" : "320px";
    }
    player.poster = posterURL(video.file_id);
    player.src = fileURL(video.file_id);
    player.addEventListener("loadedmetadata", keepScrolledDown);
    // Telegram's round play button over the first frame; the player's own controls once it plays.
    const play = el("button", "play");
    play.type = "button";
    play.setAttribute("aria-label", "Play");
    play.addEventListener("click", () => player.play().catch((error) => toast(error.message)));
    player.addEventListener("play", () => { player.controls = true; play.hidden = true; });
    media.append(player, play);
    if (video.duration) media.append(el("span", "duration", minutes(video.duration)));
    return media;
  }

  // Telegram's invoice: the title, the description, and the price with an INVOICE label; Stars as ⭐️.
  function invoiceNode(invoice) {
    const node = el("div", "invoice");
    node.append(el("div", "invoice-title", invoice.title), el("div", "invoice-description", invoice.description));
    const total = el("div", "invoice-total");
    total.append(el("span", "invoice-amount", price(invoice)), el("span", "invoice-label", "INVOICE"));
    node.append(total);
    return node;
  }

  function price(invoice) {
    if (invoice.currency === "XTR") return `⭐️ ${invoice.total_amount}`;
    return `${(invoice.total_amount / 100).toFixed(2)} ${invoice.currency}`;
  }

  // One segment per video of the order, coloured by its state; filled from the records on every poll.
  function progressNode(order) {
    const bar = el("div", "progress");
    bar.dataset.order = order;
    bar.setAttribute("role", "progressbar");
    fillProgress(bar);
    return bar;
  }

  function fillProgress(bar) {
    const videos = ((lastRecords && lastRecords.videos) || [])
      .filter((v) => v.order_id === Number(bar.dataset.order)).sort((a, b) => a.position - b.position);
    const finished = videos.filter((v) => ["delivered", "failed", "cancelled"].includes(v.state)).length;
    const signature = videos.map((v) => v.state).join(",");
    if (bar.dataset.signature === signature) return;
    bar.dataset.signature = signature;
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(videos.length));
    bar.setAttribute("aria-valuenow", String(finished));
    bar.replaceChildren(...videos.map((v) => {
      const segment = el("span", "segment state-" + v.state);
      segment.title = `video ${v.position}: ${v.state}`;
      return segment;
    }));
    bar.hidden = videos.length === 0;
  }

  function updateProgress() {
    for (const bar of document.querySelectorAll(".progress[data-order]")) fillProgress(bar);
  }

  function keyboardNode(rows, messageID, invoice) {
    const keyboard = el("div", "keyboard");
    for (const row of rows) {
      const line = el("div", "row");
      for (const button of row) {
        if (button.url) {
          const link = el("a", "", button.text);
          link.href = button.url;
          link.target = "_blank";
          line.append(link);
        } else if (button.pay || (invoice && button.callback_data === undefined)) {
          line.append(payButton(button.text, messageID));
        } else if (button.callback_data !== undefined) {
          const tap = el("button", "kb", button.text);
          tap.type = "button";
          tap.dataset.callback = button.callback_data;
          tap.addEventListener("click", () => press(tap, messageID, button.callback_data));
          line.append(tap);
        }
      }
      keyboard.append(line);
    }
    if (invoice && !rows.length) keyboard.append(payButton(`Pay ${price(invoice)}`, messageID));
    return keyboard;
  }

  function payButton(text, messageID) {
    const pay = el("button", "kb", text);
    pay.type = "button";
    pay.addEventListener("click", async () => {
      try { await postJSON(userPath("pay"), { message_id: messageID }); } catch (error) { toast(error.message); }
      poll();
    });
    return pay;
  }

  async function press(button, messageID, data) {
    button.disabled = true;
    try {
      await postJSON(userPath("press"), { message_id: messageID, data });
    } catch (error) {
      toast(error.message);
    }
    setTimeout(() => { button.disabled = false; }, 1500);
    setTimeout(poll, 250);
  }

  function renderChat(messages) {
    const box = $("messages");
    $("empty-chat").hidden = messages.length > 0;
    let anchor = $("empty-chat");
    let appended = false;
    const present = new Set();
    for (const stored of messages) {
      const id = stored.message.message_id;
      present.add(id);
      const signature = JSON.stringify(stored);
      const known = rendered.get(id);
      let node = known && known.node;
      if (!known) {
        node = messageNode(stored);
        appended = true;
      } else if (known.signature !== signature) {
        const fresh = messageNode(stored, known.node);
        known.node.replaceWith(fresh);
        node = fresh;
      }
      if (anchor.nextSibling !== node) anchor.after(node);
      rendered.set(id, { signature, node });
      anchor = node;
    }
    for (const [id, entry] of rendered) {
      if (!present.has(id)) { entry.node.remove(); rendered.delete(id); }
    }
    if (appended) box.scrollTop = box.scrollHeight;
  }

  function keepScrolledDown() {
    const box = $("messages");
    if (box.scrollHeight - box.scrollTop - box.clientHeight < 600) box.scrollTop = box.scrollHeight;
  }

  // ---- Sending ----

  function takeCaption() {
    const input = $("text-input");
    const caption = input.value.trim();
    input.value = "";
    return caption;
  }

  async function sendText(text) {
    await postJSON(userPath("text"), { text });
    setTimeout(poll, 250);
  }

  // Telegram recompresses a photo to a JPEG of at most 1280 px on the long side; the page does the same.
  function toJPEG(source, width, height) {
    const scale = Math.min(1, 1280 / Math.max(width, height));
    const canvas = el("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
  }

  async function uploadPhoto(jpeg) {
    const caption = takeCaption();
    const query = caption ? "&" + new URLSearchParams({ caption }) : "";
    await request("POST", userPath("photo") + query, jpeg, "image/jpeg");
    setTimeout(poll, 250);
  }

  async function sendFile(file) {
    if ($("as-file").checked) {
      const fields = { file_name: file.name, mime_type: file.type || "application/octet-stream" };
      const caption = takeCaption();
      if (caption) fields.caption = caption;
      await request("POST", userPath("document") + "&" + new URLSearchParams(fields), file,
        "application/octet-stream");
      setTimeout(poll, 250);
      return;
    }
    const bitmap = await createImageBitmap(file);
    await uploadPhoto(await toJPEG(bitmap, bitmap.width, bitmap.height));
  }

  // A sample photo carries its name in a JPEG comment, as a camera names its files; the OpenAI stand-in reads it.
  async function sendSample(sample) {
    const canvas = el("canvas");
    canvas.width = 960;
    canvas.height = 1280;
    sample.draw(canvas.getContext("2d"), canvas.width, canvas.height);
    const jpeg = new Uint8Array(await (await toJPEG(canvas, canvas.width, canvas.height)).arrayBuffer());
    const name = new TextEncoder().encode(SAMPLE_NAME_PREFIX + (sample.titles[user.lang] || sample.titles.en));
    const length = name.length + 2;
    const comment = new Uint8Array([0xFF, 0xFE, length >> 8, length & 0xFF, ...name]);
    await uploadPhoto(new Blob([jpeg.slice(0, 2), comment, jpeg.slice(2)], { type: "image/jpeg" }));
  }

  function showSamples() {
    for (const sample of window.SamplePhotos || []) {
      const button = el("button", "sample");
      button.type = "button";
      button.title = `Send a photo of a ${sample.titles.en.toLowerCase()}`;
      button.dataset.sample = sample.id;
      const thumb = el("canvas");
      thumb.width = 96;
      thumb.height = 128;
      sample.draw(thumb.getContext("2d"), thumb.width, thumb.height);
      button.append(thumb);
      button.addEventListener("click", () => sendSample(sample).catch((error) => toast(error.message)));
      $("samples").append(button);
    }
  }

  // ---- Polling ----

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const [chat, records, tasks] = await Promise.all([
        getJSON(`/sandbox/telegram/users/${user.id}/chat`),
        getJSON(`/sandbox/records/users/${user.id}`).catch(() => null),
        getJSON("/sandbox/kie/tasks").catch(() => null),
      ]);
      if (records) lastRecords = records;
      renderChat(chat.messages);
      if (records) {
        updateProgress();
        window.OperatorPanel.renderRecords(records);
      }
      if (tasks) window.OperatorPanel.renderTasks(tasks.tasks);
    } catch (error) {
      toast("The sandbox is not answering: " + error.message);
    } finally {
      polling = false;
    }
  }

  function showUser() {
    $("user-id").value = user.id;
    $("user-name").value = user.name;
    $("user-lang").value = user.lang;
    localStorage.setItem("sandbox-user", JSON.stringify(user));
  }

  $("user-form").addEventListener("submit", (event) => {
    event.preventDefault();
    user.id = Number($("user-id").value) || user.id;
    user.name = $("user-name").value.trim() || user.name;
    user.lang = $("user-lang").value;
    showUser();
    history.replaceState(null, "", `?${new URLSearchParams({ user: user.id, name: user.name, lang: user.lang })}`);
    for (const entry of rendered.values()) entry.node.remove();
    rendered.clear();
    $("balance").textContent = "—";
    poll();
  });

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text-input").value.trim();
    if (!text) return;
    $("text-input").value = "";
    sendText(text).catch((error) => toast(error.message));
  });

  $("file-input").addEventListener("change", () => {
    const file = $("file-input").files[0];
    $("file-input").value = "";
    if (file) sendFile(file).catch((error) => toast(error.message));
  });

  getJSON("/sandbox/page/bot").then((bot) => { $("bot-name").textContent = bot.name; }).catch(() => {});
  showUser();
  showSamples();
  window.OperatorPanel.showScriptButtons();
  poll();
  setInterval(poll, 1000);
})();
"""#
}
