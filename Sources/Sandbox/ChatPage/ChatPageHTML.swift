/// The chat page's markup: a Telegram-like chat on the left, the operator's panel on the right.
enum ChatPageHTML {
    static let text = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NeuroCards sandbox</title>
<link rel="stylesheet" href="/chat/style.css">
</head>
<body>
<header class="topbar">
  <div class="bot">
    <div class="avatar" aria-hidden="true">NC</div>
    <div>
      <div id="bot-name" class="bot-name">NeuroCards</div>
      <div class="muted">bot · local sandbox</div>
    </div>
  </div>
  <form id="user-form" class="user-form" title="The Telegram user you are playing">
    <label>User id <input id="user-id" type="number" min="1" required></label>
    <label>Name <input id="user-name" maxlength="64" required></label>
    <label>Language <select id="user-lang"><option value="en">en</option><option value="ru">ru</option></select></label>
    <button type="submit">Switch user</button>
  </form>
  <div class="balance">Balance <strong id="balance">—</strong> 💎</div>
</header>
<main class="layout">
  <section class="chat" aria-label="Chat with the bot">
    <div id="messages" class="messages" aria-live="polite">
      <p id="empty-chat" class="empty">Say <code>/start</code> to begin.</p>
    </div>
    <div class="samples" id="samples"><span class="muted">Sample product photos:</span></div>
    <form id="composer" class="composer">
      <label class="attach" title="Send a photo from this computer">📎
        <input type="file" id="file-input" accept="image/*" hidden>
      </label>
      <label class="as-file" title="Send the image as a file (a document), not as a compressed photo">
        <input type="checkbox" id="as-file"> as file
      </label>
      <input id="text-input" autocomplete="off" placeholder="Message (also the caption of the next photo)">
      <button type="submit" id="send-button">Send</button>
    </form>
  </section>
  <aside class="panel" aria-label="Operator panel">
    <h2>Next KIE outcome</h2>
    <p class="muted">Applies to the next
      <input id="outcome-count" type="number" min="1" max="20" value="1"> video task(s); then success again.</p>
    <div id="kie-outcomes" class="outcomes"></div>
    <h2>Next photo analysis (OpenAI)</h2>
    <div id="openai-faults" class="outcomes"></div>
    <ol id="script-log" class="script-log"></ol>
    <h2>Videos</h2>
    <table id="videos-table"></table>
    <h2>Ledger <span class="muted" id="ledger-check"></span></h2>
    <table id="ledger-table"></table>
    <h2>Jobs</h2>
    <table id="jobs-table"></table>
    <h2>KIE tasks</h2>
    <table id="tasks-table"></table>
  </aside>
</main>
<div id="toast" class="toast" role="status" hidden></div>
<script src="/chat/helpers.js"></script>
<script src="/chat/samples.js"></script>
<script src="/chat/panel.js"></script>
<script src="/chat/app.js"></script>
</body>
</html>
"""#
}
