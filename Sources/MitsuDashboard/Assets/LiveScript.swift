/// The live page's script: listens to `/api/v1/live` (first resuming after the newest event the page
/// showed, `data-last-id`; on reconnects the browser sends `Last-Event-ID` itself), inserts a row per
/// event, lights up the event's country on the map (`path[data-cc]`, a code checked to be two capital
/// letters before it goes into a selector) and drops a dot at its GeoIP location (Equal Earth, the
/// projection scripts/make-worldmap.py used). Attacker strings are only ever assigned to `textContent`
/// or passed through `encodeURIComponent` into a path of our own.
enum LiveScript {
    static let text = #"""
    (function () {
      "use strict";
      var container = document.getElementById("live");
      var status = document.getElementById("live-status");
      if (!container || !window.EventSource) { return; }
      var columns = ["time", "event", "honeypot", "source", "port", "user", "password", "detail", "session"];
      function body() {
        var existing = container.querySelector("table.events tbody");
        if (existing) { return existing; }
        container.textContent = "";
        var table = document.createElement("table");
        table.className = "events";
        var head = table.createTHead().insertRow();
        columns.forEach(function (c) { var th = document.createElement("th"); th.textContent = c; head.appendChild(th); });
        var tbody = document.createElement("tbody");
        table.appendChild(tbody);
        container.appendChild(table);
        return tbody;
      }
      function cell(row, text, href, cls) {
        var td = row.insertCell();
        if (cls) { td.className = cls; }
        var value = text === undefined || text === null ? "" : String(text);
        if (href) {
          var a = document.createElement("a");
          a.setAttribute("href", href);
          a.textContent = value;
          td.appendChild(a);
        } else {
          td.textContent = value;
        }
      }
      function summary(e) {
        if (e.input) { return e.input; }
        if (e.http) { return [e.http.method, e.http.uri].filter(Boolean).join(" "); }
        if (e.alert) { return e.alert.signature; }
        if (e.url) { return e.url; }
        if (e.filename) { return e.filename; }
        if (e.payload) { return e.payload.printable; }
        if (e.client_version) { return e.client_version; }
        return e.message || "";
      }
      var map = document.getElementById("live-map");
      var SVGNS = "http://www.w3.org/2000/svg";
      function project(lon, lat) {
        var A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
        var xmax = 2 * Math.sqrt(3) * Math.PI / (3 * A1);
        var scale = (Number(map.getAttribute("data-width")) || 1000) / (2 * xmax);
        var l = lon * Math.PI / 180, t = Math.asin(M * Math.sin(lat * Math.PI / 180));
        var t2 = t * t, t6 = t2 * t2 * t2;
        var x = 2 * Math.sqrt(3) * l * Math.cos(t) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1));
        var y = t * (A4 * t6 * t2 + A3 * t6 + A2 * t2 + A1);
        return [(x + xmax) * scale, -y * scale];
      }
      function light(e) {
        var g = e.geoip;
        if (!map || !g || typeof g !== "object") { return; }
        var cc = g.country_code2;
        if (typeof cc === "string" && /^[A-Z]{2}$/.test(cc)) {
          var path = map.querySelector('path[data-cc="' + cc + '"]');
          if (path) {
            var n = (parseInt(path.getAttribute("data-count"), 10) || 0) + 1;
            path.setAttribute("data-count", String(n));
            var title = path.querySelector("title");
            if (title) { title.textContent = title.textContent.replace(/: \d+ (\S+)$/, ": " + n + " $1"); }
            path.classList.add("hit", "seen");
            if (path.classList.contains("l0")) { path.classList.remove("l0"); path.classList.add("l1"); }
            clearTimeout(path.mitsuTimer);
            path.mitsuTimer = setTimeout(function () { path.classList.remove("hit"); }, 3000);
            map.setAttribute("data-last-hit", cc);
          }
        }
        var lat = Number(g.latitude), lon = Number(g.longitude);
        if (typeof g.latitude === "number" && typeof g.longitude === "number" && isFinite(lat) && isFinite(lon)
            && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
          var p = project(lon, lat);
          var dot = document.createElementNS(SVGNS, "circle");
          dot.setAttribute("class", "dot");
          dot.setAttribute("cx", p[0].toFixed(1));
          dot.setAttribute("cy", p[1].toFixed(1));
          dot.setAttribute("r", "4");
          map.appendChild(dot);
          setTimeout(function () { dot.setAttribute("r", "2"); dot.classList.add("old"); }, 3000);
          var dots = map.querySelectorAll("circle.dot");
          if (dots.length > 200) { dots[0].parentNode.removeChild(dots[0]); }
        }
      }
      var last = container.getAttribute("data-last-id");
      var source = new EventSource("/api/v1/live" + (last && /^[0-9]+$/.test(last) ? "?last_event_id=" + last : ""));
      source.onopen = function () { status.textContent = "live"; };
      source.onerror = function () { status.textContent = "reconnecting…"; };
      source.addEventListener("event", function (message) {
        var data = JSON.parse(message.data);
        var e = data.event;
        var tbody = body();
        var row = tbody.insertRow(0);
        row.className = "new";
        cell(row, String(e["@timestamp"]).replace("T", " ").replace("Z", ""), "/events/" + encodeURIComponent(data.id));
        cell(row, e.event);
        cell(row, e.honeypot);
        cell(row, e.src_ip, e.src_ip ? "/attackers/" + encodeURIComponent(e.src_ip) : null);
        cell(row, e.dest_port);
        cell(row, e.username, null, "attacker");
        cell(row, e.password, null, "attacker");
        cell(row, String(summary(e)).slice(0, 200), null, "attacker detail");
        cell(row, e.session ? String(e.session).slice(0, 8) : "", e.session ? "/sessions/" + encodeURIComponent(e.session) : null);
        while (tbody.rows.length > 500) { tbody.deleteRow(tbody.rows.length - 1); }
        light(e);
      });
    })();
    """#
}
