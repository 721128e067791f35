/// The session page's asciicast v2 player: a small terminal (cursor moves, erase, scrolling; colours
/// dropped) drawn into a <pre> through `textContent`, so recorded attacker output is never markup.
/// Pauses longer than 2 s are shortened, as asciinema's idle limit does.
enum PlayerScript {
    static let text = #"""
    (function () {
      "use strict";
      function Screen(w, h) {
        this.w = w; this.h = h; this.x = 0; this.y = 0; this.rows = [];
        for (var i = 0; i < h; i++) { this.rows.push([]); }
        this.state = 0; this.params = "";
      }
      Screen.prototype.newline = function () {
        this.y++;
        if (this.y >= this.h) { this.rows.shift(); this.rows.push([]); this.y = this.h - 1; }
      };
      Screen.prototype.put = function (ch) {
        if (this.x >= this.w) { this.x = 0; this.newline(); }
        var row = this.rows[this.y];
        while (row.length < this.x) { row.push(" "); }
        row[this.x] = ch; this.x++;
      };
      Screen.prototype.csi = function (final) {
        var p = this.params.replace(/[?>]/g, "").split(";").map(function (v) { return parseInt(v, 10); });
        var n = isNaN(p[0]) ? 1 : p[0];
        switch (final) {
          case "A": this.y = Math.max(0, this.y - n); break;
          case "B": this.y = Math.min(this.h - 1, this.y + n); break;
          case "C": this.x = Math.min(this.w - 1, this.x + n); break;
          case "D": this.x = Math.max(0, this.x - n); break;
          case "G": this.x = Math.min(this.w - 1, Math.max(0, n - 1)); break;
          case "H": case "f":
            this.y = Math.min(this.h - 1, Math.max(0, (isNaN(p[0]) ? 1 : p[0]) - 1));
            this.x = Math.min(this.w - 1, Math.max(0, (isNaN(p[1]) ? 1 : p[1]) - 1)); break;
          case "J":
            if (p[0] === 2 || p[0] === 3) { for (var i = 0; i < this.h; i++) { this.rows[i] = []; } }
            else { this.rows[this.y].length = Math.min(this.rows[this.y].length, this.x); for (var j = this.y + 1; j < this.h; j++) { this.rows[j] = []; } }
            break;
          case "K": this.rows[this.y].length = Math.min(this.rows[this.y].length, this.x); break;
          default: break;
        }
      };
      Screen.prototype.write = function (s) {
        for (var i = 0; i < s.length; i++) {
          var c = s[i];
          if (this.state === 1) {
            if (c === "[") { this.state = 2; this.params = ""; } else if (c === "]") { this.state = 3; } else { this.state = 0; }
            continue;
          }
          if (this.state === 2) {
            if (c >= "@" && c <= "~") { this.csi(c); this.state = 0; } else if (this.params.length < 32) { this.params += c; }
            continue;
          }
          if (this.state === 3) {
            if (c === "\u0007") { this.state = 0; } else if (c === "\u001b") { this.state = 1; }
            continue;
          }
          if (c === "\u001b") { this.state = 1; }
          else if (c === "\r") { this.x = 0; }
          else if (c === "\n") { this.newline(); }
          else if (c === "\b") { this.x = Math.max(0, this.x - 1); }
          else if (c === "\t") { this.x = Math.min(this.w - 1, (Math.floor(this.x / 8) + 1) * 8); }
          else if (c >= " " && c !== "\u007f") { this.put(c); }
        }
      };
      Screen.prototype.text = function () {
        return this.rows.map(function (r) { return r.join(""); }).join("\n");
      };

      function Player(root, cast) {
        var lines = cast.split("\n").filter(function (l) { return l.trim().length > 0; });
        var header = {};
        try { header = JSON.parse(lines[0]); } catch (e) { header = {}; }
        this.width = Math.min(Math.max(header.width || 80, 20), 400);
        this.height = Math.min(Math.max(header.height || 24, 5), 200);
        this.frames = [];
        var t = 0, last = 0;
        for (var i = 1; i < lines.length; i++) {
          var ev;
          try { ev = JSON.parse(lines[i]); } catch (e) { continue; }
          if (!Array.isArray(ev) || ev[1] !== "o" || typeof ev[2] !== "string") { continue; }
          var at = Number(ev[0]) || 0;
          t += Math.min(Math.max(at - last, 0), 2); last = at;
          this.frames.push([t, ev[2]]);
        }
        this.root = root;
        this.pre = document.createElement("pre");
        this.pre.className = "screen";
        var bar = document.createElement("div");
        this.button = document.createElement("button");
        this.button.type = "button"; this.button.className = "play"; this.button.textContent = "Play";
        this.speed = document.createElement("select");
        ["1", "2", "4", "8"].forEach(function (s) { var o = document.createElement("option"); o.value = s; o.textContent = s + "×"; this.speed.appendChild(o); }, this);
        this.progress = document.createElement("span");
        this.progress.className = "progress";
        bar.appendChild(this.button); bar.appendChild(this.speed); bar.appendChild(this.progress);
        root.appendChild(bar); root.appendChild(this.pre);
        var self = this;
        this.button.addEventListener("click", function () { self.toggle(); });
        this.reset();
      }
      Player.prototype.reset = function () {
        this.screen = new Screen(this.width, this.height); this.index = 0; this.clock = 0; this.timer = null;
        this.pre.textContent = ""; this.show();
      };
      Player.prototype.show = function () {
        this.pre.textContent = this.screen.text();
        this.progress.textContent = " " + this.index + "/" + this.frames.length;
        this.root.setAttribute("data-frame", String(this.index));
      };
      Player.prototype.toggle = function () {
        if (this.timer) { clearTimeout(this.timer); this.timer = null; this.button.textContent = "Play"; return; }
        if (this.index >= this.frames.length) { this.reset(); }
        this.button.textContent = "Pause";
        this.step();
      };
      Player.prototype.step = function () {
        var self = this;
        if (this.index >= this.frames.length) { this.timer = null; this.button.textContent = "Replay"; this.root.setAttribute("data-done", "1"); return; }
        var frame = this.frames[this.index];
        this.screen.write(frame[1]); this.index++; this.show();
        var next = this.frames[this.index];
        var wait = next ? (next[0] - frame[0]) * 1000 / Number(this.speed.value) : 0;
        this.timer = setTimeout(function () { self.step(); }, Math.max(wait, 0));
      };

      Array.prototype.forEach.call(document.querySelectorAll(".player[data-src]"), function (root) {
        var src = root.getAttribute("data-src");
        if (src.charAt(0) !== "/") { return; }
        fetch(src, { credentials: "same-origin" }).then(function (r) { return r.text(); })
          .then(function (text) { new Player(root, text); })
          .catch(function () { root.textContent = "recording could not be loaded"; });
      });
    })();
    """#
}
