/// The frame every page shares: head (own stylesheet only; the CSP allows nothing else), navigation,
/// and the logout form carrying the session's CSRF token.
enum Layout {
    static let sections: [(path: String, title: String)] = [("/", "Overview"), ("/explore", "Explore"), ("/live", "Live")]

    static func page(title: String, identity: Identity?, active: String, refreshSeconds: Int? = nil,
                     scripts: [String] = [], body: String) -> String {
        var h = HTMLBuilder()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        if let refreshSeconds { h.raw("<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">") }
        h.raw("<title>")
        h.text(title)
        h.raw(" · Mitsu</title><link rel=\"stylesheet\" href=\"/static/mitsu.css\">")
        for s in scripts { h.raw("<script src=\"/static/\(s)\" defer></script>") }
        h.raw("</head><body><header><span class=\"brand\">Mitsu</span><nav>")
        if let identity {
            for s in sections {
                h.raw("<a href=\"\(s.path)\"\(s.path == active ? " class=\"active\"" : "")>\(s.title)</a>")
            }
            h.raw("</nav><form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
            h.text(identity.csrf ?? "")
            h.raw("\"><span>")
            h.text(identity.user)
            h.raw("</span> <button type=\"submit\">Log out</button></form>")
        } else {
            h.raw("</nav>")
        }
        h.raw("</header><main>")
        h.raw(body)
        h.raw("</main></body></html>\n")
        return h.html
    }
}
