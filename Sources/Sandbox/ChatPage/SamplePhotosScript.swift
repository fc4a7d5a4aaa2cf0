/// Sample product photos the page draws itself on a canvas (a mug, a bottle, a box), so the sandbox needs no image
/// files: each is turned into a JPEG in the browser and sent like a photo from the phone's gallery.
enum SamplePhotosScript {
    static let text = #"""
"use strict";
// Each sample draws a product on a studio backdrop; `draw(ctx, w, h)` works at any size.
window.SamplePhotos = (() => {
  function backdrop(ctx, w, h, top, bottom) {
    const wall = ctx.createLinearGradient(0, 0, 0, h);
    wall.addColorStop(0, top);
    wall.addColorStop(1, bottom);
    ctx.fillStyle = wall;
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = "rgba(0, 0, 0, 0.18)";
    ctx.beginPath();
    ctx.ellipse(w * 0.5, h * 0.8, w * 0.32, h * 0.035, 0, 0, Math.PI * 2);
    ctx.fill();
  }

  function shade(ctx, x, w, base, light) {
    const g = ctx.createLinearGradient(x, 0, x + w, 0);
    g.addColorStop(0, base);
    g.addColorStop(0.35, light);
    g.addColorStop(1, base);
    return g;
  }

  const mug = (ctx, w, h) => {
    backdrop(ctx, w, h, "#f3efe8", "#d9d2c6");
    const x = w * 0.26, y = h * 0.42, bw = w * 0.4, bh = h * 0.38;
    ctx.lineWidth = w * 0.05;
    ctx.strokeStyle = "#d8dde3";
    ctx.beginPath();
    ctx.ellipse(x + bw, y + bh * 0.45, w * 0.11, h * 0.1, 0, -Math.PI / 2, Math.PI / 2);
    ctx.stroke();
    ctx.fillStyle = shade(ctx, x, bw, "#cfd6dd", "#ffffff");
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + bw, y);
    ctx.lineTo(x + bw * 0.97, y + bh);
    ctx.quadraticCurveTo(x + bw * 0.5, y + bh * 1.06, x + bw * 0.03, y + bh);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = "#b9c2cb";
    ctx.beginPath();
    ctx.ellipse(x + bw / 2, y, bw / 2, h * 0.025, 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = "#2f6fb5";
    ctx.font = `bold ${Math.round(w * 0.06)}px sans-serif`;
    ctx.textAlign = "center";
    ctx.fillText("NC", x + bw / 2, y + bh * 0.55);
  };

  const bottle = (ctx, w, h) => {
    backdrop(ctx, w, h, "#e4f1f3", "#b9d4d9");
    const cx = w * 0.5, top = h * 0.18, bw = w * 0.26, bodyTop = h * 0.38, bottom = h * 0.8;
    ctx.fillStyle = "#1f2d3a";
    ctx.fillRect(cx - bw * 0.22, top, bw * 0.44, h * 0.07);
    ctx.fillStyle = shade(ctx, cx - bw / 2, bw, "#2f8f6f", "#7fd6b5");
    ctx.beginPath();
    ctx.moveTo(cx - bw * 0.18, top + h * 0.07);
    ctx.lineTo(cx + bw * 0.18, top + h * 0.07);
    ctx.bezierCurveTo(cx + bw * 0.2, bodyTop - h * 0.05, cx + bw / 2, bodyTop - h * 0.04, cx + bw / 2, bodyTop);
    ctx.lineTo(cx + bw / 2, bottom - h * 0.02);
    ctx.quadraticCurveTo(cx + bw / 2, bottom, cx + bw / 2 - w * 0.02, bottom);
    ctx.lineTo(cx - bw / 2 + w * 0.02, bottom);
    ctx.quadraticCurveTo(cx - bw / 2, bottom, cx - bw / 2, bottom - h * 0.02);
    ctx.lineTo(cx - bw / 2, bodyTop);
    ctx.bezierCurveTo(cx - bw / 2, bodyTop - h * 0.04, cx - bw * 0.2, bodyTop - h * 0.05, cx - bw * 0.18, top + h * 0.07);
    ctx.fill();
    ctx.fillStyle = "#f6f3e9";
    ctx.fillRect(cx - bw / 2, h * 0.5, bw, h * 0.16);
    ctx.fillStyle = "#2f8f6f";
    ctx.font = `bold ${Math.round(w * 0.045)}px sans-serif`;
    ctx.textAlign = "center";
    ctx.fillText("AQUA", cx, h * 0.59);
  };

  const box = (ctx, w, h) => {
    backdrop(ctx, w, h, "#f7ece6", "#e0c9bd");
    const x = w * 0.2, y = h * 0.48, bw = w * 0.56, bh = h * 0.3, depth = w * 0.12;
    ctx.fillStyle = "#c0392b";
    ctx.fillRect(x, y, bw, bh);
    ctx.fillStyle = "#e15b4c";
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + depth, y - depth * 0.7);
    ctx.lineTo(x + bw + depth, y - depth * 0.7);
    ctx.lineTo(x + bw, y);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = "#922b21";
    ctx.beginPath();
    ctx.moveTo(x + bw, y);
    ctx.lineTo(x + bw + depth, y - depth * 0.7);
    ctx.lineTo(x + bw + depth, y + bh - depth * 0.7);
    ctx.lineTo(x + bw, y + bh);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(x, y + bh * 0.42, bw, bh * 0.14);
    ctx.font = `bold ${Math.round(w * 0.05)}px sans-serif`;
    ctx.textAlign = "center";
    ctx.fillStyle = "#ffffff";
    ctx.fillText("RUN", x + bw / 2, y + bh * 0.3);
  };

  return [
    { id: "mug", titles: { en: "White mug", ru: "Белая кружка" }, draw: mug },
    { id: "bottle", titles: { en: "Green bottle", ru: "Зелёная бутылка" }, draw: bottle },
    { id: "box", titles: { en: "Shoe box", ru: "Обувная коробка" }, draw: box },
  ];
})();
"""#
}
