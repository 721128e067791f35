/// The live page's script: listens to `/api/v1/live` and inserts a row per event. Attacker strings are
/// only ever assigned to `textContent` or passed through `encodeURIComponent` into a path of our own.
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
      var source = new EventSource("/api/v1/live");
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
      });
    })();
    """#
}
