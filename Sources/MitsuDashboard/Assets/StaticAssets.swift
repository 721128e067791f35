import Hummingbird
import NIOCore

/// `/static/…`: the stylesheet and the two scripts, compiled into the binary so the dashboard works
/// air-gapped and the CSP can stay `'self'`.
extension Dashboard {
    func addStaticRoutes(to router: Router<DashboardContext>) {
        let assets: [(String, String, String)] = [
            ("mitsu.css", "text/css; charset=utf-8", Stylesheet.text),
            ("live.js", "text/javascript; charset=utf-8", LiveScript.text),
            ("player.js", "text/javascript; charset=utf-8", PlayerScript.text),
        ]
        // Browsers ask for it on every page; answering keeps the request from being redirected to /login.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        for (name, type, text) in assets {
            router.get("/static/\(name)") { _, _ in
                var r = Responses.text(text, contentType: type)
                r.headers[.cacheControl] = "max-age=3600"
                return r
            }
        }
    }
}

enum Stylesheet {
    static let text = """
    :root { --fg: #1d2330; --muted: #667; --line: #dde; --accent: #2b5fb4; }
    body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: var(--fg); background: #f6f7fa; }
    header { display: flex; align-items: center; gap: 1.5em; padding: .6em 1.2em; background: #1d2330; color: #fff; }
    header a { color: #cfd8ff; text-decoration: none; margin-right: 1em; } header a.active { color: #fff; font-weight: 600; }
    .brand { font-weight: 700; letter-spacing: .05em; } .logout { margin-left: auto; } nav { flex: 1; }
    main { padding: 1em 1.2em; } h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin: .2em 0 .5em; }
    .totals { display: flex; gap: 1em; margin: 1em 0; } .total { background: #fff; border: 1px solid var(--line); padding: .8em 1.2em; }
    .figure { font-size: 1.8em; font-weight: 700; display: block; }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 1em; }
    .panel { background: #fff; border: 1px solid var(--line); padding: .8em; margin-bottom: 1em; overflow: auto; }
    table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .2em .5em; border-bottom: 1px solid var(--line); vertical-align: top; }
    td.num, th.num { text-align: right; } .attacker { font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
    .bar rect { fill: var(--accent); } .chart { width: 100%; max-width: 900px; height: auto; } .chart .tick, .chart .legend { font-size: 10px; fill: var(--muted); }
    .chart .axis { stroke: var(--muted); } .empty { color: var(--muted); } .error { color: #b00; } .warning { color: #a50; font-weight: 600; }
    .filters label, .range label { margin-right: .6em; display: inline-block; } .filters input { width: 10em; }
    .range a { margin-right: .5em; } .range a.active { font-weight: 700; }
    .login { max-width: 22em; margin: 4em auto; background: #fff; padding: 1.5em; border: 1px solid var(--line); }
    .login label { display: block; margin: .6em 0; } .login input { width: 100%; }
    pre.json { background: #fff; border: 1px solid var(--line); padding: 1em; }
    .player pre { background: #111; color: #ddd; padding: .6em; min-height: 20em; font: 13px/1.2 ui-monospace, monospace; white-space: pre; overflow: auto; }
    tr.new td { background: #fffbe0; } .status { font-size: .7em; color: var(--muted); } .cc { color: var(--muted); }
    .map { width: 100%; max-width: 1000px; height: auto; display: block; } .worldmap { margin: 0; }
    .map .c { stroke: #fff; stroke-width: .4; } .map .l0 { fill: #e3e6ee; } .map .l1 { fill: #c6dbef; } .map .l2 { fill: #9ecae1; }
    .map .l3 { fill: #6baed6; } .map .l4 { fill: #3182bd; } .map .l5 { fill: #08519c; } .map a:hover .c, .map a:focus .c { stroke: #1d2330; stroke-width: 1; }
    .map path.seen { stroke: #e15759; stroke-width: .8; } .map path.hit { fill: #e15759; } .map circle.dot { fill: #e15759; stroke: #fff; stroke-width: .5; }
    .map circle.dot.old { fill: #f28e2b; opacity: .7; } .map .legend text { font-size: 12px; fill: var(--muted); } .offmap { font-size: .85em; color: var(--muted); }
    dl.facts { display: grid; grid-template-columns: 8em 1fr; } dl.facts dt { color: var(--muted); }
    """
}
