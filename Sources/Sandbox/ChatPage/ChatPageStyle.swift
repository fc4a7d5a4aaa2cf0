/// The chat page's style: Telegram's look (wallpaper, bubbles, inline keyboards) without any external asset.
enum ChatPageStyle {
    static let text = #"""
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
/* Telegram's stack, then the colour emoji fonts (Noto Color Emoji on Linux), so buttons' emoji are drawn in colour. */
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "DejaVu Sans", sans-serif,
  "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; color: #0f1419; background: #f4f4f5;
  display: flex; flex-direction: column; }
.muted { color: #707579; font-size: 12px; }
.topbar { display: flex; align-items: center; gap: 16px; padding: 8px 16px; background: #fff;
  border-bottom: 1px solid #dfe1e5; flex-wrap: wrap; }
.bot { display: flex; align-items: center; gap: 10px; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: linear-gradient(135deg, #5eb5f7, #3a7bd5);
  color: #fff; display: grid; place-items: center; font-weight: 700; }
.bot-name { font-weight: 600; }
.user-form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-left: auto; }
.user-form input, .user-form select { width: 110px; padding: 3px 6px; }
.user-form #user-id { width: 90px; }
.balance { font-size: 15px; padding: 4px 10px; background: #eef6ff; border-radius: 12px; }
.layout { flex: 1; display: flex; min-height: 0; }
.chat { flex: 1; display: flex; flex-direction: column; min-width: 0;
  background: radial-gradient(circle at 20% 20%, #dfe8cf 0, transparent 40%),
    radial-gradient(circle at 80% 60%, #c4d6b6 0, transparent 45%), #cfdcc4; }
.messages { flex: 1; overflow-y: auto; padding: 16px 12% 8px; display: flex; flex-direction: column; gap: 6px; }
.empty { text-align: center; color: #4a5a40; margin-top: 30vh; }
.msg { display: flex; flex-direction: column; max-width: 70%; }
.msg.from-bot { align-self: flex-start; }
.msg.from-user { align-self: flex-end; align-items: flex-end; }
.bubble { background: #fff; border-radius: 12px; padding: 6px 10px 4px; box-shadow: 0 1px 1px rgba(0,0,0,.12);
  overflow: hidden; }
.from-bot .bubble { border-bottom-left-radius: 4px; }
.from-user .bubble { background: #effdde; border-bottom-right-radius: 4px; }
.bubble img, .bubble video { display: block; max-width: 320px; max-height: 420px; border-radius: 8px; margin: 2px 0 4px;
  background: #000; }
.bubble video { object-fit: cover; }
.media { position: relative; }
.media .play { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); width: 52px; height: 52px;
  border: 0; border-radius: 50%; background: rgba(0, 0, 0, .45); cursor: pointer; display: grid; place-items: center; }
.media .play::before { content: ""; margin-left: 5px; border-style: solid; border-width: 10px 0 10px 17px;
  border-color: transparent transparent transparent #fff; }
.media .play:hover { background: rgba(0, 0, 0, .6); }
.media .play[hidden] { display: none; }
.media .duration { position: absolute; top: 8px; left: 6px; background: rgba(0, 0, 0, .45); color: #fff; font-size: 12px;
  padding: 1px 7px; border-radius: 10px; pointer-events: none; }
.progress { display: flex; gap: 3px; margin: 7px 0 2px; min-width: 220px; }
.progress[hidden] { display: none; }
.progress .segment { flex: 1; height: 6px; border-radius: 3px; background: #dfe6ee; }
.progress .segment.state-delivered { background: #4fae4e; }
.progress .segment.state-failed { background: #e53935; }
.progress .segment.state-cancelled { background: #a9b0b6; }
.progress .segment.state-submitting, .progress .segment.state-generating, .progress .segment.state-downloading,
.progress .segment.state-delivering { background: linear-gradient(90deg, #3a8ee6, #9ccbff, #3a8ee6);
  background-size: 200% 100%; animation: progress 1.2s linear infinite; }
@keyframes progress { from { background-position: 200% 0; } to { background-position: 0 0; } }
.bubble .text { white-space: pre-wrap; word-wrap: break-word; }
.bubble .meta { text-align: right; color: #8a9a80; font-size: 11px; margin-top: 2px; }
.bubble .document { display: flex; gap: 8px; align-items: center; }
.invoice { min-width: 240px; margin-bottom: 2px; }
.invoice-title { font-weight: 600; color: #3a7bd5; }
.invoice-description { margin: 2px 0 6px; }
.invoice-total { display: flex; align-items: baseline; gap: 8px; }
.invoice-amount { font-weight: 600; font-size: 16px; }
.invoice-label { font-size: 11px; letter-spacing: .06em; color: #8a9a80; }
.keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; width: 100%; }
.keyboard .row { display: flex; gap: 4px; }
.keyboard button, .keyboard a { flex: 1; border: 0; border-radius: 8px; padding: 7px 10px; cursor: pointer;
  background: rgba(74, 104, 60, .45); color: #fff; font: inherit; text-align: center; text-decoration: none; }
.keyboard button:hover, .keyboard a:hover { background: rgba(74, 104, 60, .65); }
.keyboard button:disabled { opacity: .6; cursor: progress; }
.samples { display: flex; gap: 8px; align-items: center; padding: 6px 12%; }
.sample { border: 2px solid transparent; border-radius: 8px; padding: 0; cursor: pointer; background: none; }
.sample:hover { border-color: #3a7bd5; }
.sample canvas { display: block; width: 48px; height: 64px; border-radius: 6px; }
.composer { display: flex; gap: 8px; align-items: center; padding: 8px 12% 14px; }
.composer #text-input { flex: 1; padding: 10px 14px; border-radius: 20px; border: 1px solid #c9d3c0; font: inherit; }
.composer button, .attach { border: 0; background: #3a7bd5; color: #fff; border-radius: 20px; padding: 9px 16px;
  cursor: pointer; font: inherit; }
.attach { background: #fff; color: #3a7bd5; font-size: 18px; padding: 5px 10px; }
.as-file { font-size: 12px; color: #334; }
.panel { width: 420px; overflow-y: auto; background: #fff; border-left: 1px solid #dfe1e5; padding: 8px 14px 24px; }
.panel h2 { font-size: 14px; margin: 14px 0 6px; }
.panel #outcome-count { width: 46px; }
.outcomes { display: flex; flex-wrap: wrap; gap: 5px; }
.outcomes button { border: 1px solid #c9d1dc; background: #f7f9fb; border-radius: 6px; padding: 4px 8px; cursor: pointer;
  font: inherit; font-size: 12px; }
.outcomes button:hover { background: #e8f0fb; }
.script-log { font-size: 12px; color: #445; padding-left: 18px; max-height: 110px; overflow-y: auto; }
table { width: 100%; border-collapse: collapse; font-size: 12px; }
th, td { text-align: left; padding: 2px 4px; border-bottom: 1px solid #eef0f2; vertical-align: top; }
th { color: #707579; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.state-delivered, .state-done, .delta-plus { color: #1d7a33; }
.state-failed, .delta-minus { color: #b3261e; }
.state-cancelled { color: #8a6d00; }
.toast { position: fixed; left: 50%; bottom: 90px; transform: translateX(-50%); background: rgba(20, 24, 28, .85);
  color: #fff; padding: 8px 14px; border-radius: 8px; max-width: 60%; }
@media (max-width: 900px) { .layout { flex-direction: column; } .panel { width: auto; }
  .messages, .samples, .composer { padding-left: 8px; padding-right: 8px; } }
"""#
}
