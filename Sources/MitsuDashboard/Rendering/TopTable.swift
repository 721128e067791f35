import MitsuStore

/// A "top N" panel: a table with a count column and a small SVG bar (the CSP forbids inline styles,
/// so widths are SVG attributes). Cells are escaped; a column may link to a page with the value as a
/// percent-encoded path segment or filter.
struct TopTable {
    var title: String
    var headers: [String]
    var rows: [TopEntry]
    /// For column i, the link a cell's value leads to (value already URL-encoded by the closure).
    var link: [Int: (String) -> String] = [:]

    func render() -> String {
        var h = HTMLBuilder()
        h.raw("<section class=\"panel\"><h2>")
        h.text(title)
        h.raw("</h2>")
        guard !rows.isEmpty else {
            h.raw("<p class=\"empty\">No data in this range.</p></section>")
            return h.html
        }
        let maxCount = max(1, rows.map(\.count).max() ?? 1)
        h.raw("<table><thead><tr>")
        for header in headers { h.raw("<th>"); h.text(header); h.raw("</th>") }
        h.raw("<th class=\"num\">count</th><th></th></tr></thead><tbody>")
        for row in rows {
            h.raw("<tr>")
            for (i, value) in row.values.enumerated() {
                h.raw("<td>")
                if let value, let makeLink = link[i] {
                    h.raw("<a href=\"")
                    h.text(makeLink(value))
                    h.raw("\">")
                    h.text(value)
                    h.raw("</a>")
                } else {
                    h.text(value ?? "–")
                }
                h.raw("</td>")
            }
            let w = max(1, 80 * row.count / maxCount)
            h.raw("<td class=\"num\">\(row.count)</td><td><svg width=\"80\" height=\"8\" class=\"bar\"><rect width=\"\(w)\" height=\"8\"/></svg></td></tr>")
        }
        h.raw("</tbody></table></section>")
        return h.html
    }
}
